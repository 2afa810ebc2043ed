"""When each file was added and last changed, from git history (commit dates: reproducible builds)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileDates:
    created: str  # YYYY-MM-DD of the first commit that has the file
    updated: str  # YYYY-MM-DD of the newest commit that changed it


def parse_log(output: str) -> dict[str, FileDates]:
    """`git log --format=%x00%cs --name-only` output (newest first) → {path: FileDates}."""
    dates: dict[str, FileDates] = {}
    for entry in output.split("\x00"):
        lines = [line for line in entry.splitlines() if line.strip()]
        if not lines:
            continue
        date, paths = lines[0], lines[1:]
        for path in paths:
            newest = dates[path].updated if path in dates else date
            dates[path] = FileDates(created=date, updated=newest)
    return dates


def file_dates(root: Path, *folders: str) -> dict[str, FileDates]:
    """{repository-relative path: FileDates}; empty outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", *folders],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return {}
    return parse_log(result.stdout)
