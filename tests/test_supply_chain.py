"""The lock files install the same thing on any machine: pinned, hash-checked, and naming no index or folder of ours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCKS = sorted((ROOT / "requirements").glob("*.txt"))
# pip options that point at an index or a folder: `make lock` leaves them out (--no-emit-index-url --no-emit-find-links).
MACHINE_OPTIONS = re.compile(r"^\s*(--index-url|-i\s|--extra-index-url|--find-links|-f\s|--trusted-host)", re.M)
LOCAL_PATH = re.compile(r"file:|(?<![\w/])/(?:opt|home|tmp|root|srv|usr|var|work|Users)/")


def test_there_are_the_four_locks() -> None:
    assert [path.name for path in LOCKS] == ["compat.txt", "dev.txt", "site.txt", "zensical.txt"]


@pytest.mark.parametrize("path", LOCKS, ids=lambda path: path.name)
def test_a_lock_names_no_index_and_no_folder_of_the_machine_that_locked_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not MACHINE_OPTIONS.search(text), f"{path.name}: {MACHINE_OPTIONS.search(text).group(0)}…: run `make lock`"
    assert not LOCAL_PATH.search(text), f"{path.name}: a local path ({LOCAL_PATH.search(text).group(0)}…)"


@pytest.mark.parametrize("path", LOCKS, ids=lambda path: path.name)
def test_every_locked_package_is_pinned_with_its_hashes(path: Path) -> None:
    requirements = re.findall(r"^([A-Za-z0-9][\w.-]*)(\S*) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", path.read_text(encoding="utf-8"), re.M)
    assert requirements
    named = re.findall(r"^[A-Za-z0-9]", path.read_text(encoding="utf-8"), re.M)
    assert len(requirements) == len(named), f"{path.name}: a requirement without hashes"
    assert all(pin.startswith("==") for _, pin, _ in requirements)


def test_make_lock_keeps_index_and_folder_options_out() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    compile_lines = [line for line in makefile.splitlines() if "pip-compile " in line]
    assert compile_lines and all("--no-emit-index-url" in line and "--no-emit-find-links" in line for line in compile_lines)
