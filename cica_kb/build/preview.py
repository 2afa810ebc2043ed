"""`make serve`: a preview that keeps up with editing, also with thousands of records.

The engine serves the staged tree and rebuilds only the pages whose files changed (`mkdocs serve
--dirty`). This loop learns of changed project files from the system (no scan of the tree): after an
edit to a data file it re-checks only that file and re-stages only its page, first in the language
being read (the proxy knows which was opened last) and in the others once that language's engine has
rebuilt it, so two engines never share the two cores for the page awaited. Once editing pauses and
every engine has the edit, it stages everything again, so lists, downloads and feeds catch up; until
then each page says whether it shows the edit (`preview.json`, read by `docs/assets/kb-preview.js`).
Code or schema changes restart it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Mapping

from watchdog.events import (
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from ..check.validate import CheckCache, edited_record
from ..i18n import LANGUAGES, SOURCE_LANGUAGE, prefix
from ..model.context import SiteContext
from ..model.localize import in_language as record_in_language
from ..model.localize import localized
from ..model.model import KnowledgeBase, with_record
from ..model.publication import Exclusion, as_published
from ..parallel import cores
from ..problems import DataError
from ..render.pages import plan_pages
from .engine import BuildError, describe, stage_site
from .language_config import config_file
from .proxy import free_port, start_proxy
from .site import build_context, site_knowledge_base
from .stage import STAGE_DIR, in_language, manifest_of, save_knowledge_base, staged_files, touch, write_tree

POLL_SECONDS = 0.1  # how often the loop takes the changes the system reported
SETTLE_SECONDS = 2.0  # after an edit, how long editing must pause before everything is staged again
REBUILD_LIMIT_S = 60.0  # how long to wait for an engine's rebuild before staging for the next language anyway
STATUS_FILE = "preview.json"
RESTART = ("schemas", "cica_kb", "macros.py", "mkdocs.yml")  # read once per process: a change restarts the preview
RESTAGE = (
    "docs",
    "CONTRIBUTING.md",
    "templates",
    "cica_kb/render/templates",
    "locale",
)  # a change stages everything again


# What a change to a file is; not its being opened or read, which the system reports too (a build reads every file).
CHANGE_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,  # closed after writing
    FileMovedEvent,
    FileDeletedEvent,
    FileAttribEvent,  # a touch: the preview marks pages changed so that they are rendered again
]


class ChangesObserver(Observer):  # type: ignore[misc,valid-type]  # the system's observer, chosen on import
    """The system's file events (inotify on Linux), for changes only."""

    def schedule(
        self, event_handler: FileSystemEventHandler, path: str | Path, *, recursive: bool = False, **_: object
    ) -> ObservedWatch:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=CHANGE_EVENTS)


class Changes(FileSystemEventHandler):
    """The project files changed since they were last taken, as the system reports them, relative to the project;
    hidden files (an editor's or the stage step's partial ones) and `__pycache__` left out."""

    def __init__(self, root: Path, entries: tuple[str, ...]) -> None:
        self.root, self.entries = root, entries
        self._paths: set[str] = set()
        self._lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        paths = {self._relative(path) for path in (event.src_path, event.dest_path) if path}
        with self._lock:
            self._paths |= {path for path in paths if path and watched_path(path, self.entries)}

    def _relative(self, path: str | bytes) -> str:
        try:
            relative = Path(os.fsdecode(path)).relative_to(self.root)
        except ValueError:
            return ""
        hidden = any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
        return "" if hidden else relative.as_posix()

    def take(self) -> set[str]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


def watched_path(path: str, entries: tuple[str, ...]) -> bool:
    """Whether a project path is one of the entries or under one."""
    return any(path == entry or path.startswith(entry + "/") for entry in entries)


def watching(root: Path, entries: tuple[str, ...]) -> tuple[BaseObserver, Changes]:
    """Start following changes to the given project paths (by polling where the system gives no more watches)."""
    changes = Changes(root.absolute(), entries)
    folders = {entry for entry in entries if (root / entry).is_dir()}
    try:
        observer = _observing(ChangesObserver(), root.absolute(), folders, changes)
    except OSError:
        observer = _observing(PollingObserver(), root.absolute(), folders, changes)
    return observer, changes


def _observing(observer: BaseObserver, root: Path, folders: set[str], changes: Changes) -> BaseObserver:
    observer.schedule(changes, str(root), recursive=False)  # the project's own files: macros.py, mkdocs.yml, …
    for folder in sorted(folders):
        observer.schedule(changes, str(root / folder), recursive=True)
    observer.start()
    return observer


def status(state: str, fresh: list[str] = [], edited: list[str] = [], problems: list[str] = []) -> str:  # noqa: B006
    """What `preview.json` tells the pages: current, updating (which pages already show the edit) or problems."""
    return json.dumps({"state": state, "fresh": fresh, "edited": edited, "problems": problems}, ensure_ascii=False)


def page_url(page: str) -> str:
    """The address path of a staged Markdown page, as the engine serves it (`states/kz.md` → `states/kz/`)."""
    stem = page.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def rebuilt_since(port: int, epoch: int, limit: float) -> bool:
    """Wait until the engine on `port` serves a site whose rebuild began after `epoch` (milliseconds of
    `time.monotonic()`, the clock of MkDocs' live reload, one for every process): its live-reload poll answers as
    soon as it does. False after `limit` seconds or when the engine does not answer."""
    deadline = time.monotonic() + limit
    while (left := deadline - time.monotonic()) > 0:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/livereload/{epoch}/0", timeout=left) as answer:
                if int(answer.read()) > epoch:
                    return True
        except (OSError, ValueError):
            time.sleep(0.2)
    return False


def epoch_now() -> int:
    """The moment, on the live reload's clock: a rebuild that begins after it has seen every file written before."""
    return round(time.monotonic() * 1000)


@dataclass
class Preview:
    """The preview's state between edits: the checked files, the knowledge base, what is still to stage."""

    root: Path
    ctx: SiteContext
    cache: CheckCache = field(default_factory=dict)
    kb: KnowledgeBase | None = None
    pending: set[str] = field(default_factory=set)  # data files edited since everything was last staged
    last_edit: float = 0.0
    in_languages: dict[str, tuple[KnowledgeBase | None, KnowledgeBase]] = field(default_factory=dict)  # made from which
    reading: Callable[[], list[str]] = lambda: list(LANGUAGES)  # the languages, the one being read first
    ports: Mapping[str, int] = field(default_factory=dict)  # each language's engine; none: nothing to wait for
    _lock: threading.Lock = field(default_factory=threading.Lock)  # one writer of the staged tree at a time
    _generation: int = 0  # bumped by every staging: a follow-up for an older edit writes nothing
    _following: threading.Thread | None = None

    def load(self) -> KnowledgeBase:
        """The knowledge base after the latest edits: only changed files are read and checked again."""
        return site_knowledge_base(self.root / "data", self.ctx, cache=self.cache)[0]

    def stage_all(self) -> str:
        """Stage everything; after data edits, pages with macros are marked changed so their lists are rendered
        again. The knowledge base in each language is made ready for the next edit."""
        kb = self.load()
        status_files = {f"{language}/{STATUS_FILE}": status("current").encode("utf-8") for language in LANGUAGES}
        files = {**staged_files(self.root, kb, self.ctx, workers=cores()), **status_files}
        with self._lock:
            self._generation += 1
            report = write_tree(self.root / STAGE_DIR, files, manifest=manifest_of(self.root))
            save_knowledge_base(self.root, kb)
            if self.pending:
                touch(
                    self.root / STAGE_DIR,
                    [f"{language}/{page}" for language in LANGUAGES for page in macro_pages(self.root / "docs")],
                )
            self.kb, self.pending = kb, set()
        self.in_languages = {language: (kb, localized(kb, language)) for language in LANGUAGES}
        return report.summary()

    def following(self) -> bool:
        """Whether an edit is still being staged in the other languages, or awaited from their engines."""
        return self._following is not None and self._following.is_alive()

    def stage_edits(self, edited: set[str]) -> list[str]:
        """Stage the pages of the edited data files at once in the language being read, in the others once its
        engine has rebuilt them; the rest follows when editing pauses. Every file edited since everything was
        last staged is staged again, so a follow-up left unfinished by a newer edit loses nothing."""
        kb = self.edited_knowledge_base(self.pending | edited)
        self.pending |= edited
        self.last_edit = time.monotonic()
        first, *others = self.reading()
        with self._lock:
            self._generation += 1
            generation = self._generation
            pages = self._stage_in(kb, first)
        epoch = epoch_now()
        if others:
            follow_up = threading.Thread(
                target=self._stage_others, args=(kb, generation, first, epoch, others), daemon=True
            )
            self._following = follow_up
            follow_up.start()
        return pages

    def _stage_in(self, kb: KnowledgeBase, language: str) -> list[str]:
        """Write the pending records' pages and the status of one language; the pages written (paths in the tree)."""
        records = self.in_language(kb, self.pending, language)
        pages = plan_pages(records, in_language(self.ctx, language), only=self.pending)
        files = {f"{language}/{path}": page.markdown.encode("utf-8") for path, page in pages.items()}
        fresh = sorted(page_url(path) for path in pages)
        files[f"{language}/{STATUS_FILE}"] = status("updating", fresh, sorted(self.pending)).encode("utf-8")
        write_tree(self.root / STAGE_DIR, files, prune=False)  # the next full stage finds them by content
        return sorted(pages)

    def _stage_others(self, kb: KnowledgeBase, generation: int, first: str, epoch: int, others: list[str]) -> None:
        """After the first language's engine has rebuilt the edit, the other languages, one engine at a time."""
        waited = first
        for language in others:
            self._rebuilt(waited, epoch)
            with self._lock:
                if generation != self._generation:
                    return  # a newer edit or a full stage has taken over
                self._stage_in(kb, language)
            epoch, waited = epoch_now(), language
        self._rebuilt(waited, epoch)

    def _rebuilt(self, language: str, epoch: int) -> None:
        if language in self.ports:
            rebuilt_since(self.ports[language], epoch, REBUILD_LIMIT_S)

    def in_language(self, kb: KnowledgeBase, edited: set[str], language: str) -> KnowledgeBase:
        """The knowledge base in a language after an edit: the last one made, with the edited records put in it."""
        if language not in self.in_languages or self.in_languages[language][0] is not self.kb:
            self.in_languages[language] = (self.kb, localized(self.kb or kb, language))
        result = self.in_languages[language][1]
        for group in kb.records.values():
            for record in group.values():
                if record.path in edited:
                    result = with_record(result, record_in_language(record, language))
        return result

    def edited_knowledge_base(self, edited: set[str]) -> KnowledgeBase:
        """The last knowledge base with the edited records checked again and put in, or, when records were
        added, removed or left out by the publication rules, the whole knowledge base built again."""
        kb = self.kb
        known = (
            {path for group in kb.records.values() for path in (record.path for record in group.values())}
            if kb
            else set()
        )
        if kb is None or not edited <= known or any(not (self.root / path).is_file() for path in edited):
            return self.load()
        keys = {name: group.keys() for name, group in kb.records.items()}
        for path in sorted(edited):
            record = as_published(
                edited_record(self.root / "data", self.root / path, keys),
                date.fromisoformat(self.ctx.as_of),
                self.ctx.preview,
            )
            if isinstance(record, Exclusion):
                return self.load()
            kb = with_record(kb, record)
        return kb

    def report_problems(self, error: DataError) -> None:
        """Keep serving the last good version, and tell every page why it does not show the edit."""
        self._status(status("problems", problems=[str(problem) for problem in error.problems]))

    def _status(self, text: str) -> None:
        write_tree(
            self.root / STAGE_DIR,
            {f"{language}/{STATUS_FILE}": text.encode("utf-8") for language in LANGUAGES},
            prune=False,
        )


def macro_pages(docs: Path) -> list[str]:
    """Hand-written pages that render macros (lists of records): they change when the data does."""
    return [
        path.relative_to(docs).as_posix()
        for path in sorted(docs.rglob("*.md"))
        if "render_macros: true" in path.read_text(encoding="utf-8").split("\n---", 1)[0]
    ]


def serve(root: Path, dev_addr: str) -> int:
    """Stage, start an engine's live server per language behind one address, and follow edits until interrupted."""
    environ = {**os.environ, "CICA_KB_PREVIEW": "1", "CICA_SITE_URL": f"http://{dev_addr}/"}
    ctx = build_context(root, environ)
    cache: CheckCache = {}
    try:
        staged = stage_site(root, ctx, cache=cache)
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    print("\n".join(describe(staged)), flush=True)
    host, port = dev_addr.rsplit(":", 1)
    ports = {language: free_port(host) for language in LANGUAGES}
    engines = [
        subprocess.Popen(engine_command(language, f"127.0.0.1:{ports[language]}"), cwd=root, env=environ)
        for language in LANGUAGES
    ]
    proxy = start_proxy((host, int(port)), ports, {language: prefix(language) for language in LANGUAGES})
    preview = Preview(root, ctx, cache=cache, kb=staged.kb, reading=proxy.languages_by_reading, ports=ports)
    preview._status(status("current"))
    print(f"Serving every language on http://{dev_addr}/ (Russian under /ru/).", flush=True)
    signal.signal(signal.SIGTERM, _stop)  # a terminated preview stops its engines too, never leaving them serving
    try:
        return follow(preview, engines)
    except KeyboardInterrupt:
        return 0
    finally:
        proxy.shutdown()
        _stop_all(engines)


def engine_command(language: str, address: str) -> list[str]:
    """An engine's live server for one language, rebuilding only changed pages (a dirty build warns: not strict)."""
    config = [] if language == SOURCE_LANGUAGE else ["-f", config_file(language)]
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        *config,
        "--dirty",
        "--no-strict",
        "--livereload",
        "--dev-addr",
        address,
    ]


def _stop_all(engines: list[subprocess.Popen[bytes]]) -> None:
    for engine in engines:
        engine.terminate()
    for engine in engines:
        engine.wait()


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def follow(preview: Preview, engines: list[subprocess.Popen[bytes]]) -> int:
    """The watch loop: the changes the system reported since the last turn, each handled by what it touches."""
    observer, changes = watching(preview.root, ("data", *RESTAGE, *RESTART))
    try:
        while all(engine.poll() is None for engine in engines):
            time.sleep(POLL_SECONDS)
            edits = changes.take()
            if any(watched_path(path, RESTART) for path in edits):
                print("Code, schemas or configuration changed: restarting the preview.", flush=True)
                _stop_all(engines)
                os.execv(sys.executable, [sys.executable, "-m", "cica_kb", *sys.argv[1:]])
            _handle(preview, edits)
    finally:
        observer.stop()
    return next((engine.returncode for engine in engines if engine.returncode), 0)


def _handle(preview: Preview, edits: set[str]) -> None:
    """Stage what an edit needs now, or everything once editing has paused."""
    data = {path for path in edits if path.startswith("data/")}
    try:
        if edits - data:
            print(f"Staged everything again: {preview.stage_all()}.", flush=True)
        elif data:
            pages = preview.stage_edits(data)
            print(
                f"Staged {', '.join(pages) or 'no page'} for {', '.join(sorted(data))}; lists follow shortly.",
                flush=True,
            )
        elif preview.pending and time.monotonic() - preview.last_edit > SETTLE_SECONDS and not preview.following():
            print(f"Staged everything again: {preview.stage_all()}.", flush=True)
    except DataError as error:
        print(
            f"The data has problems; the preview keeps the last version without them.\n{error}",
            file=sys.stderr,
            flush=True,
        )
        preview.report_problems(error)
    except BuildError as error:
        print(error, file=sys.stderr, flush=True)
