"""`make lighthouse`: the glue (local server, Lighthouse's command, the browser) around cica_kb/bench/lighthouse.py.

Lighthouse 12.8 (npm, `tools/lighthouse/`, hash-locked) runs each page of the built site at its default phone
settings: a Moto G Power's screen, a slow 4G connection and a four times slower processor, simulated. The site is
served compressed, as GitHub Pages serves it. Each page is audited a few times and the median of each figure kept,
since one run's performance score varies with the machine's load.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from typing import Callable

from ..tools.browser import chromium_version
from ..tools.local_site import CHROMIUM_FLAGS, OFFLINE_FLAG, serving
from .lighthouse import CATEGORIES, PAGES, Audit, audit_json, page_audit

Progress = Callable[[str], None]
LIGHTHOUSE_CLI = Path("tools/lighthouse/node_modules/lighthouse/cli/index.js")  # relative to the project root
RUN_LIMIT_S = 180


class LighthouseError(Exception):
    """Lighthouse could not audit a page: the message says which and why."""


def chromium_executable(choice: str) -> str:
    """The Chromium of `make browsers` as a path: Playwright's download has no command of its own."""
    if choice != "playwright":
        return shutil.which(choice) or choice
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


def lighthouse_command(root: Path, url: str, chromium: str, report: Path) -> list[str]:
    return [
        "node",
        str(root / LIGHTHOUSE_CLI),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-path={chromium}",
        f"--chrome-flags={' '.join([*CHROMIUM_FLAGS, OFFLINE_FLAG])}",
        "--max-wait-for-load=60000",
    ]


def _one_run(root: Path, url: str, chromium: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="cica-lighthouse-") as folder:
        report = Path(folder) / "report.json"
        command = lighthouse_command(root, url, chromium, report)
        result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_LIMIT_S)
        if result.returncode != 0 or not report.is_file():
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise LighthouseError(f"Lighthouse could not audit {url}: {last}")
        data: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
        if data.get("runtimeError"):
            raise LighthouseError(f"Lighthouse could not audit {url}: {data['runtimeError']}")
        return data


def run_lighthouse(root: Path, site: Path, out: Path, browser: str, runs: int, progress: Progress = print) -> Audit:
    """Audit every page of `PAGES` `runs` times; the results file is written at the end."""
    if not (root / LIGHTHOUSE_CLI).is_file():
        raise LighthouseError(
            f"{LIGHTHOUSE_CLI} is missing: `make lighthouse` installs it (npm ci in tools/lighthouse)"
        )
    if not (site / "index.html").is_file():
        raise LighthouseError(f"no built site in {site}/: `make lighthouse` builds it first")
    chromium = chromium_executable(browser)
    load = os.getloadavg()[0]
    audits, version = [], ""
    with serving(site, compress=True) as base_url:
        for label, path in PAGES:
            reports = []
            for number in range(1, runs + 1):
                report = _one_run(root, base_url + path, chromium)
                reports.append(report)
                scores = report["categories"]
                assert isinstance(scores, dict)
                shown = ", ".join(
                    f"{category} {round(100 * (scores[category]['score'] or 0))}" for category in CATEGORIES
                )
                progress(f"{label} /{path} run {number}/{runs}: {shown}")
            audits.append(page_audit(label, path, reports))
            version = str(reports[0]["lighthouseVersion"])
    audit = Audit(version, chromium_version(chromium), date.today().isoformat(), round(load, 1), tuple(audits))
    out.write_text(audit_json(audit), encoding="utf-8")
    progress(f"Lighthouse {audit.lighthouse} results written to {out}; the Performance page shows them.")
    return audit
