"""Stage, then let an engine render: the build and its failure rules, for every engine alike.

`stage_site` checks the data and writes `staged-docs/`; `build_site` runs the engine on it into a
temporary folder, writes each page's Content-Security-Policy, adds the search index and only then
replaces `site/`. Any problem removes the
staged tree and `site/`, so nothing stale is ever published or served.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..check.validate import CheckCache, Progress
from ..i18n import LANGUAGES, SOURCE_LANGUAGE, prefix
from ..model.context import SiteContext
from ..model.model import KnowledgeBase
from ..model.publication import Exclusion
from ..outputs.sitemap import LANGUAGES_SITEMAP, SITEMAP, merged_sitemap
from ..parallel import cores, in_child
from ..problems import DataError
from .csp import write_policies
from .language_config import config_file
from .pagefind import SearchIndexError, index_site
from .site import build_context, engine_config, site_knowledge_base
from .stage import (
    STAGE_DIR,
    StageError,
    StageReport,
    clear,
    input_fingerprint,
    language_configs,
    manifest_of,
    record_inputs,
    save_knowledge_base,
    staged_parts,
    unchanged_since_last_stage,
    write_parts,
    write_tree,
)

Say = Callable[[str], None]
ENGINES: dict[str, list[str]] = {  # the command that builds `mkdocs.yml` with each engine
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict"],
    "properdocs": [sys.executable, "-m", "properdocs", "build", "--strict"],
}


REMOVE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"  # a folder, by a process of its own


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


def stage_site(
    root: Path,
    ctx: SiteContext | None = None,
    progress: Progress | None = None,
    cache: CheckCache | None = None,
    languages: tuple[str, ...] = LANGUAGES,
) -> Staged:
    """Check the data and write the staged tree of each of the `languages` (any other language's tree is removed);
    on any problem remove it and raise BuildError.

    When no input changed since the last run and its tree is intact, nothing is read or written again
    (a preview, which needs every file checked in its `cache`, always stages in full).
    """
    started = time.perf_counter()
    context = ctx or build_context(root)
    fingerprint = input_fingerprint(root, context) + "-" + "-".join(languages)
    unchanged = unchanged_since_last_stage(root, fingerprint) if cache is None else None
    write_tree(root, language_configs(engine_config(root), context), prune=False)
    if unchanged is not None:
        count, recorded = unchanged
        exclusions = [Exclusion(path, reason) for path, reason in recorded]
        return Staged(None, context, exclusions, StageReport((), count, ()), time.perf_counter() - started)
    try:
        kb, excluded = site_knowledge_base(root / "data", context, progress, cache)
        report = write_parts(
            root / STAGE_DIR,
            lambda write: staged_parts(root, kb, context, write, workers=cores(), languages=languages),
            manifest=manifest_of(root),
        )
    except DataError as error:
        clear(root)
        raise BuildError(f"The data has problems; nothing was built.\n{error}") from None
    except StageError as error:
        clear(root)
        raise BuildError(str(error)) from None
    save_knowledge_base(root, kb)
    record_inputs(root, fingerprint, [(exclusion.path, exclusion.reason) for exclusion in excluded])
    return Staged(kb, context, excluded, report, time.perf_counter() - started)


def describe(staged: Staged) -> list[str]:
    """What a stage run tells the person who ran it."""
    if staged.kb is None:
        lines = [
            f"Staged {STAGE_DIR}/ in {staged.seconds:.1f} s: no input changed since the last run "
            f"({staged.report.summary()})."
        ]
    else:
        lines = [f"Staged {STAGE_DIR}/ in {staged.seconds:.1f} s: {staged.report.summary()}."]
    if staged.excluded:
        lines.append(f"Not published, {len(staged.excluded)} pending consensus (shown in previews only):")
        lines += [f"  {exclusion.path}: {exclusion.reason}" for exclusion in staged.excluded]
    return lines


def build_site(
    root: Path, site_dir: Path, engine: str = "mkdocs", say: Say = print, languages: tuple[str, ...] = LANGUAGES
) -> None:
    """Stage, render each language with the engine, write its pages' policies, index it for search, merge them;
    `site_dir` ends as the complete new site, or absent if the build fails. With fewer `languages` (a measurement),
    only they are built."""
    folders = {
        language: site_dir.with_name(f".{site_dir.name}.partial{'' if language == SOURCE_LANGUAGE else '-' + language}")
        for language in LANGUAGES
        if language in languages
    }
    for folder in folders.values():
        shutil.rmtree(folder, ignore_errors=True)
    removing = remove_old_site(site_dir)
    try:
        lines, site_url = in_child(_staged_apart, root, tuple(folders))
        for line in lines:
            say(line)
        _render(root, folders, engine, say)
        for language, folder in folders.items():
            started = time.perf_counter()
            pages = write_policies(folder, cores())
            say(f"Content-Security-Policy ({language}): {pages} pages in {time.perf_counter() - started:.1f} s.")
            started = time.perf_counter()
            pages = index_site(folder)
            say(f"Search index ({language}): {pages} pages in {time.perf_counter() - started:.1f} s.")
        site = _merged(folders, site_url)
    except (BuildError, SearchIndexError):
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        removing.wait()
    site.rename(site_dir)
    say(f"Site built in {site_dir.name}/.")


def remove_old_site(site_dir: Path) -> subprocess.Popen[bytes]:
    """The last build's site moved aside and removed while this one is made (at 10,000 practices that takes five
    seconds): the build ends with a new site, or with none if it fails, never the old one. A process of its own
    removes it (a thread would be copied, mid-work, into the workers this process forks); the caller waits for it.
    What an interrupted build left aside goes too."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    if site_dir.exists():
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
        site_dir.rename(old)
    return subprocess.Popen([sys.executable, "-c", REMOVE, str(old)], stdin=subprocess.DEVNULL)


def _staged_apart(root: Path, languages: tuple[str, ...]) -> tuple[list[str], str]:
    """Stage in a process of its own (`in_child`): what it says, and the site's address. The knowledge base and the
    pages it held are gone with that process, so the engines and the indexer that follow have the memory."""
    staged = stage_site(root, languages=languages)
    return describe(staged), staged.ctx.site_url


def _render(root: Path, folders: dict[str, Path], engine: str, say: Say) -> None:
    """Run the engine on each language's staged tree, side by side on a machine with the cores for it; each
    line it prints is shown as it comes, marked with its language."""
    started = time.perf_counter()
    commands = {
        language: [
            *ENGINES[engine],
            *([] if language == SOURCE_LANGUAGE else ["-f", config_file(language)]),
            "--site-dir",
            str(folder),
        ]
        for language, folder in folders.items()
    }
    batches = [list(commands)] if cores() > 1 else [[language] for language in commands]
    for batch in batches:
        running = {
            language: _started(root, commands[language], language, quiet=language != SOURCE_LANGUAGE)
            for language in batch
        }
        failed = [language for language, (process, reader) in running.items() if _finished(process, reader) != 0]
        if failed:
            clear(root)
            raise BuildError(
                f"{engine} stopped while building {', '.join(failed)}; see its messages above. Nothing was built."
            )
    say(f"Rendered {len(commands)} languages with {engine} in {time.perf_counter() - started:.1f} s.")


def _started(
    root: Path, command: list[str], language: str, quiet: bool
) -> tuple[subprocess.Popen[str], threading.Thread]:
    """An engine run; `quiet` ones do not repeat Material's notice of its end of life (the first run shows it)."""
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1"} if quiet else None
    process = subprocess.Popen(
        command, cwd=root, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8"
    )
    reader = threading.Thread(target=_relay, args=(process, f"{language} | "), daemon=True)
    reader.start()
    return process, reader


def _relay(process: subprocess.Popen[str], mark: str) -> None:
    """The engine's messages, on standard error as it writes them, each line marked with its language."""
    assert process.stdout is not None
    for line in process.stdout:
        print(mark + line, end="", file=sys.stderr, flush=True)


def _finished(process: subprocess.Popen[str], reader: threading.Thread) -> int:
    code = process.wait()
    reader.join()
    return code


def _merged(folders: dict[str, Path], site_url: str) -> Path:
    """The languages' sites as one: each other language in its folder of the first, and a sitemap of them all."""
    site = folders[SOURCE_LANGUAGE]
    for language, folder in folders.items():
        if language != SOURCE_LANGUAGE:
            folder.rename(site / prefix(language).rstrip("/"))
    sitemaps = {
        language: (site / prefix(language) / SITEMAP).read_bytes()
        for language in folders
        if (site / prefix(language) / SITEMAP).is_file()
    }
    if len(sitemaps) > 1:
        merged = merged_sitemap(
            sitemaps, {language: prefix(language) for language in folders}, site_url.rstrip("/") + "/"
        )
        (site / LANGUAGES_SITEMAP).write_bytes(merged)
    return site
