"""Build a copy of the project (with changed data) into a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from cica_kb.bench.run import project_copy as copy_project

ROOT = Path(__file__).resolve().parents[2]
BUILD = [sys.executable, "-m", "cica_kb", "build"]


def project_copy(target: Path) -> Path:
    """A copy of the site sources in `target`, sharing the cica_kb package by symlink."""
    return copy_project(ROOT, target)


def build(project: Path, site: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`make build` of a project (stage, strict MkDocs build, search index), with extra environment variables if given."""
    variables = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([*BUILD, "--site-dir", str(site)], cwd=project, capture_output=True, text=True, env=variables)


def project_copy_with_schemas(target: Path) -> Path:
    """A copy of the project whose package and schemas are its own: a test may change a schema in it.

    The package finds its schemas next to itself, so it is copied too rather than shared.
    """
    project = copy_project(ROOT, target)
    (project / "cica_kb").unlink()
    shutil.copytree(ROOT / "cica_kb", project / "cica_kb", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "schemas", project / "schemas")
    return project


def check(project: Path) -> subprocess.CompletedProcess[str]:
    """What `make check` runs, in a project copy (its own package when it has one)."""
    return subprocess.run([sys.executable, "-m", "cica_kb", "--data", "data", "check"], cwd=project, capture_output=True, text=True)
