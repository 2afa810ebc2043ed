"""The benchmark's results and what the Performance page shows of them: pure functions only.

`make bench` (cica_kb/bench/run.py) measures; this module holds the records it writes to
`docs/about/performance.json`, the targets of issue 3, and the tables and charts made from them.
Sizes are in kB of 1,000 bytes, as the issue states its targets.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, asdict, dataclass, fields, is_dataclass
from pathlib import Path
from statistics import median
from typing import Any, get_args, get_origin, get_type_hints

from ..i18n import N_, SOURCE, SOURCE_LANGUAGE, Translator, translator
from ..render.diagram import BarChart, bar_chart
from ..render.pages import environment
from ..render.text import Markdown

RESULTS_PATH = Path("docs/about/performance.json")  # relative to the project root
TARGET_SIZE = 10_000  # the targets are set for this many synthetic practices
CHECK_LIMIT_S = 2.0  # issue 13 (the first version asked for 5 s)
FIRST_QUERY_LIMIT_KB = 300
FIRST_ANSWER_LIMIT_MS = 500
BUILD_RATIO_LIMIT = 1.2
PEAK_MEMORY_LIMIT_MIB = 1024  # 1 GB for the whole build, every process of it at once
PREVIEW_LIMIT_S = 3.0  # saving a practice file → its page shows the new text under `make serve` (median)
STAGE_LIMIT_S = 10.0
RESTAGE_LIMIT_S = 2.0
LANGUAGES_RATIO_LIMIT = 2.0  # English and Russian against English alone
QUERIES = ("benchmarkterm", "volunteer", "cyclone")  # rare (one synthetic practice), common, rare (real data)
HEADER_QUERY = "volunteer"


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    memory_gib: float
    os: str
    python: str
    chromium: str
    pagefind: str
    mkdocs: str
    material: str
    date: str  # YYYY-MM-DD of the run


@dataclass(frozen=True)
class Timing:
    """A command's wall-clock and CPU time (its own and its children's), and the load before it ran."""

    seconds: float
    cpu_seconds: float
    load: tuple[float, float, float]  # os.getloadavg() just before


@dataclass(frozen=True)
class Build:
    """One `mkdocs build`: time, peak resident memory (MiB) and what it produced."""

    timing: Timing
    peak_mkdocs_mib: float  # the mkdocs process itself (VmHWM)
    peak_indexer_mib: float  # Pagefind, a grandchild; 0 for the plain build
    peak_total_mib: float  # all processes of the build at once, sampled every 50 ms
    index_seconds: float  # Pagefind's share of the build, as the hook logs it; 0 for the plain build
    pages: int  # HTML pages written


@dataclass(frozen=True)
class Transfer:
    """Requests made for one step in Chromium: bytes as served here (uncompressed) and gzip'ed."""

    query: str
    bytes: int  # bytes the local server sent (headers and bodies, uncompressed), counted at the server
    gzip_bytes: int  # the same files as GitHub Pages serves them (text gzip'ed, Pagefind chunks as they are)
    search_bytes: int  # the part under pagefind/
    search_gzip_bytes: int
    requests: int
    ms: float  # last keystroke (or navigation start, for opening a page) → results shown
    results: int
    load: tuple[float, float, float]


@dataclass(frozen=True)
class SizeRun:
    """Every measurement at one number of synthetic practices."""

    synthetic: int
    practices: int  # synthetic and real
    check: Timing
    ours: Build
    plain: Build
    pagefind_bytes: int
    pagefind_files: int
    material_index_bytes: int  # the plain build's search/search_index.json
    material_index_gzip_bytes: int
    finder_open: Transfer  # opening practices/find/ in a cold browser: the engine and the first listing
    queries: tuple[Transfer, ...]  # typed one after another into the finder, as QUERIES
    header: Transfer  # the header search box on the home page, cold
    stage: Timing = Timing(0.0, 0.0, (0.0, 0.0, 0.0))  # `stage` into an empty folder (0: not measured)
    restage: Timing = Timing(0.0, 0.0, (0.0, 0.0, 0.0))  # `stage` again with nothing changed
    preview_edits: tuple[float, ...] = ()  # seconds from saving a practice file to its page showing it, under serve
    bilingual: tuple[
        Build, ...
    ] = ()  # the build of every language (one entry; `ours` is English alone); () if not measured

    @property
    def preview_median(self) -> float:
        return median(self.preview_edits) if self.preview_edits else 0.0

    @property
    def first_query_bytes(self) -> int:
        """Search bytes from opening the finder to the first answer: engine, index, listing, query."""
        return self.finder_open.search_bytes + self.queries[0].bytes

    @property
    def first_query_gzip_bytes(self) -> int:
        return self.finder_open.search_gzip_bytes + self.queries[0].gzip_bytes

    @property
    def build_ratio(self) -> float:
        return self.ours.timing.seconds / self.plain.timing.seconds

    @property
    def languages_ratio(self) -> float:
        """The build of every language against English alone; 0 when not measured."""
        return self.bilingual[0].timing.seconds / self.ours.timing.seconds if self.bilingual else 0.0

    @property
    def cpu_ratio(self) -> float:
        return self.ours.timing.cpu_seconds / self.plain.timing.cpu_seconds


@dataclass(frozen=True)
class Results:
    machine: Machine
    runs: tuple[SizeRun, ...]


def results_json(results: Results) -> str:
    return json.dumps(asdict(results), indent=2, ensure_ascii=False) + "\n"


def results_from_json(text: str) -> Results:
    """The inverse of results_json; a missing or mistyped field raises (KeyError, TypeError)."""
    return _from_dict(Results, json.loads(text))


def read_results(path: Path) -> Results:
    return results_from_json(path.read_text(encoding="utf-8"))


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    hints = get_type_hints(cls)
    values = {}
    for field in fields(cls):
        if field.name not in data and field.default is not MISSING:
            continue  # measured since the results file was written: not in older runs
        kind, value = hints[field.name], data[field.name]
        if isinstance(kind, type) and is_dataclass(kind):
            value = _from_dict(kind, value)
        elif get_origin(kind) is tuple:
            item = get_args(kind)[0]
            value = tuple(
                _from_dict(item, entry) if isinstance(item, type) and is_dataclass(item) else entry for entry in value
            )
        values[field.name] = value
    return cls(**values)


@dataclass(frozen=True)
class TargetCheck:
    target: str
    measured: str
    met: bool
    margin: str  # how far below or above the limit


def kb(count: int, tr: Translator = SOURCE) -> str:
    """`12.3 kB`, `1.2 MB`: sizes in units of 1,000 bytes."""
    if count >= 1_000_000:
        return tr.gettext("%(size)s MB", size=tr.number(count / 1_000_000, 1, grouped=False))
    return tr.gettext("%(size)s kB", size=tr.number(count / 1_000, 1, grouped=False))


def seconds(value: float, tr: Translator = SOURCE, digits: int | None = None) -> str:
    """`12.3 s`, `1.23 s`: two decimals below ten seconds unless `digits` says."""
    places = (1 if value >= 10 else 2) if digits is None else digits
    return tr.gettext("%(seconds)s s", seconds=tr.number(value, places, grouped=False))


def milliseconds(value: float, tr: Translator) -> str:
    return tr.gettext("%(ms)s ms", ms=tr.number(value, grouped=False))


def _mib(value: float, tr: Translator) -> str:
    return tr.gettext("%(mib)s MiB", mib=tr.number(value))


def _times(ratio: float, tr: Translator, digits: int = 2) -> str:
    """`1.65×`: how many times another quantity."""
    return f"{tr.number(ratio, digits, grouped=False)}×"


def _margin(measured: float, limit: float, tr: Translator) -> str:
    share = measured / limit
    if share <= 1:
        return tr.gettext("%(share)s of the limit", share=tr.percent(share))
    return tr.gettext("%(ratio)s× the limit", ratio=tr.number(share, 2, grouped=False))


def target_checks(run: SizeRun, language: str = SOURCE_LANGUAGE) -> tuple[TargetCheck, ...]:
    """The issues' targets, checked on one run (they are set for 10,000 synthetic practices), in `language`."""
    tr = translator(language)
    first_kb = max(run.first_query_bytes, run.header.bytes) / 1_000
    first_ms = max(run.queries[0].ms, run.header.ms)
    return (
        TargetCheck(
            tr.gettext("make check takes ≤ %(limit)s", limit=seconds(CHECK_LIMIT_S, tr, 0)),
            seconds(run.check.seconds, tr),
            run.check.seconds <= CHECK_LIMIT_S,
            _margin(run.check.seconds, CHECK_LIMIT_S, tr),
        ),
        TargetCheck(
            tr.gettext(
                "A first query transfers ≤ %(limit)s in total",
                limit=tr.gettext("%(size)s kB", size=tr.number(FIRST_QUERY_LIMIT_KB, grouped=False)),
            ),
            tr.gettext(
                "policy finder %(opening)s from opening the page (%(keystroke)s after the keystroke), header box "
                "%(header)s "
                "(cold), as served here, uncompressed; %(opening_gzip)s and %(header_gzip)s gzip'ed as GitHub "
                "Pages serves them",
                opening=kb(run.first_query_bytes, tr),
                keystroke=kb(run.queries[0].bytes, tr),
                header=kb(run.header.bytes, tr),
                opening_gzip=kb(run.first_query_gzip_bytes, tr),
                header_gzip=kb(run.header.gzip_bytes, tr),
            ),
            first_kb <= FIRST_QUERY_LIMIT_KB,
            _margin(first_kb, FIRST_QUERY_LIMIT_KB, tr),
        ),
        TargetCheck(
            tr.gettext("Results ≤ %(limit)s after the last keystroke", limit=milliseconds(FIRST_ANSWER_LIMIT_MS, tr)),
            tr.gettext(
                "policy finder %(finder)s (“%(query)s”), header box %(header)s (cold, “%(header_query)s”)",
                finder=milliseconds(run.queries[0].ms, tr),
                query=QUERIES[0],
                header=milliseconds(run.header.ms, tr),
                header_query=HEADER_QUERY,
            ),
            first_ms <= FIRST_ANSWER_LIMIT_MS,
            _margin(first_ms, FIRST_ANSWER_LIMIT_MS, tr),
        ),
        TargetCheck(
            tr.gettext(
                "Building with the search index takes ≤ %(times)s a plain MkDocs + Material build",
                times=_times(BUILD_RATIO_LIMIT, tr, 1),
            ),
            tr.gettext(
                "%(times)s (%(ours)s against %(plain)s; CPU time %(cpu)s)",
                times=_times(run.build_ratio, tr),
                ours=seconds(run.ours.timing.seconds, tr),
                plain=seconds(run.plain.timing.seconds, tr),
                cpu=_times(run.cpu_ratio, tr),
            ),
            run.build_ratio <= BUILD_RATIO_LIMIT,
            _margin(run.build_ratio, BUILD_RATIO_LIMIT, tr),
        ),
        TargetCheck(
            tr.gettext("Peak memory of the whole build ≤ %(limit)s", limit=_mib(PEAK_MEMORY_LIMIT_MIB, tr)),
            tr.gettext(
                "%(total)s (engine %(engine)s, Pagefind %(pagefind)s)",
                total=_mib(run.ours.peak_total_mib, tr),
                engine=tr.number(run.ours.peak_mkdocs_mib),
                pagefind=tr.number(run.ours.peak_indexer_mib),
            ),
            run.ours.peak_total_mib <= PEAK_MEMORY_LIMIT_MIB,
            _margin(run.ours.peak_total_mib, PEAK_MEMORY_LIMIT_MIB, tr),
        ),
        TargetCheck(
            tr.gettext(
                "Edit → preview ≤ %(limit)s under make serve (median of the edits)",
                limit=seconds(PREVIEW_LIMIT_S, tr, 0),
            ),
            tr.gettext(
                "%(median)s (each: %(edits)s)",
                median=seconds(run.preview_median, tr),
                edits=", ".join(seconds(edit, tr) for edit in run.preview_edits) or tr.gettext(NOT_MEASURED),
            ),
            0 < run.preview_median <= PREVIEW_LIMIT_S,
            _margin(run.preview_median, PREVIEW_LIMIT_S, tr),
        ),
        TargetCheck(
            tr.gettext(
                "English and Russian build in ≤ %(times)s the time of English alone",
                times=_times(LANGUAGES_RATIO_LIMIT, tr, 0),
            ),
            tr.gettext(
                "%(times)s (%(both)s against %(english)s; peak %(peak)s)",
                times=_times(run.languages_ratio, tr),
                both=seconds(run.bilingual[0].timing.seconds, tr),
                english=seconds(run.ours.timing.seconds, tr),
                peak=_mib(run.bilingual[0].peak_total_mib, tr),
            )
            if run.bilingual
            else tr.gettext(NOT_MEASURED),
            0 < run.languages_ratio <= LANGUAGES_RATIO_LIMIT,
            _margin(run.languages_ratio, LANGUAGES_RATIO_LIMIT, tr),
        ),
        TargetCheck(
            tr.gettext(
                "Staged tree written ≤ %(first)s, again with no change ≤ %(again)s",
                first=seconds(STAGE_LIMIT_S, tr, 0),
                again=seconds(RESTAGE_LIMIT_S, tr, 0),
            ),
            tr.gettext(
                "%(first)s, then %(again)s",
                first=seconds(run.stage.seconds, tr),
                again=seconds(run.restage.seconds, tr),
            ),
            0 < run.stage.seconds <= STAGE_LIMIT_S and 0 < run.restage.seconds <= RESTAGE_LIMIT_S,
            _margin(max(run.stage.seconds / STAGE_LIMIT_S, run.restage.seconds / RESTAGE_LIMIT_S), 1.0, tr),
        ),
    )


def target_run(results: Results) -> SizeRun | None:
    """The run the targets are checked on: 10,000 synthetic practices, if it was measured."""
    return next((run for run in results.runs if run.synthetic == TARGET_SIZE), None)


@dataclass(frozen=True)
class Report:
    """What the Performance page and the command's summary show: cells already formatted."""

    machine: Machine
    build_columns: tuple[str, ...]
    build_rows: tuple[tuple[str, ...], ...]
    search_columns: tuple[str, ...]
    search_rows: tuple[tuple[str, ...], ...]
    checks: tuple[TargetCheck, ...]  # empty when 10,000 was not measured
    largest: int
    charts: tuple[BarChart, ...]


def _load(load: tuple[float, float, float], tr: Translator) -> str:
    return tr.number(load[0], 1, grouped=False)


def _build_cell(build: Build, tr: Translator) -> str:
    return tr.gettext(
        "%(seconds)s (CPU %(cpu)s; load %(load)s)",
        seconds=seconds(build.timing.seconds, tr),
        cpu=seconds(build.timing.cpu_seconds, tr),
        load=_load(build.timing.load, tr),
    )


def build_row(run: SizeRun, tr: Translator = SOURCE) -> tuple[str, ...]:
    """Synthetic practices, check, builds, ratio, memory and index sizes, as table cells."""
    return (
        tr.gettext(
            "%(synthetic)s (+%(real)s real)",
            synthetic=tr.number(run.synthetic),
            real=tr.number(run.practices - run.synthetic, grouped=False),
        ),
        tr.gettext(
            "%(seconds)s (load %(load)s)", seconds=seconds(run.check.seconds, tr), load=_load(run.check.load, tr)
        ),
        _build_cell(run.ours, tr),
        _build_cell(run.plain, tr),
        tr.gettext("%(times)s (CPU %(cpu)s)", times=_times(run.build_ratio, tr), cpu=_times(run.cpu_ratio, tr)),
        seconds(run.ours.index_seconds, tr),
        f"{tr.number(run.ours.peak_mkdocs_mib)} · {tr.number(run.ours.peak_indexer_mib)} · "
        f"{_mib(run.ours.peak_total_mib, tr)}",
        _mib(run.plain.peak_mkdocs_mib, tr),
        tr.ngettext(
            "%(size)s in %(files)s file",
            "%(size)s in %(files)s files",
            run.pagefind_files,
            size=kb(run.pagefind_bytes, tr),
            files=tr.number(run.pagefind_files),
        ),
        tr.gettext(
            "%(size)s (%(gzip)s gzip'ed)",
            size=kb(run.material_index_bytes, tr),
            gzip=kb(run.material_index_gzip_bytes, tr),
        ),
        f"{seconds(run.stage.seconds, tr)} · {seconds(run.restage.seconds, tr)}",
        seconds(run.preview_median, tr) if run.preview_edits else tr.gettext(NOT_MEASURED),
    )


def _transfer(step: Transfer, tr: Translator) -> str:
    return tr.gettext(
        "%(size)s (%(gzip)s) · %(ms)s · %(found)s found",
        size=kb(step.bytes, tr),
        gzip=kb(step.gzip_bytes, tr),
        ms=milliseconds(step.ms, tr),
        found=tr.number(step.results),
    )


def search_row(run: SizeRun, tr: Translator = SOURCE) -> tuple[str, ...]:
    """Browser measurements of one run, as table cells: bytes (gzip'ed) · time · results."""
    opened = run.finder_open
    return (
        tr.number(run.synthetic),
        tr.gettext(
            "%(size)s (%(gzip)s), search %(search)s · %(ms)s",
            size=kb(opened.bytes, tr),
            gzip=kb(opened.gzip_bytes, tr),
            search=kb(opened.search_bytes, tr),
            ms=milliseconds(opened.ms, tr),
        ),
        *(_transfer(step, tr) for step in run.queries),
        f"{kb(run.first_query_bytes, tr)} ({kb(run.first_query_gzip_bytes, tr)})",
        _transfer(run.header, tr),
    )


NOT_MEASURED = N_("not measured")
BUILD_COLUMNS = (
    N_("Synthetic practices"),
    N_("make check"),
    N_("Build, ours (stage, macros, Pagefind)"),
    N_("Build, plain MkDocs + Material"),
    N_("Ours ÷ plain"),
    N_("Pagefind's share"),
    N_("Peak memory, ours: mkdocs · Pagefind · together"),
    N_("Peak memory, plain"),
    N_("Pagefind index"),
    N_("Material's search_index.json"),
    N_("Stage: first · no change"),
    N_("Edit → preview (median)"),
)
SEARCH_COLUMNS = (  # each with the query it names as %(query)s, if any
    (N_("Synthetic practices"), ""),
    (N_("Open the policy finder (cold)"), ""),
    (N_("1st query “%(query)s”"), QUERIES[0]),
    (N_("2nd query “%(query)s”"), QUERIES[1]),
    (N_("3rd query “%(query)s”"), QUERIES[2]),
    (N_("1st query in total (search bytes from opening)"), ""),
    (N_("Header box, cold, “%(query)s”"), HEADER_QUERY),
)


def performance_report(results: Results, language: str = SOURCE_LANGUAGE) -> Report:
    """What the Performance page shows of the results, in `language` (words, units and numbers)."""
    tr = translator(language)
    runs = sorted(results.runs, key=lambda run: run.synthetic)
    target = target_run(results)
    return Report(
        machine=results.machine,
        build_columns=tuple(tr.gettext(column) for column in BUILD_COLUMNS),
        build_rows=tuple(build_row(run, tr) for run in runs),
        search_columns=tuple(tr.gettext(column, query=query) for column, query in SEARCH_COLUMNS),
        search_rows=tuple(search_row(run, tr) for run in runs),
        checks=target_checks(target, language) if target else (),
        largest=max((run.synthetic for run in runs), default=0),
        charts=performance_charts(runs, tr),
    )


def performance_charts(runs: list[SizeRun], tr: Translator = SOURCE) -> tuple[BarChart, ...]:
    """Build seconds (ours beside plain) and first-query kB for each size, as bar charts."""
    builds = [
        (tr.gettext(name, practices=tr.number(run.synthetic)), round(build.timing.seconds))
        for run in runs
        for name, build in ((N_("%(practices)s ours"), run.ours), (N_("%(practices)s plain"), run.plain))
    ]
    transfers = [(tr.number(run.synthetic), round(run.first_query_bytes / 1_000)) for run in runs]
    return (
        bar_chart(
            tr.gettext(
                "Build time in seconds: ours (with the Pagefind index) and plain MkDocs + Material, by synthetic "
                "practices"
            ),
            builds,
        ),
        bar_chart(
            tr.gettext("First query in the policy finder: kB transferred for search, by synthetic practices"), transfers
        ),
    )


def tables_markdown(report: Report, language: str = SOURCE_LANGUAGE) -> Markdown:
    """The two results tables as Markdown (the command prints them; the page includes the same template)."""
    return Markdown(environment(language).get_template("fragments/performance_tables.md.j2").render(report=report))
