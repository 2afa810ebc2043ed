"""The validated knowledge base: immutable records and the indexes that pages need."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import Any, Callable, Hashable, Iterable, Mapping, TypeVar

from ..i18n import SOURCE_LANGUAGE, translator
from ..load.collections import COLLECTION_BY_NAME, values_at
from .dates import human_date, human_range
from .differences import differing_values


def freeze(value: Any) -> Any:
    """A read-only deep copy: mappings become MappingProxyType, lists become tuples."""
    if isinstance(value, dict):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(freeze(item) for item in value)
    return value


def sort_key(text: str) -> str:
    """Alphabetical order that ignores case and diacritics, so Türkiye sorts as Turkiye."""
    if text.isascii():  # most names: no diacritics to take off (NFKD leaves ASCII as it is)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


@dataclass(frozen=True)
class Record:
    """One data file: its collection, unique key, source path, generated page and its fields."""

    collection: str
    key: str
    path: str
    page: str
    data: Mapping[str, Any]
    label: str = ""
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)  # line of each top-level field in its file
    translation: Any = field(default=None, compare=False)  # localize.Translation: how its text came into its language

    def __getitem__(self, name: str) -> Any:
        return self.data[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def differing(self, name: str) -> tuple[Mapping[str, Any], ...]:
        """The values the sources give for a field, earliest first, each with its source; empty when they agree."""
        return differing_values(self.data, name)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


def label_for(record: Record, grouped: Mapping[str, Mapping[str, Record]], language: str = SOURCE_LANGUAGE) -> str:
    """The record's human name: its name or title; meetings and chairmanships are described (in `language`)."""
    if record.collection == "meetings":
        when = human_range(record["start"], record.get("end"), language)
        return f"{record.data.get('title') or grouped['bodies'][record['body']].data['name']}, {when}"
    own = record.data.get("name") or record.data.get("title")
    if own:
        return own
    if record.collection == "chairmanships":
        tr, state = translator(language), grouped["states"][record["state"]].data["name"]
        if "from" in record.data:
            start, end = human_date(record["from"], language), human_date(record["to"], language)
            return tr.gettext("Chairmanship of %(state)s, %(start)s – %(end)s", state=state, start=start, end=end)
        until = human_date(record["to"], language, governed=True)
        return tr.gettext("Chairmanship of %(state)s, until %(end)s", state=state, end=until)
    return record.key


@dataclass(frozen=True)
class Concern:
    """A meeting decision that concerns a record."""

    meeting: Record
    decision: Mapping[str, Any]


Derived = TypeVar("Derived")


@dataclass(frozen=True)
class AreaRole:
    """A state's role in a priority area of a dimension."""

    dimension: Record
    area: Mapping[str, Any]
    role: str


@dataclass(frozen=True)
class KnowledgeBase:
    """All records by collection and key, with the cross-indexes that pages are built from."""

    records: Mapping[str, Mapping[str, Record]]
    concerns: Mapping[tuple[str, str], tuple[Concern, ...]] = field(default_factory=dict)
    related: Mapping[str, Mapping[str, tuple[Record, ...]]] = field(default_factory=dict)
    area_roles: Mapping[str, tuple[AreaRole, ...]] = field(default_factory=dict)

    def has(self, collection: str, key: str) -> bool:
        return key in self.records.get(collection, {})

    def get(self, collection: str, key: str) -> Record:
        return self.records[collection][key]

    def all(self, collection: str) -> tuple[Record, ...]:
        """Records of a collection in their natural order (see `ordered`)."""
        return self._in_order.get(collection, ())

    @cached_property
    def _in_order(self) -> Mapping[str, tuple[Record, ...]]:
        """Every collection sorted once: pages ask for `all` thousands of times on a large site."""
        return {name: ordered(name, group.values()) for name, group in self.records.items()}

    def count(self, collection: str) -> int:
        return len(self.records.get(collection, {}))

    @cached_property
    def _derived(self) -> dict[Hashable, Any]:
        return {}

    def derived(self, key: Hashable, make: Callable[[], Derived]) -> Derived:
        """A value made from this knowledge base alone (e.g. the feeds of the site), made once and kept with it."""
        if key not in self._derived:
            self._derived[key] = make()
        value: Derived = self._derived[key]
        return value

    def index(self, name: str, key: str) -> tuple[Record, ...]:
        """Records related to `key` through the named index, e.g. index('practices_by_country', 'kz')."""
        return self.related.get(name, {}).get(key, ())

    def concerning(self, collection: str, key: str) -> tuple[Concern, ...]:
        return self.concerns.get((collection, key), ())

    def states_with_status(self, status: str) -> tuple[Record, ...]:
        return tuple(state for state in self.all("states") if state["status"] == status)

    def observer_organizations(self) -> tuple[Record, ...]:
        """Organisations with observer status in CICA."""
        return tuple(o for o in self.all("organizations") if any(r["type"] == "observer" for r in o["relations"]))

    def roles_of(self, state: str) -> tuple[AreaRole, ...]:
        return self.area_roles.get(state, ())


def ordered(collection: str, records: Iterable[Record]) -> tuple[Record, ...]:
    """States and the like alphabetically; meetings and chairmanships by date; practices by title."""
    if collection in ("meetings",):
        return tuple(sorted(records, key=lambda r: (str(r["start"]), r.key)))
    if collection == "chairmanships":
        return tuple(sorted(records, key=lambda r: (str(r.get("to")), r.key)))
    if collection == "dimensions":
        return tuple(sorted(records, key=lambda r: (r["order"], r.key)))
    if collection == "documents":
        return tuple(sorted(records, key=lambda r: (str(r.get("date", "9999")), r.key)))
    return tuple(sorted(records, key=lambda r: (sort_key(r.label or r.key), r.key)))


def build_knowledge_base(records: Iterable[Record], language: str = "en") -> KnowledgeBase:
    """Group records by collection and compute every cross-index once (labels and order in `language`)."""
    grouped: dict[str, dict[str, Record]] = {name: {} for name in COLLECTION_BY_NAME}
    for record in records:
        grouped[record.collection][record.key] = record
    for group in grouped.values():
        for key, record in group.items():
            group[key] = replace(record, label=label_for(record, grouped, language))
    frozen = MappingProxyType({name: MappingProxyType(group) for name, group in grouped.items()})
    return KnowledgeBase(frozen, _concerns(grouped), _related(grouped), _area_roles(grouped))


def _concerns(grouped: dict[str, dict[str, Record]]) -> Mapping[tuple[str, str], tuple[Concern, ...]]:
    found: dict[tuple[str, str], list[Concern]] = defaultdict(list)
    for meeting in ordered("meetings", grouped["meetings"].values()):
        for decision in meeting.get("decisions", ()):
            for collection, keys in decision.get("concerns", {}).items():
                for key in keys:
                    found[(collection, key)].append(Concern(meeting, decision))
    return MappingProxyType({key: tuple(value) for key, value in found.items()})


# Each index: the records of a collection by the key their reference fields (`x-references` in the schema) name.
REVERSE_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "practices_by_country": ("practices", ("country",)),
    "practices_by_topic": ("practices", ("topics[]",)),
    "meetings_by_body": ("meetings", ("body",)),
    "meetings_by_state": ("meetings", ("host", "venue.state", "chair.state")),  # chaired, hosted or held there
    "meetings_prepared_for": ("meetings", ("reports_to",)),
    "chairmanships_by_state": ("chairmanships", ("state",)),
    "bodies_reporting_to": ("bodies", ("reports_to",)),
    "topics_by_dimension": ("topics", ("dimension",)),
    "documents_adopted_at": ("documents", ("adopted_at",)),
    "documents_updating": ("documents", ("updates",)),
}


def _references(collection: str, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The fields, each checked to be a reference the schema declares (a renamed field fails here, not in silence)."""
    declared = {reference.field for reference in COLLECTION_BY_NAME[collection].references}
    unknown = [field for field in fields if field not in declared]
    if unknown:
        raise KeyError(f"{collection}: {unknown} not declared as references (x-references) in the schema")
    return fields


def _related(grouped: dict[str, dict[str, Record]]) -> Mapping[str, Mapping[str, tuple[Record, ...]]]:
    """Inverse indexes: from a key to the records that point at it, in natural order."""
    rules = {
        name: (collection, _references(collection, fields)) for name, (collection, fields) in REVERSE_INDEXES.items()
    }
    index: dict[str, dict[str, list[Record]]] = {name: defaultdict(list) for name in rules}
    for name, (collection, keys_of) in rules.items():
        for record in grouped[collection].values():
            for key in dict.fromkeys(value for path in keys_of for _, value in values_at(record.data, path)):
                index[name][key].append(record)
    return MappingProxyType(
        {
            name: MappingProxyType({key: ordered(rules[name][0], value) for key, value in by_key.items()})
            for name, by_key in index.items()
        }
    )


def _area_roles(grouped: dict[str, dict[str, Record]]) -> Mapping[str, tuple[AreaRole, ...]]:
    roles: dict[str, list[AreaRole]] = defaultdict(list)
    for dimension in ordered("dimensions", grouped["dimensions"].values()):
        for area in dimension["priority_areas"]:
            if "coordinator" in area:
                roles[area["coordinator"]].append(AreaRole(dimension, area, "coordinator"))
            for state in area.get("co_coordinators", ()):
                roles[state].append(AreaRole(dimension, area, "co-coordinator"))
    return MappingProxyType({state: tuple(value) for state, value in roles.items()})


def with_record(kb: KnowledgeBase, record: Record) -> KnowledgeBase:
    """The knowledge base with one record replaced, its indexes as they were: enough to render that record's page
    at once after an edit (a preview); lists that the edit changes follow from a full build of the knowledge base."""
    group = dict(kb.records[record.collection])
    group[record.key] = replace(record, label=label_for(record, kb.records))
    records = MappingProxyType({**kb.records, record.collection: MappingProxyType(group)})
    return KnowledgeBase(records, kb.concerns, kb.related, kb.area_roles)
