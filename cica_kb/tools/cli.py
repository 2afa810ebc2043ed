"""Command line: `python -m cica_kb check`, `python -m cica_kb pages --out DIR`, `python -m cica_kb bench`…"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Iterator, Sequence

import yaml

from ..check.translations import translation_status
from ..check.validate import load_knowledge_base
from ..i18n import LANGUAGES, prefix
from ..load.collections import editor_settings
from ..model.model import KnowledgeBase
from ..model.review import entries_to_review
from ..parallel import cores
from ..problems import DataError, github_annotation

# `make check` imports only what checking needs (above); the pages, the engines and the tools are imported by
# the commands that use them, so a check does not wait for Jinja, icalendar or MkDocs to load.
ROOT = Path(__file__).resolve().parents[2]
UNTRANSLATED_VARIABLE = (
    "CICA_KB_UNTRANSLATED"  # set (to 1): `make check` lists each record and field without Russian text
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cica_kb", description="CICA Knowledge Base tools.")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder (default: %(default)s)")
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="how to print problems: text (path:line:col: field: message) or github (workflow annotations as well)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every file under data/ and report all problems")
    check.add_argument(
        "--untranslated",
        action="store_true",
        default=bool(os.environ.get(UNTRANSLATED_VARIABLE)),
        help="list every record and field without Russian text, not only a line per kind "
        f"(or set {UNTRANSLATED_VARIABLE}=1)",
    )
    pages = commands.add_parser(
        "pages", help="write the generated site source (pages and files, without docs/) into a folder"
    )
    pages.add_argument("--out", type=Path, required=True, help="folder to write the pages into")
    pages.add_argument(
        "--language",
        choices=LANGUAGES,
        action="append",
        help="only this language (default: every one, each in its folder of the site)",
    )
    stage = commands.add_parser(
        "stage", help="write docs/ and the generated site source into the folder the engine reads, its docs_dir"
    )
    stage.add_argument("--root", type=Path, default=_project(), help="project folder (default: %(default)s)")
    stage.add_argument(
        "--language", choices=LANGUAGES, action="append", help="stage only this language (default: every one)"
    )
    build = commands.add_parser(
        "build", help="stage, render with the engine, index for search; site/ is replaced only by a complete site"
    )
    build.add_argument("--root", type=Path, default=_project(), help="project folder (default: %(default)s)")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="output folder (default: %(default)s)")
    build.add_argument(
        "--engine",
        choices=_EngineNames(),
        default="mkdocs",
        metavar="ENGINE",  # a metavar: no import to say it
        help="engine that renders the staged tree: %(choices)s (default: %(default)s)",
    )
    build.add_argument(
        "--language", choices=LANGUAGES, action="append", help="build only this language (default: every one)"
    )
    serve = commands.add_parser(
        "serve", help="stage and serve a preview that follows edits to data/, docs/ and templates"
    )
    serve.add_argument("--root", type=Path, default=_project(), help="project folder (default: %(default)s)")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: %(default)s)")
    index = commands.add_parser("index", help="write the Pagefind search index of a built site")
    index.add_argument("site_dir", type=Path, help="the built site")
    csp = commands.add_parser(
        "csp", help="write the Content-Security-Policy into every page of a built site (after any engine)"
    )
    csp.add_argument("site_dir", type=Path, help="the built site, every language")
    links = commands.add_parser("links", help="check every source URL; list the dead ones (never fails the run)")
    links.add_argument("--report", type=Path, help="write the dead links as Markdown here (removed when none)")
    links.add_argument("--timeout", type=float, default=20, help="seconds per request (default: %(default)s)")
    new = commands.add_parser("new", help="start a new record from its template")
    new.add_argument("kind", choices=["practice"], help="what to create")
    new.add_argument("--country", required=True, help="ISO code of the state, e.g. KZ")
    new.add_argument("--title", required=True, help="title in English")
    new.add_argument("--id", help="file name and id (default: made from the title)")
    summary = commands.add_parser("summary", help="Markdown preview of the records a branch adds or changes")
    summary.add_argument("--base", default="origin/main", help="git ref to compare with (default: %(default)s)")
    owners = commands.add_parser("codeowners", help="write .github/CODEOWNERS from .github/reviewers.yml")
    owners.add_argument("--check", action="store_true", help="only check that the committed file is current")
    editor = commands.add_parser("editor-settings", help="write .vscode/settings.json from the collections table")
    editor.add_argument("--check", action="store_true", help="only check that the committed file is current")
    bench = commands.add_parser(
        "bench", help="measure check, build and search at several numbers of synthetic practices"
    )
    bench.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[100, 1_000, 10_000],
        help="numbers of synthetic practices (default: %(default)s)",
    )
    bench.add_argument("--out", type=Path, help="results file (default: the one the Performance page shows)")
    audit = commands.add_parser(
        "lighthouse", help="Lighthouse's scores of a built site at phone settings (make lighthouse)"
    )
    audit.add_argument("--site-dir", type=Path, default=Path("site"), help="the built site (default: %(default)s)")
    audit.add_argument("--out", type=Path, help="results file (default: the one the Performance page shows)")
    audit.add_argument("--runs", type=int, default=3, help="audits of each page; the median is kept (default: 3)")
    args = parser.parse_args(argv)
    if args.command in ("pages", "stage", "build", "serve", "index", "csp"):
        return _engine_command(args)
    if args.command == "bench":
        return _bench(args.sizes, args.out)
    if args.command == "lighthouse":
        return _lighthouse(args.site_dir, args.out, args.runs)
    if args.command == "editor-settings":
        return _editor_settings(args.check)
    if args.command == "new":
        return _new(args)
    started = time.perf_counter()
    try:
        kb = load_knowledge_base(args.data, progress=_progress if sys.stderr.isatty() else None)
    except DataError as error:
        if args.format == "github":
            print("\n".join(github_annotation(problem) for problem in error.problems))
        print(error, file=sys.stderr)
        return 1
    if args.command == "summary":
        from .summary import changed_data_files, summary_markdown

        print(summary_markdown(kb, changed_data_files(ROOT, args.base)))
        return 0
    if args.command == "codeowners":
        return _codeowners(kb, args.check)
    if args.command == "links":
        return _check_links(kb, args.report, args.timeout)
    counts = ", ".join(f"{kb.count(name)} {name}" for name in kb.records)
    print(f"Data OK: {counts} ({time.perf_counter() - started:.1f} s).")
    _print_warnings(kb, args.format)
    _print_translation_warnings(kb, args.format, args.untranslated)
    return 0


def _print_warnings(kb: KnowledgeBase, output: str) -> None:
    """Entries that may be out of date today: warnings, never a failure (the editors' list is on the site)."""
    from ..build.site import as_of

    day = as_of()
    warnings = [entry.warning for entry in entries_to_review(kb, day)]
    if output == "github":
        print("\n".join(github_annotation(warning, "warning") for warning in warnings))
    for warning in warnings:
        print(warning)
    if warnings:
        noun = "entry" if len(warnings) == 1 else "entries"
        print(
            f"{len(warnings)} {noun} to review as of {day.isoformat()} (warnings; also on the site's Entries to "
            "review page)."
        )


def _print_translation_warnings(kb: KnowledgeBase, output: str, every_field: bool) -> None:
    """Records without Russian text: a line per record kind, or with `every_field` a warning per record and field."""
    statuses = translation_status(kb)
    if every_field:
        warnings = [warning for status in statuses for entry in status.lacking for warning in entry.warnings]
        if output == "github":
            print("\n".join(github_annotation(warning, "warning") for warning in warnings))
        print("\n".join(map(str, warnings)))
    lines = [line for line in (status.summary_warning() for status in statuses) if line]
    for line in lines:
        print(line)
    if lines and not every_field:
        print(
            f"Missing Russian text is a warning, never an error; `{UNTRANSLATED_VARIABLE}=1 make check` lists "
            "every record and field."
        )


def _write_pages(root: Path, data: Path, out: Path, languages: list[str]) -> None:
    """The generated site source alone, exactly as the site has it (same context, same publication filter): the
    first language at the top of `out`, each other one in its folder, as in the site."""
    from ..build.site import build_context, site_knowledge_base
    from ..build.stage import contributing_guide, encoded, language_source, write_tree

    ctx = build_context(root)
    kb, excluded = site_knowledge_base(data, ctx)
    files: dict[str, bytes] = {}
    for language in languages:
        source = language_source(kb, ctx, contributing_guide(root, language), language, cores())
        folder = prefix(language) if len(languages) > 1 else ""
        files.update({folder + path: encoded(content) for path, content in source.items()})
    report = write_tree(out, files)
    print(f"Wrote the site source to {out}: {report.summary()}; {len(excluded)} pending entries left out.")


class _EngineNames:
    """The engines `build --engine` accepts, read from build/engine.py only when the command line needs them."""

    def _names(self) -> list[str]:
        from ..build.engine import ENGINES

        return sorted(ENGINES)

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())


def _project() -> Path:
    """The project folder: the working folder when it has mkdocs.yml (a copy of the project), else this checkout."""
    return Path.cwd() if (Path.cwd() / "mkdocs.yml").is_file() else ROOT


def _engine_command(args: argparse.Namespace) -> int:
    """stage, build, serve, csp and index: problems are printed as a list, never as a traceback."""
    from ..build.csp import write_policies
    from ..build.engine import BuildError, build_site, describe, stage_site
    from ..build.pagefind import SearchIndexError, index_languages
    from ..build.preview import serve

    try:
        if args.command == "pages":
            _write_pages(_project(), args.data, args.out, args.language or list(LANGUAGES))
        elif args.command == "stage":
            progress = _progress if sys.stderr.isatty() else None
            staged = stage_site(args.root, progress=progress, languages=tuple(args.language or LANGUAGES))
            print("\n".join(describe(staged)))
        elif args.command == "build":
            build_site(args.root, args.site_dir.resolve(), args.engine, languages=tuple(args.language or LANGUAGES))
        elif args.command == "serve":
            return serve(args.root, args.dev_addr)
        elif args.command == "csp":
            print(f"Content-Security-Policy written into {write_policies(args.site_dir, cores())} pages.")
        else:
            counts = index_languages(args.site_dir, tuple(prefix(language).rstrip("/") for language in LANGUAGES))
            print(
                "Search index: "
                + ", ".join(f"{pages} pages in {folder or 'the root'}" for folder, pages in counts.items())
                + "."
            )
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    except (BuildError, SearchIndexError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def _check_links(kb: KnowledgeBase, report: Path | None, timeout: float) -> int:
    from .links import check_links, dead_links_report, source_urls

    cited_by = source_urls(kb)
    total = len(cited_by)
    print(f"Checking {total} source links…", file=sys.stderr)
    results = check_links(cited_by, timeout=timeout, progress=lambda done: _progress_line("Links checked", done, total))
    text = dead_links_report(results, cited_by)
    dead = sum(result.dead for result in results)
    print(f"{dead} of {total} links did not answer.")
    if report:
        if text:
            report.write_text(text, encoding="utf-8")
            print(f"Dead links listed in {report}.")
        else:
            report.unlink(missing_ok=True)
    return 0


def _progress_line(label: str, done: int, total: int) -> None:
    if sys.stderr.isatty() or done == total or done % 25 == 0:
        print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)


def _new(args: argparse.Namespace) -> int:
    from .scaffold import new_practice

    try:
        path = new_practice(
            args.data, ROOT / "templates" / "practice.yml", args.country, args.title, args.id, date.today()
        )
    except (ValueError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Created {path}. Fill in the fields (each is explained in the file), then run `make check`.")
    return 0


def _codeowners(kb: KnowledgeBase, check: bool) -> int:
    from .codeowners import codeowners_text

    reviewers = yaml.safe_load((ROOT / ".github" / "reviewers.yml").read_text(encoding="utf-8"))
    return _write_or_check(ROOT / ".github" / "CODEOWNERS", codeowners_text(kb, reviewers), check, "codeowners")


def _write_or_check(target: Path, wanted: str, check: bool, command: str) -> int:
    """Write a generated file, or with --check fail when the committed one is stale."""
    if check:
        if target.exists() and target.read_text(encoding="utf-8") == wanted:
            return 0
        print(f"{target.relative_to(ROOT)} is stale: run `python -m cica_kb {command}`", file=sys.stderr)
        return 1
    target.parent.mkdir(exist_ok=True)
    target.write_text(wanted, encoding="utf-8")
    print(f"Wrote {target.relative_to(ROOT)}")
    return 0


def _editor_settings(check: bool) -> int:
    wanted = json.dumps(editor_settings(), indent=2) + "\n"
    return _write_or_check(ROOT / ".vscode" / "settings.json", wanted, check, "editor-settings")


def _bench(sizes: list[int], out: Path | None) -> int:
    from ..bench.results import RESULTS_PATH
    from ..bench.run import run_bench  # Playwright and the measuring glue: only for this command

    out = out or ROOT / RESULTS_PATH

    run_bench(ROOT, sizes, out, progress=lambda line: print(line, flush=True))
    print(f"Results written to {out}; the Performance page shows {RESULTS_PATH} when the site is built.")
    return 0


def _progress(done: int, total: int) -> None:
    if done == total or done % 500 == 0:
        _progress_line("Data files checked", done, total)


def _lighthouse(site: Path, out: Path | None, runs: int) -> int:
    from ..bench.lighthouse import AUDIT_PATH  # the benchmark's modules: only for this command
    from ..bench.lighthouse_run import LighthouseError, run_lighthouse  # Node and Chromium: only for this command

    try:
        run_lighthouse(
            ROOT,
            site,
            out or ROOT / AUDIT_PATH,
            os.environ.get("CICA_KB_BROWSER") or "chromium",
            runs,
            lambda line: print(line, flush=True),
        )
    except LighthouseError as error:
        print(error, file=sys.stderr)
        return 1
    return 0
