"""Open data: knowledge base → {path under the site: file content} for JSON, CSV and datapackage.

Pure functions; the MkDocs hook writes them into every build under `data/`. The CSV columns are
declared once (`CSV_TABLES`): the CSV files, the Frictionless descriptor and the Data page use them.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable

from ..check.schemas import value_labels
from ..i18n import N_, SOURCE, Translator
from ..model.model import KnowledgeBase, Record

DATA_PREFIX = "data"


@dataclass(frozen=True)
class Column:
    """One CSV column: its name, Table Schema type, meaning, and how to read it from a record."""

    name: str
    type: str  # Frictionless Table Schema type: string, integer, boolean, date, year
    description: str  # in English (the open data's language); pages translate it (`column_description`)
    value: Callable[[Record, KnowledgeBase], Any]
    values_of: str = ""  # for an enumerated column: the schema whose field it is (its values are listed)


def _field(name: str) -> Callable[[Record, KnowledgeBase], Any]:
    return lambda record, kb: record.get(name)


def _joined(name: str) -> Callable[[Record, KnowledgeBase], Any]:
    return lambda record, kb: "; ".join(record.get(name, ())) or None


def _sources(record: Record, kb: KnowledgeBase) -> str:
    return " ".join(source["url"] for source in record["sources"])


def _nested(outer: str, inner: str) -> Callable[[Record, KnowledgeBase], Any]:
    return lambda record, kb: record.get(outer, {}).get(inner)


def one_of(schema: str, field: str, tr: Translator = SOURCE) -> str:
    """`law, strategy or practice.`: the values a field allows, from its schema; with their labels where they differ."""
    named = [
        value
        if label.lower() == value.replace("-", " ") and tr.language == SOURCE.language
        else f"{value} ({tr.gettext(label)})"
        for value, label in value_labels(schema, field).items()
    ]
    if len(named) == 1:
        return named[0] + "."
    return tr.gettext("%(values)s or %(last)s.", values=", ".join(named[:-1]), last=named[-1])


def _enumerated(name: str, schema: str) -> Column:
    """A column of a field with enumerated values, described by the values the schema allows."""
    return Column(name, "string", one_of(schema, name), _field(name), values_of=schema)


def column_description(column: Column, tr: Translator) -> str:
    """A column's meaning in the translator's language."""
    return one_of(column.values_of, column.name, tr) if column.values_of else tr.gettext(column.description)


_KEY = Column(
    "id",
    "string",
    N_("Record id; for practices <iso2>/<id>. Stable: it names the record's JSON file."),
    lambda r, kb: r.key,
)
_SOURCES = Column("sources", "string", N_("Source URLs, separated by spaces."), _sources)

CSV_TABLES: dict[str, tuple[Column, ...]] = {
    "practices": (
        _KEY,
        Column(
            "country",
            "string",
            N_("ISO 3166-1 alpha-2 code of the state, upper case."),
            lambda r, kb: r["country"].upper(),
        ),
        Column(
            "country_name",
            "string",
            N_("Short name of the state, as the sources use it."),
            lambda r, kb: kb.get("states", r["country"]).label,
        ),
        Column("title", "string", N_("Title in English."), _field("title")),
        _enumerated("kind", "practice"),
        Column("topics", "string", N_("Topic ids, separated by '; '."), _joined("topics")),
        Column(
            "year",
            "integer",
            N_(
                "Year of adoption, launch or publication; where sources differ, the earliest (the JSON has every "
                "value with its source)."
            ),
            _field("year"),
        ),
        Column("summary", "string", N_("Plain-text summary, at most 300 characters."), _field("summary")),
        _enumerated("provenance", "practice"),
        _enumerated("status", "practice"),
        Column(
            "consensus_meeting",
            "string",
            N_("Id of the meeting that agreed to share it, if any."),
            _nested("consensus", "meeting"),
        ),
        Column(
            "last_verified",
            "date",
            N_("Date the record was last checked against its sources."),
            _field("last_verified"),
        ),
        _SOURCES,
    ),
    "meetings": (
        _KEY,
        Column("body", "string", N_("Id of the CICA body that met."), _field("body")),
        Column("name", "string", N_("Name of the meeting, or body and date."), lambda r, kb: r.label),
        Column("start", "string", N_("Start date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD."), _field("start")),
        Column("end", "date", N_("Last day, for meetings of more than one day."), _field("end")),
        _enumerated("status", "meeting"),
        Column("city", "string", N_("City where it took place."), _nested("venue", "city")),
        Column(
            "state", "string", N_("ISO code (lower case) of the state where it took place."), _nested("venue", "state")
        ),
        Column("mode", "string", N_("online or hybrid, when the sources say so."), _nested("venue", "mode")),
        Column("chair_name", "string", N_("Name of the chair, if sourced."), _nested("chair", "name")),
        Column("chair_state", "string", N_("ISO code (lower case) of the chair's state."), _nested("chair", "state")),
        Column("reports_to", "string", N_("Id of the meeting it prepared."), _field("reports_to")),
        Column("decisions", "integer", N_("Number of decisions recorded."), lambda r, kb: len(r.get("decisions", ()))),
        _SOURCES,
    ),
    "states": (
        _KEY,
        Column("iso_code", "string", N_("ISO 3166-1 alpha-2 code."), _field("iso_code")),
        Column("name", "string", N_("Short name, as the sources use it."), _field("name")),
        Column("official_name", "string", N_("Official name (ISO 3166-1)."), _field("official_name")),
        _enumerated("status", "state"),
        Column(
            "founding_member",
            "boolean",
            N_("One of the founding members (1999–2002)."),
            lambda r, kb: bool(r.get("founding_member")),
        ),
        Column(
            "member_since",
            "string",
            N_(
                "Date of membership, as precise as the sources give it; where sources differ, the earliest (the "
                "JSON has every value with its source)."
            ),
            _field("member_since"),
        ),
        Column(
            "observer_since",
            "string",
            N_(
                "Date of observer status, as precise as the sources give it; where sources differ, the earliest "
                "(the JSON has every value with its source)."
            ),
            _field("observer_since"),
        ),
        Column(
            "practices",
            "integer",
            N_("Number of practices in the knowledge base."),
            lambda r, kb: len(kb.index("practices_by_country", r.key)),
        ),
        _SOURCES,
    ),
}


def thaw(value: Any) -> Any:
    """Plain JSON-ready data from a frozen record (MappingProxyType → dict, tuple → list)."""
    if isinstance(value, MappingProxyType):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def json_list(items: list[str]) -> str:
    """`json_text` of a list, made of the `json_text` of each item: each record is written three times (its own
    file, its collection's, its state's), and the standard library indents JSON in pure Python, slowly. Each line
    of an item moves in by two spaces; JSON text has no line break inside a string."""
    if not items:
        return "[]\n"
    return "[\n" + ",\n".join("  " + item.rstrip("\n").replace("\n", "\n  ") for item in items) + "\n]\n"


def record_path(record: Record) -> str:
    """`data/practices/kz/law-on-volunteer-activity.json`: follows the record's key."""
    return f"{DATA_PREFIX}/{record.collection}/{record.key}.json"


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): `=HYPERLINK(…)` in a title
# would be a link that sends the sheet's data away. The writer makes such a cell inert the way OWASP advises (a
# leading single quote, every text cell in double quotes) rather than the checker refusing the text: a real title
# may start with "-" or "+", the JSON files keep the exact text, and the danger exists only in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(kb: KnowledgeBase, collection: str, records: tuple[Record, ...] | None = None) -> str:
    """One row per record (all of the collection unless `records`); UTF-8 with a byte-order mark so spreadsheets
    detect the encoding."""
    columns = CSV_TABLES[collection]
    out = io.StringIO()
    # Quoted text cells stay whole even where a spreadsheet splits on ";" rather than ",".
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(column.name for column in columns)
    for record in kb.all(collection) if records is None else records:
        writer.writerow(_cell(column.value(record, kb)) for column in columns)
    return "\ufeff" + out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def datapackage(kb: KnowledgeBase) -> dict[str, Any]:
    """A Frictionless Data Package descriptor for the CSV files."""
    return {
        "name": "cica-knowledge-base",
        "title": "CICA Knowledge Base",
        "description": (
            "States, meetings and national practices of the CICA Knowledge Base; every record cites its sources."
        ),
        "licenses": [{"name": "other-at", "title": "Facts from the public sources cited in each record"}],
        "resources": [
            {
                "name": collection,
                "path": f"{collection}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {
                    "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in columns],
                    "primaryKey": ["id"],
                },
            }
            for collection, columns in CSV_TABLES.items()
        ],
    }


def downloads(kb: KnowledgeBase) -> dict[str, str]:
    """Every open-data file of a build: per-record and per-collection JSON, CSV, the descriptor."""
    files: dict[str, str] = {}
    for collection in kb.records:
        ordered = kb.all(collection)
        for record in ordered:
            files[record_path(record)] = json_text(thaw(record.data))
        files[f"{DATA_PREFIX}/{collection}.json"] = json_list([files[record_path(record)] for record in ordered])
    for collection in CSV_TABLES:
        files[f"{DATA_PREFIX}/{collection}.csv"] = csv_text(kb, collection)
    files[f"{DATA_PREFIX}/datapackage.json"] = json_text(datapackage(kb))
    for state in kb.all("states"):
        practices = kb.index("practices_by_country", state.key)
        if practices:
            csv_path, json_path = state_practice_files(state)
            files[csv_path] = csv_text(kb, "practices", practices)
            files[json_path] = json_list([files[record_path(practice)] for practice in practices])
    return files


def state_practice_files(state: Record) -> tuple[str, str]:
    """The CSV and JSON files of one state's practices (beside the folder of their own JSON files)."""
    return f"{DATA_PREFIX}/practices/{state.key}.csv", f"{DATA_PREFIX}/practices/{state.key}.json"
