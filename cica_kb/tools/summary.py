"""The pull-request job summary: each added or changed record's key fields, as they will appear."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..check.schemas import value_labels
from ..check.translations import PROVENANCE_LABELS, field_label, texts_in, untranslated
from ..load.collections import COLLECTION_BY_NAME
from ..model.model import KnowledgeBase, Record
from ..render.pages import PROVENANCE, STATUS


def changed_data_files(root: Path, base: str) -> list[str]:
    """Data files added or modified since `base` (a git ref), repository-relative."""
    result = subprocess.run(
        ["git", "diff", "--name-only", "--diff-filter=AM", f"{base}...HEAD", "--", "data"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(line for line in result.stdout.splitlines() if line.endswith(".yml"))


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _rows(kb: KnowledgeBase, record: Record) -> list[tuple[str, str]]:
    rows = [("Title" if "title" in record.data else "Name", record.label)]
    if record.collection == "practices":
        rows += [
            ("Country", kb.get("states", record["country"]).label),
            ("Kind", value_labels("practice", "kind")[record["kind"]]),
            ("Year", record.get("year", "–")),
            ("Topics", ", ".join(record["topics"])),
            ("Provenance", PROVENANCE[record["provenance"]]),
            ("Status", STATUS[record["status"]]),
            ("Summary", record["summary"]),
        ]
    if "original_title" in record.data:
        original = record["original_title"]
        rows.append(("Original title", f"{original['text']} ({original['language']})"))
    rows += _translation_rows(record)
    rows.append(("Sources", " ".join(f"<{source['url']}>" for source in record["sources"])))
    return rows


def _translation_rows(record: Record) -> list[tuple[str, str]]:
    """Which translatable fields lack Russian text; or, when none does, whose translation it is."""
    collection = COLLECTION_BY_NAME[record.collection]
    if not collection.translatable_fields:
        return []
    missing = untranslated(collection, record.data)
    if missing:
        return [("Without Russian text", ", ".join(field_label(collection, field) for field in missing))]
    provenances = sorted({PROVENANCE_LABELS[value] for value in texts_in(collection, record.data).values()})
    return [("Russian text", f"every field ({', '.join(provenances)})")]


def summary_markdown(kb: KnowledgeBase, changed: list[str]) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY; records not found (deleted, renamed) are named, not dropped."""
    if not changed:
        return "No records were added or changed.\n"
    by_path = {record.path: record for records in kb.records.values() for record in records.values()}
    parts = [f"## {len(changed)} record{'s' if len(changed) != 1 else ''} added or changed\n"]
    for path in changed:
        record = by_path.get(path)
        if record is None:
            parts.append(f"### `{path}`\n\nNot a published record in this build.\n")
            continue
        table = "\n".join(f"| {label} | {_cell(value)} |" for label, value in _rows(kb, record))
        parts.append(
            f"### {_cell(record.label)}\n\n`{path}` → page `{record.page}`\n\n| Field | Value |\n|---|---|\n{table}\n"
        )
    return "\n".join(parts)
