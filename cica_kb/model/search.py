"""What the search index knows about a practice: its facets, by name, as the policy finder shows them.

Pagefind (run by the build hook over the built HTML) reads these from hidden elements on each
practice page. Values are the names readers see, never codes, so the finder's address is readable;
each language's pages carry the names in that language (the finder of /ru/ filters by Russian names).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from ..check.schemas import value_labels
from ..i18n import N_, SOURCE_LANGUAGE, translator
from .model import KnowledgeBase, Record, sort_key


@dataclass(frozen=True)
class Facet:
    key: str  # the filter's name in the index and in the finder's address
    label: str  # in English; `translator(language).gettext(label)` in a language


FACETS: tuple[Facet, ...] = (
    Facet("country", N_("Country")),
    Facet("topic", N_("Topic")),
    Facet("dimension", N_("Dimension")),
    Facet("kind", N_("Kind")),
    Facet("year", N_("Year")),
    Facet("provenance", N_("Provenance")),
    Facet("status", N_("Consensus status")),
)
KIND_NAMES = value_labels("practice", "kind")  # facet values: the schema's titles
PROVENANCE_NAMES = value_labels("practice", "provenance")
STATUS_NAMES = value_labels("practice", "status")
NO_YEAR = N_("No year given")


def practice_facets(kb: KnowledgeBase, practice: Record, language: str = SOURCE_LANGUAGE) -> list[tuple[str, str]]:
    """(facet key, value name) pairs of one practice; a facet with several values appears once per value."""
    tr = translator(language)
    topics = [kb.get("topics", key) for key in practice["topics"]]
    dimensions = sorted({kb.get("dimensions", topic["dimension"]).label for topic in topics if topic.get("dimension")})
    pairs = [("country", kb.get("states", practice["country"]).label)]
    pairs += [("topic", topic.label) for topic in topics]
    pairs += [("dimension", name) for name in dimensions]
    pairs += [
        ("kind", tr.label(KIND_NAMES, practice["kind"])),
        ("year", str(practice.get("year") or tr.gettext(NO_YEAR))),
        ("provenance", tr.label(PROVENANCE_NAMES, practice["provenance"])),
        ("status", tr.label(STATUS_NAMES, practice["status"])),
    ]
    return pairs


def facet_counts(kb: KnowledgeBase, language: str = SOURCE_LANGUAGE) -> dict[str, list[tuple[str, int]]]:
    """Every facet's values with the number of practices that have each, in the finder's order.

    Names sort alphabetically (states by the name the sources use), years from the latest.
    """
    counts: dict[str, Counter[str]] = {facet.key: Counter() for facet in FACETS}
    for practice in kb.all("practices"):
        for key, value in practice_facets(kb, practice, language):
            counts[key][value] += 1
    return {key: sorted(counter.items(), key=lambda item: _order(key, item[0])) for key, counter in counts.items()}


def _order(facet: str, value: str) -> tuple[int, str]:
    if facet == "year":
        return (0, f"{9999 - int(value):04d}") if value.isdigit() else (1, "")
    return (0, sort_key(value))


BROWSE_PATH = "search/practices.json"


def browse_index(kb: KnowledgeBase, language: str = SOURCE_LANGUAGE) -> str:
    """Every practice's address, title, year and facet values, compact, for the finder without words.

    Pagefind answers a search with words from small chunks; listing practices by facets alone would
    make it load its whole index, so the finder filters this list in the browser instead. Facet
    values are indexes into `values`, in FACETS order: names are written once, not per practice.
    """
    counts = facet_counts(kb, language)
    values = {facet.key: [name for name, _ in counts[facet.key]] for facet in FACETS}
    position = {key: {name: index for index, name in enumerate(names)} for key, names in values.items()}
    practices = []
    for practice in kb.all("practices"):
        chosen: dict[str, list[int]] = {facet.key: [] for facet in FACETS}
        for key, name in practice_facets(kb, practice, language):
            chosen[key].append(position[key][name])
        url = practice.page.removesuffix(".md") + "/"
        practices.append([url, practice.label, practice.get("year"), [chosen[facet.key] for facet in FACETS]])
    document = {"facets": [facet.key for facet in FACETS], "values": values, "practices": practices}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
