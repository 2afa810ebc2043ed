"""`make serve`: a preview that keeps up with editing, also with thousands of records.

The engine serves the staged tree and rebuilds only the pages whose files changed (`mkdocs serve
--dirty`). This loop watches the project: after an edit to a data file it re-checks only that file,
re-stages only its page (seconds, whatever the size of the site), then, once editing pauses, stages
everything again, so lists, downloads and feeds catch up; until then each page says whether it shows
the edit (`preview.json`, read by `docs/assets/kb-preview.js`). Code or schema changes restart it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

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

POLL_SECONDS = 0.25
SETTLE_SECONDS = 2.0  # after an edit, how long editing must pause before everything is staged again
STATUS_FILE = "preview.json"
RESTART = ("schemas", "cica_kb", "macros.py", "mkdocs.yml")  # read once per process: a change restarts the preview
RESTAGE = (
    "docs",
    "CONTRIBUTING.md",
    "templates",
    "cica_kb/render/templates",
    "locale",
)  # a change stages everything again
Stamps = dict[str, tuple[int, int]]


def scan(root: Path, entries: tuple[str, ...]) -> Stamps:
    """Modification time and size of every file under the given project paths."""
    stamps: Stamps = {}
    for entry in entries:
        base = root / entry
        for path in [base] if base.is_file() else base.rglob("*") if base.is_dir() else []:
            if path.is_file() and not path.name.startswith(".") and "__pycache__" not in path.parts:
                stat = path.stat()
                stamps[path.relative_to(root).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return stamps


def changed(before: Stamps, after: Stamps) -> set[str]:
    """Files added, removed or modified between two scans."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def status(state: str, fresh: list[str] = [], edited: list[str] = [], problems: list[str] = []) -> str:  # noqa: B006
    """What `preview.json` tells the pages: current, updating (which pages already show the edit) or problems."""
    return json.dumps({"state": state, "fresh": fresh, "edited": edited, "problems": problems}, ensure_ascii=False)


def page_url(page: str) -> str:
    """The address path of a staged Markdown page, as the engine serves it (`states/kz.md` → `states/kz/`)."""
    stem = page.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


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

    def load(self) -> KnowledgeBase:
        """The knowledge base after the latest edits: only changed files are read and checked again."""
        return site_knowledge_base(self.root / "data", self.ctx, cache=self.cache)[0]

    def stage_all(self) -> str:
        """Stage everything; after data edits, pages with macros are marked changed so their lists are rendered
        again."""
        kb = self.load()
        status_files = {f"{language}/{STATUS_FILE}": status("current").encode("utf-8") for language in LANGUAGES}
        files = {**staged_files(self.root, kb, self.ctx, workers=cores()), **status_files}
        report = write_tree(self.root / STAGE_DIR, files, manifest=manifest_of(self.root))
        save_knowledge_base(self.root, kb)
        if self.pending:
            touch(
                self.root / STAGE_DIR,
                [f"{language}/{page}" for language in LANGUAGES for page in macro_pages(self.root / "docs")],
            )
        self.kb, self.pending, self.in_languages = kb, set(), {}
        return report.summary()

    def stage_edits(self, edited: set[str]) -> list[str]:
        """Stage the pages of the edited data files at once, in every language; the rest follows when editing pauses."""
        kb = self.edited_knowledge_base(edited)
        edited_pages: dict[str, bytes] = {}
        for language in LANGUAGES:
            pages = plan_pages(self.in_language(kb, edited, language), in_language(self.ctx, language), only=edited)
            edited_pages.update({f"{language}/{path}": page.markdown.encode("utf-8") for path, page in pages.items()})
        write_tree(self.root / STAGE_DIR, edited_pages, prune=False)  # the next full stage finds them by content
        self.pending |= edited
        self.last_edit = time.monotonic()
        fresh = sorted(
            {page_url(path.split("/", 1)[1]) for path in edited_pages}
        )  # the same in every language's folder
        self._status(status("updating", fresh, sorted(self.pending)))
        return sorted(path.split("/", 1)[1] for path in edited_pages if path.startswith(f"{SOURCE_LANGUAGE}/"))

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
    preview = Preview(root, ctx, cache=cache, kb=staged.kb)
    preview._status(status("current"))
    print("\n".join(describe(staged)), flush=True)
    host, port = dev_addr.rsplit(":", 1)
    ports = {language: free_port(host) for language in LANGUAGES}
    engines = [
        subprocess.Popen(engine_command(language, f"127.0.0.1:{ports[language]}"), cwd=root, env=environ)
        for language in LANGUAGES
    ]
    proxy = start_proxy((host, int(port)), ports, {language: prefix(language) for language in LANGUAGES})
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
    """The watch loop: one scan of the project per poll, each change handled by what it touches."""
    root = preview.root
    watched = ("data", *RESTAGE, *RESTART)
    stamps = scan(root, watched)
    while all(engine.poll() is None for engine in engines):
        time.sleep(POLL_SECONDS)
        now = scan(root, watched)
        edits, stamps = changed(stamps, now), now
        if any(path == entry or path.startswith(entry + "/") for path in edits for entry in RESTART):
            print("Code, schemas or configuration changed: restarting the preview.", flush=True)
            _stop_all(engines)
            os.execv(sys.executable, [sys.executable, "-m", "cica_kb", *sys.argv[1:]])
        _handle(preview, edits)
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
        elif preview.pending and time.monotonic() - preview.last_edit > SETTLE_SECONDS:
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
