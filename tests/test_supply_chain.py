"""The lock files install the same thing on any machine: pinned, hash-checked, and naming no index or folder of ours."""

from __future__ import annotations

import json
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


NPM_LOCKS = sorted(path for path in (ROOT / "tools").rglob("package-lock.json") if "node_modules" not in path.parts)
SEMVER = re.compile(r"^[\^~<>=]*\s*v?\d|\|\||^\*$|^(npm|file|git|https?):")


@pytest.mark.parametrize("path", NPM_LOCKS, ids=lambda path: path.parent.name)
def test_no_locked_npm_package_asks_for_a_moving_tag_that_the_lock_cannot_keep(path: Path) -> None:
    """A dependency given as a tag (`latest`) is whatever its newest release is: `npm ci` refuses the lock as soon as a
    new one is published (Lighthouse's trace engine asks for `latest` third-party-web). `overrides` pin each one."""
    lock = json.loads(path.read_text(encoding="utf-8"))
    overrides = json.loads((path.parent / "package.json").read_text(encoding="utf-8")).get("overrides", {})
    pinned = {name for scope in overrides.values() if isinstance(scope, dict) for name in scope} | set(overrides)
    tags = sorted(
        f"{package.removeprefix('node_modules/')} → {name}@{spec}"
        for package, entry in lock["packages"].items()
        for name, spec in entry.get("dependencies", {}).items()
        if not SEMVER.search(spec) and name not in pinned
    )
    assert not tags, f"{path.relative_to(ROOT)}: pin these with overrides in package.json: {tags}"
