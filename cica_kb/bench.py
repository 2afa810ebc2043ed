"""The benchmark's results and what the Performance page shows of them: pure functions only.

`make bench` (cica_kb/bench_run.py) measures; this module holds the records it writes to
`docs/about/performance.json`, the targets of issue 3, and the tables and charts made from them.
Sizes are in kB of 1,000 bytes, as the issue states its targets.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, asdict, dataclass, fields, is_dataclass
from statistics import median
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from .diagram import BarChart, bar_chart
from .pages import environment
from .text import Markdown

RESULTS_PATH = Path("docs/about/performance.json")  # relative to the project root
TARGET_SIZE = 10_000  # the targets are set for this many synthetic practices
CHECK_LIMIT_S = 5.0
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
    bilingual: tuple[Build, ...] = ()  # the build of every language (one entry; `ours` is English alone); () if not measured

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
        if is_dataclass(kind):
            value = _from_dict(kind, value)
        elif get_origin(kind) is tuple:
            item = get_args(kind)[0]
            value = tuple(_from_dict(item, entry) if is_dataclass(item) else entry for entry in value)
        values[field.name] = value
    return cls(**values)


@dataclass(frozen=True)
class TargetCheck:
    target: str
    measured: str
    met: bool
    margin: str  # how far below or above the limit


def kb(count: int) -> str:
    """`12.3 kB`, `1.2 MB`: sizes in units of 1,000 bytes."""
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} MB"
    return f"{count / 1_000:.1f} kB"


def seconds(value: float) -> str:
    return f"{value:.1f} s" if value >= 10 else f"{value:.2f} s"


def _margin(measured: float, limit: float) -> str:
    share = measured / limit
    return f"{share:.0%} of the limit" if share <= 1 else f"{share:.2f}× the limit"


def target_checks(run: SizeRun) -> tuple[TargetCheck, ...]:
    """The issues' targets, checked on one run (they are set for 10,000 synthetic practices)."""
    first_kb = max(run.first_query_bytes, run.header.bytes) / 1_000
    first_ms = max(run.queries[0].ms, run.header.ms)
    return (
        TargetCheck(
            f"make check takes ≤ {CHECK_LIMIT_S:.0f} s", seconds(run.check.seconds),
            run.check.seconds <= CHECK_LIMIT_S, _margin(run.check.seconds, CHECK_LIMIT_S),
        ),
        TargetCheck(
            f"A first query transfers ≤ {FIRST_QUERY_LIMIT_KB} kB in total",
            f"policy finder {kb(run.first_query_bytes)} from opening the page ({kb(run.queries[0].bytes)} after the keystroke), "
            f"header box {kb(run.header.bytes)} (cold), as served here, uncompressed; "
            f"{kb(run.first_query_gzip_bytes)} and {kb(run.header.gzip_bytes)} gzip'ed as GitHub Pages serves them",
            first_kb <= FIRST_QUERY_LIMIT_KB, _margin(first_kb, FIRST_QUERY_LIMIT_KB),
        ),
        TargetCheck(
            f"Results ≤ {FIRST_ANSWER_LIMIT_MS} ms after the last keystroke",
            f"policy finder {run.queries[0].ms:.0f} ms (“{QUERIES[0]}”), header box {run.header.ms:.0f} ms (cold, “{HEADER_QUERY}”)",
            first_ms <= FIRST_ANSWER_LIMIT_MS, _margin(first_ms, FIRST_ANSWER_LIMIT_MS),
        ),
        TargetCheck(
            f"Building with the search index takes ≤ {BUILD_RATIO_LIMIT}× a plain MkDocs + Material build",
            f"{run.build_ratio:.2f}× ({seconds(run.ours.timing.seconds)} against {seconds(run.plain.timing.seconds)}; "
            f"CPU time {run.cpu_ratio:.2f}×)",
            run.build_ratio <= BUILD_RATIO_LIMIT, _margin(run.build_ratio, BUILD_RATIO_LIMIT),
        ),
        TargetCheck(
            f"Peak memory of the whole build ≤ {PEAK_MEMORY_LIMIT_MIB:,} MiB",
            f"{run.ours.peak_total_mib:,.0f} MiB (engine {run.ours.peak_mkdocs_mib:,.0f}, Pagefind {run.ours.peak_indexer_mib:,.0f})",
            run.ours.peak_total_mib <= PEAK_MEMORY_LIMIT_MIB, _margin(run.ours.peak_total_mib, PEAK_MEMORY_LIMIT_MIB),
        ),
        TargetCheck(
            f"Edit → preview ≤ {PREVIEW_LIMIT_S:.0f} s under make serve (median of the edits)",
            f"{seconds(run.preview_median)} (each: {', '.join(seconds(edit) for edit in run.preview_edits) or 'not measured'})",
            0 < run.preview_median <= PREVIEW_LIMIT_S, _margin(run.preview_median, PREVIEW_LIMIT_S),
        ),
        TargetCheck(
            f"English and Russian build in ≤ {LANGUAGES_RATIO_LIMIT:.0f}× the time of English alone",
            f"{run.languages_ratio:.2f}× ({seconds(run.bilingual[0].timing.seconds)} against {seconds(run.ours.timing.seconds)}; "
            f"peak {run.bilingual[0].peak_total_mib:,.0f} MiB)" if run.bilingual else "not measured",
            0 < run.languages_ratio <= LANGUAGES_RATIO_LIMIT, _margin(run.languages_ratio, LANGUAGES_RATIO_LIMIT),
        ),
        TargetCheck(
            f"Staged tree written ≤ {STAGE_LIMIT_S:.0f} s, again with no change ≤ {RESTAGE_LIMIT_S:.0f} s",
            f"{seconds(run.stage.seconds)}, then {seconds(run.restage.seconds)}",
            0 < run.stage.seconds <= STAGE_LIMIT_S and 0 < run.restage.seconds <= RESTAGE_LIMIT_S,
            _margin(max(run.stage.seconds / STAGE_LIMIT_S, run.restage.seconds / RESTAGE_LIMIT_S), 1.0),
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


def _load(load: tuple[float, float, float]) -> str:
    return f"{load[0]:.1f}"


def _build_cell(build: Build) -> str:
    return f"{seconds(build.timing.seconds)} (CPU {seconds(build.timing.cpu_seconds)}; load {_load(build.timing.load)})"


def build_row(run: SizeRun) -> tuple[str, ...]:
    """Synthetic practices, check, builds, ratio, memory and index sizes, as table cells."""
    return (
        f"{run.synthetic:,} (+{run.practices - run.synthetic} real)",
        f"{seconds(run.check.seconds)} (load {_load(run.check.load)})",
        _build_cell(run.ours),
        _build_cell(run.plain),
        f"{run.build_ratio:.2f}× (CPU {run.cpu_ratio:.2f}×)",
        f"{seconds(run.ours.index_seconds)}",
        f"{run.ours.peak_mkdocs_mib:,.0f} · {run.ours.peak_indexer_mib:,.0f} · {run.ours.peak_total_mib:,.0f} MiB",
        f"{run.plain.peak_mkdocs_mib:,.0f} MiB",
        f"{kb(run.pagefind_bytes)} in {run.pagefind_files:,} files",
        f"{kb(run.material_index_bytes)} ({kb(run.material_index_gzip_bytes)} gzip'ed)",
        f"{seconds(run.stage.seconds)} · {seconds(run.restage.seconds)}",
        f"{seconds(run.preview_median)}" if run.preview_edits else "not measured",
    )


def _transfer(step: Transfer) -> str:
    return f"{kb(step.bytes)} ({kb(step.gzip_bytes)}) · {step.ms:.0f} ms · {step.results:,} found"


def search_row(run: SizeRun) -> tuple[str, ...]:
    """Browser measurements of one run, as table cells: bytes (gzip'ed) · time · results."""
    opened = run.finder_open
    return (
        f"{run.synthetic:,}",
        f"{kb(opened.bytes)} ({kb(opened.gzip_bytes)}), search {kb(opened.search_bytes)} · {opened.ms:.0f} ms",
        *(_transfer(step) for step in run.queries),
        f"{kb(run.first_query_bytes)} ({kb(run.first_query_gzip_bytes)})",
        _transfer(run.header),
    )


BUILD_COLUMNS = (
    "Synthetic practices", "make check", "Build, ours (stage, macros, Pagefind)", "Build, plain MkDocs + Material",
    "Ours ÷ plain", "Pagefind's share", "Peak memory, ours: mkdocs · Pagefind · together", "Peak memory, plain",
    "Pagefind index", "Material's search_index.json", "Stage: first · no change", "Edit → preview (median)",
)
SEARCH_COLUMNS = (
    "Synthetic practices", "Open the policy finder (cold)",
    f"1st query “{QUERIES[0]}”", f"2nd query “{QUERIES[1]}”", f"3rd query “{QUERIES[2]}”",
    "1st query in total (search bytes from opening)", f"Header box, cold, “{HEADER_QUERY}”",
)


def performance_report(results: Results) -> Report:
    runs = sorted(results.runs, key=lambda run: run.synthetic)
    target = target_run(results)
    return Report(
        machine=results.machine,
        build_columns=BUILD_COLUMNS,
        build_rows=tuple(build_row(run) for run in runs),
        search_columns=SEARCH_COLUMNS,
        search_rows=tuple(search_row(run) for run in runs),
        checks=target_checks(target) if target else (),
        largest=max((run.synthetic for run in runs), default=0),
        charts=performance_charts(runs),
    )


def performance_charts(runs: list[SizeRun]) -> tuple[BarChart, ...]:
    """Build seconds (ours beside plain) and first-query kB for each size, as bar charts."""
    builds = [
        (f"{run.synthetic:,} {name}", round(build.timing.seconds))
        for run in runs for name, build in (("ours", run.ours), ("plain", run.plain))
    ]
    transfers = [(f"{run.synthetic:,}", round(run.first_query_bytes / 1_000)) for run in runs]
    return (
        bar_chart("Build time in seconds: ours (with the Pagefind index) and plain MkDocs + Material, by synthetic practices", builds),
        bar_chart("First query in the policy finder: kB transferred for search, by synthetic practices", transfers),
    )


def tables_markdown(report: Report) -> Markdown:
    """The two results tables as Markdown (the command prints them; the page includes the same template)."""
    return Markdown(environment().get_template("fragments/performance_tables.md.j2").render(report=report))
