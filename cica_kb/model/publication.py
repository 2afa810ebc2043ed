"""Consensus before publication: which practices a build may show.

Shared and reference entries are public. A pending entry is public only once its silence procedure
has ended (consensus.date on or before the build's day) without a recorded objection; otherwise it
appears only in previews (`make serve`, pull-request builds), labelled pending. Every exclusion is
returned so the build can list it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

from .model import KnowledgeBase, Record, build_knowledge_base


@dataclass(frozen=True)
class Exclusion:
    path: str
    reason: str


def silence_ended(practice: Record, as_of: date) -> bool:
    consensus = practice.get("consensus", {})
    ends = consensus.get("date")
    return bool(
        consensus.get("procedure") and ends and date.fromisoformat(ends) <= as_of and "objection" not in consensus
    )


def publishable(kb: KnowledgeBase, as_of: date, preview: bool) -> tuple[KnowledgeBase, list[Exclusion]]:
    """The knowledge base a build shows, and what it leaves out."""
    kept: list[Record] = []
    excluded: list[Exclusion] = []
    changed = False
    for records in kb.records.values():
        for record in records.values():
            shown = as_published(record, as_of, preview)
            if isinstance(shown, Exclusion):
                excluded.append(shown)
            else:
                kept.append(shown)
                changed = changed or shown is not record
    return (build_knowledge_base(kept) if changed or excluded else kb), excluded


def as_published(record: Record, as_of: date, preview: bool) -> Record | Exclusion:
    """One record as a build shows it (a pending entry whose silence has ended is shared), or why it is left out."""
    pending = record.collection == "practices" and record["status"] == "pending"
    if not pending or (preview and not silence_ended(record, as_of)):
        return record
    if silence_ended(record, as_of):
        return replace(record, data=MappingProxyType({**record.data, "status": "shared"}))
    why = "objection recorded" if "objection" in record.get("consensus", {}) else "awaiting consensus"
    return Exclusion(record.path, f"pending ({why})")
