"""Every record collection in one table: where its files live, its schema, its references, its page.

This is the single place that says how a file under `data/` becomes a record and a page; the
validator, the knowledge base and the page plan all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


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
    title: str
    depth: int  # 1: data/<folder>/<id>.yml; 2: data/<folder>/<group>/<id>.yml
    references: tuple[Reference, ...] = ()

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


_DECISION = "decisions[].concerns"

COLLECTIONS: tuple[Collection, ...] = (
    Collection("states", "state", "States", 1),
    Collection("organizations", "organization", "Organizations", 1),
    Collection("bodies", "body", "Bodies", 1, (Reference("reports_to", "bodies"), Reference("heads[].state", "states"))),
    Collection("chairmanships", "chairmanship", "Chairmanships", 1, (Reference("state", "states"),)),
    Collection(
        "dimensions",
        "dimension",
        "Dimensions",
        1,
        (Reference("priority_areas[].coordinator", "states"), Reference("priority_areas[].co_coordinators[]", "states")),
    ),
    Collection("topics", "topic", "Topics", 1, (Reference("dimension", "dimensions"),)),
    Collection(
        "documents",
        "document",
        "Documents",
        1,
        (Reference("adopted_at", "meetings"), Reference("updates", "documents")),
    ),
    Collection(
        "meetings",
        "meeting",
        "Meetings",
        2,
        (
            Reference("body", "bodies"),
            Reference("venue.state", "states"),
            Reference("host", "states"),
            Reference("chair.state", "states"),
            Reference("reports_to", "meetings"),
            Reference(f"{_DECISION}.states[]", "states"),
            Reference(f"{_DECISION}.organizations[]", "organizations"),
            Reference(f"{_DECISION}.bodies[]", "bodies"),
            Reference(f"{_DECISION}.documents[]", "documents"),
            Reference(f"{_DECISION}.meetings[]", "meetings"),
            Reference(f"{_DECISION}.practices[]", "practices"),
            Reference(f"{_DECISION}.topics[]", "topics"),
        ),
    ),
    Collection(
        "practices",
        "practice",
        "Practices",
        2,
        (Reference("country", "states"), Reference("topics[]", "topics"), Reference("consensus.meeting", "meetings")),
    ),
)

COLLECTION_BY_NAME = {collection.name: collection for collection in COLLECTIONS}


def editor_settings() -> dict:
    """VS Code settings that give each data folder its schema (autocomplete and checks as you type)."""
    return {
        "yaml.schemas": {f"./schemas/{c.schema}.schema.json": c.glob for c in COLLECTIONS},
        "files.associations": {"*.md.j2": "jinja-md"},
    }
