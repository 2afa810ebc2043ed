"""`make lighthouse` (cica_kb/bench/lighthouse.py, lighthouse_run.py): the scores kept from Lighthouse's reports, the
compressed local server it audits, and what the Performance page shows of the recorded run."""

from __future__ import annotations

import gzip
import json
import re
import urllib.request
from pathlib import Path
from typing import Any

from cica_kb.bench.lighthouse import AUDIT_PATH, CATEGORIES, Audit, audit_json, audit_report, page_audit, read_audit
from cica_kb.tools.local_site import serving
from support.site import ROOT


def report(performance: float, lcp: float, tbt: float = 100, cls: float = 0.0) -> dict[str, Any]:
    """The part of a Lighthouse JSON report that is read."""
    scores = {"performance": performance, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
    return {
        "categories": {category: {"score": score} for category, score in scores.items()},
        "audits": {
            "largest-contentful-paint": {"numericValue": lcp},
            "total-blocking-time": {"numericValue": tbt},
            "cumulative-layout-shift": {"numericValue": cls},
            "total-byte-weight": {"numericValue": 91_234},
        },
    }


def test_each_figure_is_the_median_of_the_runs() -> None:
    audit = page_audit("A state", "states/kz/", [report(0.83, 2400), report(0.95, 1200), report(0.91, 1500)])
    assert audit.scores["performance"] == 91 and audit.largest_contentful_paint_ms == 1500 and audit.runs == 3


def test_a_score_under_its_target_is_named_on_the_page_in_each_language(tmp_path: Path) -> None:
    pages = (page_audit("A state", "states/kz/", [report(0.85, 2400)]), page_audit("Home", "", [report(0.97, 900)]))
    recorded = tmp_path / "lighthouse.json"
    recorded.write_text(audit_json(Audit("12.8.2", "156.0.8078.114", "2026-12-02", 1.2, pages)), encoding="utf-8")
    audit = read_audit(recorded)
    assert audit is not None
    english, russian = audit_report(audit), audit_report(audit, "ru")
    assert english.missed == ("A state: performance 85 (target 90)",)
    assert russian.missed == ("Государство: производительность 85 (цель 90)",)
    assert russian.rows[0][0] == "Государство" and russian.rows[0][5] == "2,4\u00a0с"  # a no-break space, as the catalogue writes it
    assert english.columns[1] == "Performance (≥ 90)"


def test_the_audited_site_is_served_compressed_as_github_pages_serves_it(tmp_path: Path) -> None:
    (tmp_path / "states").mkdir()
    (tmp_path / "states/index.html").write_text("<!doctype html><title>States</title>" + "x" * 2000, encoding="utf-8")
    (tmp_path / "fragment.pf_fragment").write_bytes(gzip.compress(b"already compressed"))
    with serving(tmp_path, compress=True) as base_url:
        asked = urllib.request.Request(base_url + "states/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(asked) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).startswith(b"<!doctype html><title>States</title>")
        asked = urllib.request.Request(base_url + "fragment.pf_fragment", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(asked) as response:
            assert response.headers["Content-Encoding"] is None  # Pagefind's files are gzip already
        with urllib.request.urlopen(base_url + "states") as response:  # the folder's address, as before
            assert response.url == base_url + "states/"


def test_the_performance_page_shows_the_recorded_scores_of_every_audited_page(site: Path) -> None:
    recorded = read_audit(ROOT / AUDIT_PATH)
    english = (site / "about/performance/index.html").read_text(encoding="utf-8")
    russian = (site / "ru/about/performance/index.html").read_text(encoding="utf-8")
    if recorded is None:
        assert "Not measured yet: <code>make lighthouse</code>" in english
        return
    json.loads((ROOT / AUDIT_PATH).read_text(encoding="utf-8"))  # valid JSON, as the page links it
    for page in recorded.pages:
        cells = "".join(f"<td>{page.scores[category]}</td>" for category in CATEGORIES)
        assert f"<td>{page.label}</td>{cells}" in re.sub(r' style="[^"]*"', "", english).replace("\n", "")
    assert f"Lighthouse {recorded.lighthouse}" in russian and "Государство" in russian
