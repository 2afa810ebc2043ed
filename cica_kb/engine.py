"""Stage, then let an engine render: the build and its failure rules, for every engine alike.

`stage_site` checks the data and writes `staged-docs/`; `build_site` runs the engine on it into a
temporary folder, adds the search index and only then replaces `site/`. Any problem removes the
staged tree and `site/`, so nothing stale is ever published or served.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .context import SiteContext
from .model import KnowledgeBase
from .pagefind import SearchIndexError, index_site
from .parallel import cores
from .problems import DataError
from .publication import Exclusion
from .site import build_context, site_knowledge_base
from .stage import (
    STAGE_DIR, StageError, StageReport, clear, input_fingerprint, manifest_of, record_inputs, save_knowledge_base, staged_files,
    unchanged_since_last_stage, write_tree,
)
from .validate import CheckCache, Progress

Say = Callable[[str], None]
ENGINES: dict[str, list[str]] = {  # the command that builds `mkdocs.yml` with each engine
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict"],
    "properdocs": [sys.executable, "-m", "properdocs", "build", "--strict"],
}


class BuildError(Exception):
    """A build stopped; the message says why, in words for the person who ran it."""


@dataclass(frozen=True)
class Staged:
    """The outcome of a stage run: the knowledge base it staged, what it left out, what it wrote."""

    kb: KnowledgeBase | None  # None when nothing had changed since the last stage run
    ctx: SiteContext
    excluded: list[Exclusion]
    report: StageReport
    seconds: float


def stage_site(root: Path, ctx: SiteContext | None = None, progress: Progress | None = None, cache: CheckCache | None = None) -> Staged:
    """Check the data and write the staged tree; on any problem remove it and raise BuildError.

    When no input changed since the last run and its tree is intact, nothing is read or written again
    (a preview, which needs every file checked in its `cache`, always stages in full).
    """
    started = time.perf_counter()
    context = ctx or build_context(root)
    fingerprint = input_fingerprint(root, context)
    unchanged = unchanged_since_last_stage(root, fingerprint) if cache is None else None
    if unchanged is not None:
        count, recorded = unchanged
        exclusions = [Exclusion(path, reason) for path, reason in recorded]
        return Staged(None, context, exclusions, StageReport((), count, ()), time.perf_counter() - started)
    try:
        kb, excluded = site_knowledge_base(root / "data", context, progress, cache)
        files = staged_files(root, kb, context, workers=cores())
    except DataError as error:
        clear(root)
        raise BuildError(f"The data has problems; nothing was built.\n{error}") from None
    except StageError as error:
        clear(root)
        raise BuildError(str(error)) from None
    report = write_tree(root / STAGE_DIR, files, manifest=manifest_of(root))
    save_knowledge_base(root, kb)
    record_inputs(root, fingerprint, [(exclusion.path, exclusion.reason) for exclusion in excluded])
    return Staged(kb, context, excluded, report, time.perf_counter() - started)


def describe(staged: Staged) -> list[str]:
    """What a stage run tells the person who ran it."""
    if staged.kb is None:
        lines = [f"Staged {STAGE_DIR}/ in {staged.seconds:.1f} s: no input changed since the last run ({staged.report.summary()})."]
    else:
        lines = [f"Staged {STAGE_DIR}/ in {staged.seconds:.1f} s: {staged.report.summary()}."]
    if staged.excluded:
        lines.append(f"Not published, {len(staged.excluded)} pending consensus (shown in previews only):")
        lines += [f"  {exclusion.path}: {exclusion.reason}" for exclusion in staged.excluded]
    return lines


def build_site(root: Path, site_dir: Path, engine: str = "mkdocs", say: Say = print) -> None:
    """Stage, render with the engine, index for search; `site_dir` is replaced only by a complete site."""
    partial = site_dir.with_name(f".{site_dir.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        staged = stage_site(root)
        for line in describe(staged):
            say(line)
        _render(root, partial, engine, say)
        started = time.perf_counter()
        pages = index_site(partial)
        say(f"Search index: {pages} pages in {time.perf_counter() - started:.1f} s.")
    except (BuildError, SearchIndexError):
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(site_dir, ignore_errors=True)
        raise
    shutil.rmtree(site_dir, ignore_errors=True)
    partial.rename(site_dir)
    say(f"Site built in {site_dir.name}/.")


def _render(root: Path, site_dir: Path, engine: str, say: Say) -> None:
    """Run the engine on the staged tree; its own output is shown as it comes."""
    started = time.perf_counter()
    result = subprocess.run([*ENGINES[engine], "--site-dir", str(site_dir)], cwd=root)
    if result.returncode != 0:
        clear(root)
        raise BuildError(f"{engine} stopped with exit code {result.returncode}; see its messages above. Nothing was built.")
    say(f"Rendered with {engine} in {time.perf_counter() - started:.1f} s.")
