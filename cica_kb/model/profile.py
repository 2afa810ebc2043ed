"""What a state's page shows at the top and in its profile: chairmanships (which one is current on
the build's day), practices by topic with their kinds, and where its feed and downloads are.

Pure functions over the knowledge base; the build's day comes from the build context
(SOURCE_DATE_EPOCH), never the clock, so a page does not change between two builds of one commit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..i18n import SOURCE_LANGUAGE, translator
from ..render.diagram import NO_YEAR
from .dates import earliest, latest, parse_partial
from .model import KnowledgeBase, Record


@dataclass(frozen=True)
class TopicGroup:
    topic: Record
    practices: tuple[Record, ...]
    kinds: tuple[tuple[str, int], ...]  # (kind, count), in the schema's order of kinds


def _day(parts: tuple[int, int, int]) -> date:
    return date(*parts)


def term_includes(chairmanship: Record, day: str) -> bool:
    """Whether a chairmanship's term covers `day` (YYYY-MM-DD); a term without a start never does."""
    start, end = (
        parse_partial(str(chairmanship.get("from", ""))) if chairmanship.get("from") else None,
        parse_partial(str(chairmanship["to"])),
    )
    if not start or not end:
        return False
    return _day(earliest(start)) <= date.fromisoformat(day) <= _day(latest(end))


def current_chairmanship(kb: KnowledgeBase, day: str) -> Record | None:
    """The chairmanship whose term includes the build's day; the latest to start when terms overlap."""
    current = [chair for chair in kb.all("chairmanships") if term_includes(chair, day)]
    return max(current, key=lambda chair: str(chair["from"]), default=None)


def topic_groups(kb: KnowledgeBase, practices: tuple[Record, ...], kinds: tuple[str, ...]) -> tuple[TopicGroup, ...]:
    """The practices under each of their topics (a practice of two topics is under both), topics in the site's order."""
    groups = []
    for topic in kb.all("topics"):
        members = tuple(p for p in practices if topic.key in p["topics"])
        if members:
            counted = Counter(p["kind"] for p in members)
            groups.append(TopicGroup(topic, members, tuple((kind, counted[kind]) for kind in kinds if counted[kind])))
    return tuple(groups)


def kind_counts(practices: tuple[Record, ...], kinds: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """(kind, count) of the kinds these practices have, in the schema's order."""
    counted = Counter(p["kind"] for p in practices)
    return tuple((kind, counted[kind]) for kind in kinds if counted[kind])


def year_counts(practices: tuple[Record, ...], language: str = SOURCE_LANGUAGE) -> list[tuple[str, int]]:
    """(year, count) for the years these practices have, oldest first; those without a year last."""
    years = Counter(str(p["year"]) for p in practices if p.get("year"))
    undated = sum(1 for p in practices if not p.get("year"))
    return sorted(years.items()) + ([(translator(language).gettext(NO_YEAR), undated)] if undated else [])
