"""The staged docs tree: hand-written `docs/` plus the generated site source, on disk for any engine.

`python -m cica_kb stage` writes it into `staged-docs/` (the engine's `docs_dir`). Only files whose
content changed are rewritten, so modification times tell an engine (`mkdocs serve --dirty`) what
to rebuild; files no longer produced are removed. Any data problem removes the whole tree: no stale
page can be built after a failed check.
"""

from __future__ import annotations

import copyreg
import hashlib
import json
import os
import pickle
import shutil
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path
from types import MappingProxyType
from typing import AbstractSet, Callable, Iterable, Iterator, Mapping

from ..check.schemas import SCHEMA_DIR, published_schema_text, schema_documents
from ..i18n import LANGUAGES, SOURCE_LANGUAGE, prefix, translator
from ..model.context import SiteContext
from ..model.localize import localized
from ..model.model import KnowledgeBase
from ..outputs.site_source import CONTRIBUTING, Content, Done, Edition, site_parts, site_source
from .language_config import config_file, language_config

STAGE_DIR = "staged-docs"  # one docs tree per language: staged-docs/en/ is mkdocs.yml's docs_dir
CACHE_DIR = ".stage-cache"  # what the engine's macros read instead of checking the data again
KB_CACHE = "kb.pickle"
MANIFEST = "manifest.json"  # what the last stage run wrote, so the next one reads nothing it need not
INPUTS_FILE = "inputs.json"  # what the last stage run was made from: with nothing changed, nothing is redone
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # its code and templates are inputs too
INPUTS = ("data", "docs", "templates", "locale", "CONTRIBUTING.md", "CONTRIBUTING.ru.md", "mkdocs.yml")
HAND_WRITTEN = "docs"


def _read_only(mapping: dict[str, object]) -> MappingProxyType[str, object]:
    return MappingProxyType(mapping)


copyreg.pickle(MappingProxyType, lambda proxy: (_read_only, (dict(proxy),)))  # records are read-only mappings


class StageError(Exception):
    """The staged tree cannot be written as asked (a generated path would hide a hand-written page)."""


@dataclass(frozen=True)
class StageReport:
    """What one stage run did."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]

    def summary(self) -> str:
        return f"{len(self.written)} written, {self.unchanged} unchanged, {len(self.removed)} removed"


def hand_written(docs: Path) -> dict[str, bytes]:
    """Every file under docs/, by its path relative to docs/ (`ru/…` are the Russian pages)."""
    return {path.relative_to(docs).as_posix(): path.read_bytes() for path in sorted(docs.rglob("*")) if path.is_file()}


def language_tree(language: str) -> str:
    """The staged docs tree of a language, relative to the project: its engine's `docs_dir`."""
    return f"{STAGE_DIR}/{language}"


def hand_written_in(docs: Mapping[str, bytes], language: str, notice: str) -> dict[str, bytes]:
    """The hand-written files of a language's tree: `docs/` itself for English; for another language its own pages
    (`docs/<language>/…`) and, where one is missing, the English page under a notice that says it is in English."""
    translated = tuple(prefix(other) for other in LANGUAGES if other != SOURCE_LANGUAGE)
    source = {path: content for path, content in docs.items() if not path.startswith(translated)}
    if language == SOURCE_LANGUAGE:
        return source
    own = {
        path.removeprefix(prefix(language)): content
        for path, content in docs.items()
        if path.startswith(prefix(language))
    }
    fallback = {
        path: with_notice(content, notice) if path.endswith(".md") else content for path, content in source.items()
    }
    return {**fallback, **own}


def with_notice(page: bytes, notice: str) -> bytes:
    """A hand-written page with a notice after its front matter and first heading."""
    text = page.decode("utf-8")
    head, body = ("", text)
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        end = text.index("\n---\n", 4) + 5
        head, body = text[:end], text[end:]
    lines = body.split("\n")
    heading = next((number for number, line in enumerate(lines) if line.startswith("# ")), -1)
    lines.insert(heading + 1, f"\n{notice}\n")
    return (head + "\n".join(lines)).encode("utf-8")


def in_language(ctx: SiteContext, language: str) -> SiteContext:
    """The build context of a language's tree: its pages' addresses are under the language's folder."""
    return replace(ctx, language=language, site_url=f"{ctx.site_url.rstrip('/')}/{prefix(language)}")


def schema_files(site_url: str) -> dict[str, bytes]:
    """The JSON Schemas as published under schemas/: each with its address under the site as `$id`."""
    return {f"{name}.schema.json": published_schema_text(name, site_url).encode("utf-8") for name in schema_documents()}


def staged_files(
    root: Path, kb: KnowledgeBase, ctx: SiteContext, workers: int = 1, languages: tuple[str, ...] = LANGUAGES
) -> dict[str, bytes]:
    """Each language's tree (every language's by default), keyed `<language>/<path>`: its hand-written pages and its
    site source."""
    parts = staged_parts(root, kb, ctx, _encoded_files, workers, languages)
    return {path: content for part in parts for path, content in part.items()}


def staged_parts(
    root: Path,
    kb: KnowledgeBase,
    ctx: SiteContext,
    finish: Callable[[Mapping[str, Content]], Done],
    workers: int = 1,
    languages: tuple[str, ...] = LANGUAGES,
) -> Iterator[Done]:
    """`staged_files` in parts, each given to `finish` where it is made (`site_parts`): each language's hand-written
    pages, then the site source of every language, which may not shadow a page of its tree."""
    docs = hand_written(root / HAND_WRITTEN)
    editions = []
    for language in languages:
        pages = hand_written_in(docs, language, fallback_notice(language))
        yield finish({f"{language}/{path}": content for path, content in pages.items()})
        context = in_language(ctx, language)
        in_tree = partial(_in_tree, language, frozenset(pages), finish)
        guide, schemas = contributing_guide(root, language), schema_files(context.site_url)
        editions.append(Edition(localized(kb, language), context, guide, schemas, in_tree))
    yield from site_parts(editions, workers)


def _in_tree(
    language: str,
    pages: AbstractSet[str],
    finish: Callable[[Mapping[str, Content]], Done],
    files: Mapping[str, Content],
) -> Done:
    """A part of a language's site source, given to `finish` at its paths in the staged tree."""
    clashes = sorted(set(files) & pages)
    if clashes:
        raise StageError(f"docs/ has files the build generates; rename or remove them: {', '.join(clashes)}")
    return finish({f"{language}/{path}": content for path, content in files.items()})


def _encoded_files(files: Mapping[str, Content]) -> dict[str, bytes]:
    return {path: encoded(content) for path, content in files.items()}


def contributing_guide(root: Path, language: str) -> str:
    """The contributors' guide in a language: CONTRIBUTING.<language>.md, or the English one under a notice."""
    if language == SOURCE_LANGUAGE:
        return (root / CONTRIBUTING).read_text(encoding="utf-8")
    own = root / CONTRIBUTING.replace(".md", f".{language}.md")
    if own.is_file():
        return own.read_text(encoding="utf-8")
    return with_notice((root / CONTRIBUTING).read_bytes(), fallback_notice(language)).decode("utf-8")


def language_source(
    kb: KnowledgeBase, ctx: SiteContext, guide: str, language: str, workers: int = 1
) -> dict[str, Content]:
    """The site source of one language: the knowledge base in it, at the language's addresses."""
    context = in_language(ctx, language)
    return site_source(localized(kb, language), context, guide, schema_files(context.site_url), workers)


def fallback_notice(language: str) -> str:
    """What a hand-written page not yet written in a language says, in that language (an admonition)."""
    translate = translator(language).gettext
    title, text = translate("In English"), translate("This page has not been translated yet; it is shown in English.")
    return f'!!! note "{title}"\n\n    {text}'


def encoded(content: Content) -> bytes:
    """A generated file's bytes as written to disk."""
    return content.encode("utf-8") if isinstance(content, str) else content


def write_tree(out: Path, files: Mapping[str, bytes], prune: bool = True, manifest: Path | None = None) -> StageReport:
    """Make `out` hold exactly `files` (or at least them, without `prune`), rewriting only what differs.

    With a `manifest` (what the last run wrote: size, time and digest of each file), an unchanged file
    costs one `stat`, not a read, and files no longer produced are found without walking the tree.
    A tree written for the first time is written beside `out` and renamed into place when complete.
    """
    return write_parts(out, lambda write: [write(files)], prune, manifest)


Written = tuple[list[str], dict[str, tuple[int, int, str]]]  # the files a part rewrote; each one's manifest entry
Write = Callable[[Mapping[str, Content]], Written]


def write_parts(
    out: Path, make: Callable[[Write], Iterable[Written]], prune: bool = True, manifest: Path | None = None
) -> StageReport:
    """`write_tree` of files made in parts: `make(write)` makes each part and calls `write` on it where it is made
    (in a forked worker, on a large site), so that files are written on every core and their text is never sent
    between processes. Each part is written, and free to go, before the next."""
    known = _read_manifest(manifest)
    fresh = not out.exists()
    target = out.with_name(f".{out.name}.partial") if fresh else out
    if fresh:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
    entries = {} if prune else dict(known)
    changed: list[str] = []
    count = 0
    for written, part_entries in make(partial(_written_part, target, known, fresh)):
        changed += written
        count += len(part_entries)
        entries.update(part_entries)
    if fresh:
        target.rename(out)
    produced = set(entries) if prune else set()
    removed: list[str] = []
    if prune and not fresh:
        removed = _forget(out, set(known) - produced) if known else _prune(out, produced)
    if manifest is not None:
        _write_atomic(manifest, json.dumps(entries, sort_keys=True).encode("utf-8"))
    return StageReport(tuple(changed), count - len(changed), tuple(removed))


def _written_part(
    out: Path, known: Mapping[str, tuple[int, int, str]], fresh: bool, part: Mapping[str, Content]
) -> Written:
    """The files of one part written where they differ: which were, and the manifest's entry of each."""
    files = _encoded_files(part)
    digests = {path: hashlib.blake2b(content, digest_size=16).hexdigest() for path, content in files.items()}
    stamps: dict[str, tuple[int, int]] = {}
    for path in () if fresh else files:
        stamp = _current(out / path, files[path], known.get(path), digests[path])
        if stamp is not None:
            stamps[path] = stamp
    changed = [path for path in files if path not in stamps]
    stamps.update(_written(out, {path: files[path] for path in changed}, atomic=not fresh))
    return changed, {path: (*stamps[path], digests[path]) for path in files}


def _current(target: Path, content: bytes, entry: tuple[int, int, str] | None, digest: str) -> tuple[int, int] | None:
    """The size and time of `target` if it already holds `content` (by the manifest's `entry`, else by reading it)."""
    stamp = _stamp(target)
    if entry and entry[2] == digest and stamp == (entry[0], entry[1]):
        return stamp
    return stamp if _same_file(target, content) else None


def _written(out: Path, files: Mapping[str, bytes], atomic: bool) -> dict[str, tuple[int, int]]:
    """Write `files` under `out`, each folder made once; the size and time of each as written.

    One thread: on this kind of file system, threads writing small files take four times as long (measured).
    """
    for folder in sorted({(out / path).parent for path in files}):
        folder.mkdir(parents=True, exist_ok=True)
    write = _write_atomic if atomic else _write_new
    return {path: write(out / path, content) for path, content in files.items()}


def _write_new(target: Path, content: bytes) -> tuple[int, int]:
    """Write a file of a tree no engine reads yet; its size and time."""
    with open(target, "wb") as handle:
        handle.write(content)
        handle.flush()
        stat = os.fstat(handle.fileno())
    return stat.st_size, stat.st_mtime_ns


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return stat.st_size, stat.st_mtime_ns


def _same_file(target: Path, content: bytes) -> bool:
    return target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content


def _read_manifest(manifest: Path | None) -> dict[str, tuple[int, int, str]]:
    if manifest is None or not manifest.is_file():
        return {}
    return {path: (size, mtime, digest) for path, (size, mtime, digest) in json.loads(manifest.read_bytes()).items()}


def _forget(out: Path, gone: set[str]) -> list[str]:
    """Remove the files of the last run that this run no longer produces, and folders left empty."""
    for path in sorted(gone):
        (out / path).unlink(missing_ok=True)
    for folder in sorted({(out / path).parent for path in gone}, key=lambda p: len(p.parts), reverse=True):
        while folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return sorted(gone)


def _write_atomic(target: Path, content: bytes) -> tuple[int, int]:
    """Write beside the target, then rename: an engine watching the folder never reads half a file; its size and
    time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    stamp = _write_new(partial, content)
    os.replace(partial, target)
    return stamp


def _prune(out: Path, wanted: set[str]) -> list[str]:
    """Remove files the build no longer produces, then the folders left empty."""
    removed = [path.relative_to(out).as_posix() for path in sorted(out.rglob("*")) if path.is_file()]
    removed = [path for path in removed if path not in wanted]
    for path in removed:
        (out / path).unlink()
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


def touch(out: Path, paths: Iterable[str]) -> None:
    """Mark staged files as changed, so an engine that rebuilds only what changed renders them again."""
    for path in paths:
        if (out / path).is_file():
            os.utime(out / path)


def clear(root: Path) -> None:
    """Remove the staged trees, their configurations and the cache, so a failed check leaves nothing to build."""
    for folder in (STAGE_DIR, f".{STAGE_DIR}.partial", CACHE_DIR):
        shutil.rmtree(root / folder, ignore_errors=True)
    for language in LANGUAGES[1:]:
        (root / config_file(language)).unlink(missing_ok=True)


def language_configs(base: Mapping[str, object], ctx: SiteContext) -> dict[str, bytes]:
    """The engine configuration of each language after the first (`mkdocs.ru.yml`), by file name."""
    return {
        config_file(language): language_config(
            base, language, ctx.site_url, language_tree(language), translator(language).gettext
        ).encode("utf-8")
        for language in LANGUAGES[1:]
    }


def manifest_of(root: Path) -> Path:
    """Where the stage step keeps what it last wrote."""
    (root / CACHE_DIR).mkdir(exist_ok=True)
    return root / CACHE_DIR / MANIFEST


def save_knowledge_base(root: Path, kb: KnowledgeBase) -> None:
    """Keep the checked knowledge base for the engine's macros, so the build does not check the data twice."""
    cache = root / CACHE_DIR
    cache.mkdir(exist_ok=True)
    _write_atomic(cache / KB_CACHE, pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL))


def load_saved_knowledge_base(root: Path) -> KnowledgeBase | None:
    """The knowledge base the last stage run checked, if there is one (read once per change of the file)."""
    cached = root / CACHE_DIR / KB_CACHE
    if not cached.is_file():
        return None
    stat = cached.stat()
    return _unpickled(cached.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2)
def _unpickled(path: Path, mtime_ns: int, size: int) -> KnowledgeBase:
    """Zensical runs macros.py again for every page: the saved knowledge base is read once, not once a page."""
    with path.open("rb") as handle:
        kb: KnowledgeBase = pickle.load(handle)
    return kb


def input_fingerprint(root: Path, ctx: SiteContext) -> str:
    """A digest of everything a stage run reads: the build context and each input file's size and time."""
    digest = hashlib.blake2b(repr(ctx).encode("utf-8"), digest_size=16)
    folders = [root / entry for entry in INPUTS] + [SCHEMA_DIR, PACKAGE_DIR]
    for folder in folders:
        paths = [folder] if folder.is_file() else sorted(folder.rglob("*")) if folder.is_dir() else []
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def unchanged_since_last_stage(root: Path, fingerprint: str) -> tuple[int, list[tuple[str, str]]] | None:
    """(files, exclusions) of the last stage run if it had the same inputs and its tree is intact, else None."""
    recorded, manifest = root / CACHE_DIR / INPUTS_FILE, root / CACHE_DIR / MANIFEST
    if not (recorded.is_file() and manifest.is_file()):
        return None
    last = json.loads(recorded.read_bytes())
    entries = _read_manifest(manifest)
    if last.get("fingerprint") != fingerprint:
        return None
    if any(_stamp(root / STAGE_DIR / path) != (size, mtime) for path, (size, mtime, _) in entries.items()):
        return None
    return len(entries), [tuple(pair) for pair in last["excluded"]]


def record_inputs(root: Path, fingerprint: str, excluded: list[tuple[str, str]]) -> None:
    """Note what this stage run was made from, for the next one."""
    _write_atomic(
        root / CACHE_DIR / INPUTS_FILE, json.dumps({"fingerprint": fingerprint, "excluded": excluded}).encode("utf-8")
    )
