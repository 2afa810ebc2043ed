"""Partial dates (YYYY, YYYY-MM, YYYY-MM-DD): checking, ordering and display in each language of the site.

Day and month names come from Babel (CLDR), not from hand-made tables. English keeps the site's
day-first form (`14 March 2024`); other languages use their locale's long form (`14 марта 2024 г.`).
"""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache

from babel.dates import format_date, format_skeleton

from ..i18n import SOURCE_LANGUAGE

# How a full date and a year and month are written, by language: a CLDR pattern ("d MMMM y"), a format
# name of the locale ("long") or, after "skeleton:", a skeleton the locale fills in (the month in the
# nominative case where the language has one: "март 2024 г."). The third form is a year and month after a
# preposition ("from", "until", "since"), where Russian puts the month in the genitive: "до июня 2010 г.".
DATE_FORMS: dict[str, tuple[str, str, str]] = {
    "en": ("d MMMM y", "MMMM y", "MMMM y"),
    "ru": ("long", "skeleton:yMMMM", "MMMM y\N{NARROW NO-BREAK SPACE}'г'."),  # as CLDR writes the year
}
LOCALE_FORMS = ("long", "skeleton:yMMMM", "skeleton:yMMMM")


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


@lru_cache(maxsize=16_384)
def _formatted(day: date, form: str, language: str) -> str:
    """Babel's formatting of a day (slow beside the rest of a page): each day, form and language once per process."""
    if form.startswith("skeleton:"):
        return format_skeleton(form.removeprefix("skeleton:"), day, locale=language)
    return format_date(day, form, locale=language)


def human_date(text: str, language: str = SOURCE_LANGUAGE, governed: bool = False) -> str:
    """`14 March 2024`, `March 2024` or `2024`; in Russian `14 марта 2024 г.`, `март 2024 г.` or `2024`.

    `governed`: the date follows a preposition ("until %(date)s"), which in Russian takes `июня 2010 г.`.
    """
    parts = parse_partial(text) or (int(str(text)[:4]),)
    full, month, after_preposition = DATE_FORMS.get(language, LOCALE_FORMS)
    if len(parts) == 3:
        return _formatted(date(*parts), full, language)
    if len(parts) == 2:
        return _formatted(date(parts[0], parts[1], 1), after_preposition if governed else month, language)
    return str(parts[0])


def end_sentence(text: str) -> str:
    """Text followed by a full stop, unless it ends with one already (`14 марта 2024 г.`)."""
    return text if text.endswith(".") else f"{text}."


def human_range(start: str, end: str | None, language: str = SOURCE_LANGUAGE) -> str:
    """`12–13 October 2022`, `11 October 2021 – 2 November 2021`, or one date (`12–13 октября 2022 г.`)."""
    if not end or end == start:
        return human_date(start, language)
    first, last = parse_partial(start), parse_partial(end)
    if first and last and len(first) == len(last) == 3 and first[:2] == last[:2]:
        return f"{first[2]}–{human_date(end, language)}"
    return f"{human_date(start, language)} – {human_date(end, language)}"
