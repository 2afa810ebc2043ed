"""Every record collection in one table: where its files live, its schema, its references, its page.

This is the single place that says how a file under `data/` becomes a record and a page; the
validator, the knowledge base and the page plan all read it. What a field refers to is said in the
schemas (`x-references`), not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Any, Iterator

from ..check.schemas import schema_references, schema_translatable_fields
from ..i18n import N_


@dataclass(frozen=True)
class Reference:
    """A field whose value names a record of another collection.

    `field` is a dotted path where `[]` means "each item", e.g. `decisions[].concerns.states[]`.
    """

    field: str
    target: str


@dataclass(frozen=True)
class Collection:
    """One kind of record: `data/<folder>/` files checked against `schemas/<schema>.schema.json`."""

    name: str
    schema: str
    title: str  # in English; pages translate it (marked for the catalogue)
    depth: int  # 1: data/<folder>/<id>.yml; 2: data/<folder>/<group>/<id>.yml

    @property
    def references(self) -> tuple[Reference, ...]:
        """The fields that name records of other collections: `x-references` in the schema."""
        return tuple(Reference(field, target) for field, target in schema_references(self.schema))

    @property
    def translatable_fields(self) -> tuple[str, ...]:
        """The free-text fields that may have Russian text (`translations.ru` in the schema): `decisions[].text`."""
        return schema_translatable_fields(self.schema)

    @property
    def glob(self) -> str:
        """The files of this collection, relative to the repository root."""
        return f"data/{self.name}/" + "*/" * (self.depth - 1) + "*.yml"

    def key_for(self, relative: PurePosixPath) -> str:
        """The record's unique key within its collection: its id, or `<group>/<id>` for practices."""
        return f"{relative.parent.name}/{relative.stem}" if self.name == "practices" else relative.stem

    def page_for(self, key: str, data: dict) -> str:
        """The generated page's path under docs/."""
        if self.name == "meetings":
            return f"meetings/{str(data['start'])[:4]}/{key}.md"
        return f"{self.name}/{key}.md"


COLLECTIONS: tuple[Collection, ...] = (
    Collection("states", "state", N_("States"), 1),
    Collection("organizations", "organization", N_("Organizations"), 1),
    Collection("bodies", "body", N_("Bodies"), 1),
    Collection("chairmanships", "chairmanship", N_("Chairmanships"), 1),
    Collection("dimensions", "dimension", N_("Dimensions"), 1),
    Collection("topics", "topic", N_("Topics"), 1),
    Collection("documents", "document", N_("Documents"), 1),
    Collection("meetings", "meeting", N_("Meetings"), 2),
    Collection("practices", "practice", N_("Practices"), 2),
)


def values_at(data: Any, field: str, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """The values at a reference's dotted field path (`name[]` is each item of the list `name`), with their paths."""
    return _values_along(data, _steps(field), path)


_MAPPINGS = (dict, MappingProxyType)  # loaded data and frozen records


@lru_cache(maxsize=None)
def _steps(field: str) -> tuple[tuple[str, bool], ...]:
    """A dotted field path as its steps: each name, and whether it stands for every item of a list."""
    return tuple((step.removesuffix("[]"), step.endswith("[]")) for step in field.split("."))


def _values_along(
    data: Any, steps: tuple[tuple[str, bool], ...], path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    (name, each), rest = steps[0], steps[1:]
    if not (type(data) in _MAPPINGS or isinstance(data, Mapping)) or name not in data:  # the common types first
        return
    found = data[name]
    if each:
        pairs = (
            [((*path, name, index), item) for index, item in enumerate(found)]
            if isinstance(found, (list, tuple))
            else []
        )
    else:
        pairs = [((*path, name), found)]
    for where, value in pairs:
        if rest:
            yield from _values_along(value, rest, where)
        else:
            yield where, value


COLLECTION_BY_NAME = {collection.name: collection for collection in COLLECTIONS}


def translatable_fields(collection: str, language: str = "ru") -> tuple[str, ...]:
    """The fields of a collection (`practices`) that may have text in `language`: its schema says which.

    Dotted fields where `name[]` is each item of the list `name`; `values_at(record, field)` reads them
    from a record, and from `record["translations"][language]` for the translated text.
    """
    return schema_translatable_fields(COLLECTION_BY_NAME[collection].schema, language)


def editor_settings() -> dict:
    """VS Code settings that give each data folder its schema (autocomplete and checks as you type)."""
    return {
        "yaml.schemas": {f"./schemas/{c.schema}.schema.json": c.glob for c in COLLECTIONS},
        "files.associations": {"*.md.j2": "jinja-md"},
    }
