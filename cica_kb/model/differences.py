"""Sources that disagree (`sources_differ`): each value of a field with its source, checked and shown.

The field itself holds the earliest value (a year field its year), so sorting, the finder's facets
and the exports read one value; pages show every value with the source that gives it.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..check.schemas import compiled
from ..i18n import SOURCE_LANGUAGE
from ..load.loader import LoadedFile
from ..problems import Problem
from .dates import earliest, human_date, parse_partial

DIFFER = "sources_differ"


def _day(value: str) -> tuple[tuple[int, int, int], int]:
    """Earliest day a partial date can mean; the less precise first when two start on the same day."""
    parts = parse_partial(value) or (int(value[:4]),)
    return earliest(parts), len(parts)


def earliest_value(values: Sequence[Mapping[str, Any]]) -> str:
    """The earliest of the values the sources give."""
    return min((str(item["value"]) for item in values), key=_day)


def field_value(value: str, field_type: Any) -> str | int:
    """What the field itself holds for a value: the text, or the year for an integer field."""
    return int(value[:4]) if field_type == "integer" else value


def _well_formed(differ: Any) -> bool:
    values = differ.get("values") if isinstance(differ, dict) else None
    return (
        isinstance(values, list)
        and bool(values)
        and all(
            isinstance(item, dict) and isinstance(item.get("value"), str) and parse_partial(item["value"])
            for item in values
        )
    )


def difference_problems(loaded: LoadedFile, schema: str) -> list[Problem]:
    """Each field under `sources_differ` holds the earliest of its values (malformed entries: the schema reports
    them)."""
    data = loaded.data
    differing = data.get(DIFFER)
    if not isinstance(differing, dict):
        return []
    properties = compiled(schema).schema.get("properties", {})
    found = []
    for field, differ in differing.items():
        if field not in properties or not _well_formed(differ):
            continue
        wanted = field_value(earliest_value(differ["values"]), properties[field].get("type"))
        if field not in data:
            found.append(
                loaded.problem(
                    (DIFFER, field),
                    f"{field} is missing: write {field}: {wanted!r}, the earliest value the sources give (sorting "
                    "and the finder use it)",
                    key=True,
                )
            )
        elif data[field] != wanted:
            found.append(
                loaded.problem(
                    (field,),
                    f"{data[field]!r} is not the earliest value under {DIFFER}.{field}; write {wanted!r} (sorting "
                    "and the finder use the earliest)",
                )
            )
    return found


def differing_values(record_data: Mapping[str, Any], field: str) -> tuple[Mapping[str, Any], ...]:
    """The values the sources give for a field, earliest first; empty when they agree."""
    differ = record_data.get(DIFFER, {}).get(field)
    return tuple(sorted(differ["values"], key=lambda item: _day(str(item["value"])))) if differ else ()


def differing_summary(values: Sequence[Mapping[str, Any]], language: str = SOURCE_LANGUAGE) -> str:
    """`22 October 2004 (CICA), 2006 (China Daily)`: plain text, for the caller to escape."""
    return ", ".join(f"{human_date(str(item['value']), language)} ({item['according_to']})" for item in values)
