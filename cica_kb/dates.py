"""Partial dates (YYYY, YYYY-MM, YYYY-MM-DD): checking, ordering and display."""

from __future__ import annotations

import calendar
from datetime import date

MONTHS = tuple(calendar.month_name)


def parse_partial(text: str) -> tuple[int, ...] | None:
    """(year,), (year, month) or (year, month, day); None if no such date exists."""
    parts = tuple(int(part) for part in str(text).split("-"))
    try:
        if len(parts) == 3:
            date(*parts)
        elif len(parts) == 2 and not 1 <= parts[1] <= 12:
            return None
    except ValueError:
        return None
    return parts


def earliest(parts: tuple[int, ...]) -> tuple[int, int, int]:
    """The first day a partial date can mean."""
    return (parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def latest(parts: tuple[int, ...]) -> tuple[int, int, int]:
    """The last day a partial date can mean."""
    month = parts[1] if len(parts) > 1 else 12
    return (parts[0], month, parts[2] if len(parts) > 2 else calendar.monthrange(parts[0], month)[1])


def human_date(text: str) -> str:
    """`14 March 2024`, `March 2024` or `2024`."""
    parts = parse_partial(text) or (int(str(text)[:4]),)
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1]]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1]]} {parts[0]}"
    return str(parts[0])


def human_range(start: str, end: str | None) -> str:
    """`12–13 October 2022`, `11 October – 2 November 2021`, or one date."""
    if not end or end == start:
        return human_date(start)
    first, last = parse_partial(start), parse_partial(end)
    if first and last and len(first) == len(last) == 3 and first[:2] == last[:2]:
        return f"{first[2]}–{human_date(end)}"
    return f"{human_date(start)} – {human_date(end)}"
