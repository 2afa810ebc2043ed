"""MkDocs hook: adapts MkDocs to the staged tree; nothing in it is content.

Registered in mkdocs.yml under `hooks:`. Every page and file is already in `staged-docs/` (written
by `python -m cica_kb stage`), with its edit link and revision date in front matter, so an engine
that ignores hooks builds the same site. What remains here only helps under MkDocs:
- the revision dates of hand-written pages, from git (their files are copied unchanged);
- under `mkdocs serve`: file events instead of MkDocs' polling of the whole tree, and the search index after
  each rebuild (a build runs `python -m cica_kb index`).
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from cica_kb.build.pagefind import SearchIndexError, index_site
from cica_kb.build.preview import STATUS_FILE, ChangesObserver
from cica_kb.build.stage import HAND_WRITTEN
from cica_kb.i18n import SOURCE_LANGUAGE, prefix
from cica_kb.load.history import FileDates, file_dates

log = logging.getLogger("mkdocs.plugins.cica_kb")
_dates: dict[str, FileDates] = {}  # docs/ path → dates of its first and last commit
_serving = False
_indexing = threading.Lock()


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _dates.clear()
    _dates.update(file_dates(Path(config.config_file_path).resolve().parent, HAND_WRITTEN))
    if _serving and (Path(config.site_dir) / "sitemap.xml").is_file():
        # A preview's rebuilds keep the first build's sitemap: rendering one of 10,000 pages again took seconds.
        config.theme.static_templates.discard("sitemap.xml")
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A hand-written page's dates are its file's: `docs/ru/<page>` in the Russian build where it exists."""
    language = config.extra.get("kb_language") or SOURCE_LANGUAGE
    own = f"{HAND_WRITTEN}/{prefix(language)}{page.file.src_uri}"
    dates = _dates.get(own) or _dates.get(f"{HAND_WRITTEN}/{page.file.src_uri}")
    if dates and "revision_date" not in page.meta:
        page.meta["revision_date"] = dates.updated
    return markdown


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Learn of changed files from the system (inotify) instead of MkDocs' poll of every file every 0.5 s: at 10,000
    practices a poll of one language's tree took 1.3 s of a core, without end, in each engine."""
    polling, watched, refs = server.observer, dict(server._watched_paths), server._watch_refs  # MkDocs 1.x is frozen
    server.observer, server._watched_paths, server._watch_refs = ChangesObserver(), {}, {}
    try:
        for path, count in watched.items():
            for _ in range(count):
                server.watch(path)
    except OSError as error:  # no more inotify watches on this machine: keep polling
        log.warning("Watching by polling (%s)", error)
        server.observer.stop()
        server.observer, server._watched_paths, server._watch_refs = polling, watched, refs
    return server


def on_post_build(config: MkDocsConfig) -> None:
    """Under `mkdocs serve`, index the preview for search: the first build at once; later, in the background and
    only once the preview says every page is current, so indexing never delays the page just edited."""
    if not _serving or _indexing.locked():
        return
    site = Path(config.site_dir)
    if not (site / "pagefind").is_dir():
        _index(site)
    elif '"current"' in _read(site / STATUS_FILE):
        threading.Thread(target=_index, args=(site, True), daemon=True).start()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else '"current"'


def _index(site: Path, gently: bool = False) -> None:
    with _indexing:
        started = time.perf_counter()
        try:
            log.info("Search index: %d pages in %.1f s", index_site(site, gently), time.perf_counter() - started)
        except SearchIndexError as error:
            log.warning("%s", error)
