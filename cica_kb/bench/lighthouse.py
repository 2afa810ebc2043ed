"""Lighthouse's scores of the built site at phone settings, and what the Performance page shows of them: pure.

`make lighthouse` (cica_kb/bench/lighthouse_run.py) audits each page of `PAGES` a few times on a local server
that compresses as GitHub Pages does, and records the median of each figure in `docs/about/lighthouse.json`.
The targets are issue 15's.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median
from typing import Any

from ..i18n import N_, SOURCE_LANGUAGE, translator
from .results import kb, milliseconds, seconds

AUDIT_PATH = Path("docs/about/lighthouse.json")  # relative to the project root
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 90, "accessibility": 98, "best-practices": 100, "seo": 100}  # the least score each
CATEGORY_LABELS = {
    "performance": N_("Performance"),
    "accessibility": N_("Accessibility"),
    "best-practices": N_("Best practices"),
    "seo": N_("SEO"),
}
# Each kind of page a reader meets, in both languages' sites: the page's label and its path under the site.
PAGES: tuple[tuple[str, str], ...] = (
    (N_("Home page"), ""),
    (N_("Practice page"), "practices/kz/law-on-volunteer-activity/"),
    (N_("Policy finder"), "practices/find/"),
    (N_("Meeting page"), "meetings/2024/2024-12-17-ministerial-council/"),
    (N_("State page"), "states/kz/"),
    (N_("Home page in Russian"), "ru/"),
    (N_("Practice page in Russian"), "ru/practices/kz/law-on-volunteer-activity/"),
)


@dataclass(frozen=True)
class PageAudit:
    """The median of each figure over the runs of one page; scores 0–100."""

    label: str
    path: str
    runs: int
    scores: dict[str, int]  # by category
    largest_contentful_paint_ms: float
    total_blocking_time_ms: float
    cumulative_layout_shift: float
    transfer_bytes: int


@dataclass(frozen=True)
class Audit:
    lighthouse: str
    chromium: str
    date: str
    load: float  # the load average when the audits began
    pages: tuple[PageAudit, ...]


def page_audit(label: str, path: str, reports: list[dict[str, Any]]) -> PageAudit:
    """One page's figures from Lighthouse's JSON reports of its runs (the median of each)."""
    audits = [report["audits"] for report in reports]

    def figure(name: str) -> float:
        return float(median(float(found[name]["numericValue"]) for found in audits))

    return PageAudit(
        label=label,
        path=path,
        runs=len(reports),
        scores={
            category: round(median(100 * float(report["categories"][category]["score"] or 0) for report in reports))
            for category in CATEGORIES
        },
        largest_contentful_paint_ms=round(figure("largest-contentful-paint")),
        total_blocking_time_ms=round(figure("total-blocking-time")),
        cumulative_layout_shift=round(figure("cumulative-layout-shift"), 3),
        transfer_bytes=round(figure("total-byte-weight")),
    )


def audit_json(audit: Audit) -> str:
    return json.dumps(asdict(audit), indent=2, ensure_ascii=False) + "\n"


def read_audit(path: Path) -> Audit | None:
    """The recorded audit, or None when `make lighthouse` has not been run."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    pages = tuple(PageAudit(**page) for page in data.pop("pages"))
    return Audit(**data, pages=pages)


@dataclass(frozen=True)
class AuditReport:
    """What the Performance page shows: cells already in the page's language."""

    audit: Audit
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    missed: tuple[str, ...]  # "A state: performance 85 (target 90)", one per score under its target


def audit_report(audit: Audit, language: str = SOURCE_LANGUAGE) -> AuditReport:
    tr = translator(language)
    columns = (
        tr.gettext("Page"),
        *(
            tr.gettext("%(category)s (≥ %(least)s)", category=tr.gettext(CATEGORY_LABELS[c]), least=TARGETS[c])
            for c in CATEGORIES
        ),
        tr.gettext("Largest contentful paint"),
        tr.gettext("Total blocking time"),
        tr.gettext("Layout shift"),
        tr.gettext("Transferred"),
    )
    rows = tuple(
        (
            tr.gettext(page.label),
            *(tr.number(page.scores[category]) for category in CATEGORIES),
            seconds(page.largest_contentful_paint_ms / 1000, tr, 1),
            milliseconds(page.total_blocking_time_ms, tr),
            tr.number(page.cumulative_layout_shift, 3, grouped=False),
            kb(page.transfer_bytes, tr),
        )
        for page in audit.pages
    )
    missed = tuple(
        tr.gettext(
            "%(page)s: %(category)s %(score)s (target %(least)s)",
            page=tr.gettext(page.label),
            category=tr.gettext(CATEGORY_LABELS[category]).lower(),
            score=page.scores[category],
            least=TARGETS[category],
        )
        for page in audit.pages
        for category in CATEGORIES
        if page.scores[category] < TARGETS[category]
    )
    return AuditReport(audit, columns, rows, missed)
