"""`make browsers` (run by `make test`): the tests' Chromium is found or installed, or one message says how to get one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cica_kb.tools.browser import NO_BROWSER, attempts_for, choose_browser

ROOT = Path(__file__).resolve().parents[1]


def test_the_first_attempt_that_finds_a_browser_wins_and_earlier_failures_are_kept() -> None:
    calls: list[str] = []

    def attempt(name: str, found: str | None):
        return lambda: (calls.append(name), (found, f"{name} failed"))[1]

    found, reasons = choose_browser([attempt("path", None), attempt("apt", "/usr/bin/chromium"), attempt("playwright", "playwright")])
    assert (found, reasons, calls) == ("/usr/bin/chromium", ["path failed"], ["path", "apt"])
    assert choose_browser([attempt("path", None)]) == (None, ["path failed"])


def test_asking_for_playwright_or_one_executable_tries_only_that() -> None:
    assert len(attempts_for({"CICA_KB_BROWSER": "playwright"})) == 1
    assert choose_browser(attempts_for({"CICA_KB_BROWSER": "/no/such/chromium"})) == (None, ["CICA_KB_BROWSER=/no/such/chromium is not an executable"])


def _provision(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {name: value for name, value in os.environ.items() if name != "CICA_KB_BROWSER"} | {"PATH": str(tmp_path), **env}  # `make test` sets it
    return subprocess.run([sys.executable, "-m", "cica_kb.tools.browser"], cwd=ROOT, env=environ, capture_output=True, text=True)


def test_a_chromium_on_path_is_used_as_it_is(tmp_path: Path) -> None:
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n", encoding="utf-8")
    chromium.chmod(0o755)
    result = _provision(tmp_path)
    assert (result.returncode, result.stdout) == (0, f"{chromium}\n")


def test_without_a_browser_one_message_says_what_was_tried_and_how_to_get_one(tmp_path: Path) -> None:
    result = _provision(tmp_path, CICA_KB_BROWSER=str(tmp_path / "chromium"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == NO_BROWSER.format(tried=f"CICA_KB_BROWSER={tmp_path / 'chromium'} is not an executable") + "\n"
    assert "apt-get install chromium" in result.stderr and "Traceback" not in result.stderr


def test_make_test_provisions_the_browser_before_pytest_starts() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_rule = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert test_rule.split("##")[0].split()[1:3] == ["$(STAMP)", "browsers"]
