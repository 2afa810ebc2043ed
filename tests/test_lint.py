"""Lint and types of the package: ruff (rules in pyproject.toml, lines of at most 120) and mypy, both clean."""

from __future__ import annotations

import subprocess
import sys

from site_helpers import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "--no-fix", "cica_kb", "macros.py", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_package() -> None:
    result = run("mypy")  # files and settings: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
