"""When each file last changed, from git history (commit dates, so builds are reproducible)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def parse_log(output: str) -> dict[str, str]:
    """`git log --format=%x00%cs --name-only` output → {path: date of its newest commit}."""
    dates: dict[str, str] = {}
    for entry in output.split("\x00"):
        lines = [line for line in entry.splitlines() if line.strip()]
        if not lines:
            continue
        date, paths = lines[0], lines[1:]
        for path in paths:
            dates.setdefault(path, date)  # the log is newest first
    return dates


def last_changed(root: Path, *folders: str) -> dict[str, str]:
    """{repository-relative path: YYYY-MM-DD}; empty outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", *folders],
            cwd=root, capture_output=True, text=True, check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return {}
    return parse_log(result.stdout)
