"""`make bench`: the measuring glue (copies, subprocesses, /proc, Chromium) around cica_kb/bench/results.py.

For each size: a copy of the project with that many synthetic practices, `check`, our strict build
(hook, macros, Pagefind), a plain MkDocs + Material build of the same pages, the index sizes, and
queries in headless Chromium against our build. Timings are noisy on a shared machine, so each
measurement carries the load average before it and CPU time beside wall-clock time.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, Callable

import yaml
from jinja2 import Environment, StrictUndefined

from ..tools.browser import chromium_version
from ..tools.local_site import CHROMIUM_FLAGS, OFFLINE_FLAG, free_port, serving, wait_for_preview
from .results import (
    HEADER_QUERY,
    QUERIES,
    Build,
    Machine,
    Results,
    SizeRun,
    Timing,
    Transfer,
    performance_report,
    results_json,
)
from .synthetic import corpus_of, synthetic_practice, write_synthetic

Progress = Callable[[str], None]
CHROMIUM = "/usr/bin/chromium"
SAMPLE_S = 0.05
HEARTBEAT_S = 30.0
CHECK_RUNS = 3  # make check is timed this many times; the median counts
QUIET_LOAD = 1.0  # before the check is timed, the load average it waits for (after writing the synthetic files)
QUIET_WAIT_S = 120  # … for at most this long


def project_copy(root: Path, target: Path) -> Path:
    """A copy of the site sources of `root` in `target`, sharing the package, overrides, templates and catalogues by
    symlink."""
    for name in ("data", "docs"):
        shutil.copytree(root / name, target / name)
    for name in ("mkdocs.yml", "macros.py", *(path.name for path in sorted(root.glob("CONTRIBUTING*.md")))):
        shutil.copy(root / name, target / name)  # the guide in each language: the Contribute pages
    for name in ("cica_kb", "overrides", "templates", "locale"):
        if (root / name).exists():
            (target / name).symlink_to(root / name)
    return target


# ---------------------------------------------------------------------------------------------
# A command's time and memory: the whole process tree, sampled from /proc.


def status_kib(status: str, field_name: str) -> int:
    """A `VmRSS:   1234 kB` line of /proc/<pid>/status, in KiB (0 when absent: kernel threads, zombies)."""
    found = re.search(rf"^{field_name}:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) if found else 0


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:  # the process ended between listing and reading
        return ""


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants (children of every thread)."""
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            pending += [int(child) for child in _read(f"{task}/children").split()]
    return tree


@dataclass
class TreeSampler:
    """Peak resident memory of a process, of its descendants by name, and of the whole tree at once.

    Resident sizes, read from /proc/<pid>/status (cheap at every 50 ms): a page that forked workers share with their
    parent counts once per process. The proportional size (smaps_rollup), which counts it once, was tried: reading
    it that often slowed the measured build by half."""

    pid: int
    peak_root_kib: int = 0
    peak_by_name: dict[str, int] = field(default_factory=dict)
    peak_total_kib: int = 0

    def sample(self) -> None:
        total = 0
        for pid in process_tree(self.pid):
            status = _read(f"/proc/{pid}/status")
            total += status_kib(status, "VmRSS")
            high_water = status_kib(status, "VmHWM")
            if pid == self.pid:
                self.peak_root_kib = max(self.peak_root_kib, high_water)
            else:
                name = _read(f"/proc/{pid}/comm").strip()
                self.peak_by_name[name] = max(self.peak_by_name.get(name, 0), high_water)
        self.peak_total_kib = max(self.peak_total_kib, total)


@dataclass(frozen=True)
class Finished:
    timing: Timing
    sampler: TreeSampler
    output: str  # stdout and stderr together


def run_measured(command: list[str], cwd: Path, label: str, progress: Progress) -> Finished:
    """Run a command to its end; wall and CPU time (wait4 counts waited-for grandchildren), memory peaks."""
    load = os.getloadavg()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=_build_env())
        sampler = TreeSampler(process.pid)
        done = threading.Event()
        watcher = threading.Thread(target=_watch, args=(sampler, done, started, label, progress), daemon=True)
        watcher.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        watcher.join()
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        raise RuntimeError(f"{label} failed ({' '.join(command)}):\n{output[-4000:]}")
    return Finished(
        Timing(round(elapsed, 3), round(usage.ru_utime + usage.ru_stime, 3), _rounded(load)), sampler, output
    )


def _watch(sampler: TreeSampler, done: threading.Event, started: float, label: str, progress: Progress) -> None:
    next_beat = started + HEARTBEAT_S
    while not done.wait(SAMPLE_S):
        sampler.sample()
        if time.perf_counter() >= next_beat:
            next_beat += HEARTBEAT_S
            progress(
                f"    … {label}: {time.perf_counter() - started:.0f} s, {sampler.peak_total_kib / 1024:,.0f} MiB "
                f"so far, load {os.getloadavg()[0]:.1f}"
            )


def _build_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _rounded(load: tuple[float, float, float]) -> tuple[float, float, float]:
    return (round(load[0], 2), round(load[1], 2), round(load[2], 2))


def _mib(kib: int) -> float:
    return round(kib / 1024, 1)


def build_of(finished: Finished, site: Path) -> Build:
    indexer = max(
        (kib for name, kib in finished.sampler.peak_by_name.items() if name.startswith("pagefind")), default=0
    )
    engine = max(
        (kib for name, kib in finished.sampler.peak_by_name.items() if name.startswith(("python", "mkdocs"))), default=0
    )
    indexed = [
        float(seconds) for seconds in re.findall(r"Search index(?: \(\w+\))?: \d+ pages in ([\d.]+) s", finished.output)
    ]
    return Build(
        timing=finished.timing,
        peak_mkdocs_mib=_mib(max(finished.sampler.peak_root_kib, engine)),  # the engine is a child of `cica_kb build`
        peak_indexer_mib=_mib(indexer),
        peak_total_mib=_mib(finished.sampler.peak_total_kib),
        index_seconds=sum(indexed),
        pages=sum(1 for _ in site.rglob("*.html")),
    )


# ---------------------------------------------------------------------------------------------
# The plain build: the same pages, Material with its own search, no hook, no macros, no Pagefind.


def plain_config(config: dict[str, Any]) -> dict[str, Any]:
    """Our mkdocs.yml without what makes it ours: hook, macros, the Pagefind overrides and script."""
    plain = {
        key: value
        for key, value in config.items()
        if key not in ("hooks", "plugins", "extra_javascript", "strict", "docs_dir")
    }
    plain["theme"] = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    plain["plugins"] = ["search"]  # Material's built-in search: what "plain MkDocs + Material" means
    return plain


def prerender(text: str, context: dict[str, Any]) -> str:
    """A hand-written page with its macros rendered, as mkdocs-macros would (front matter holds none)."""
    return Environment(undefined=StrictUndefined, keep_trailing_newline=True).from_string(text).render(**context)


def write_plain_project(project: Path, target: Path) -> Path:
    """The plain project: the site source (`pages`), the hand-written pages pre-rendered, our CSS."""
    docs = target / "docs"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cica_kb",
            "--data",
            str(project / "data"),
            "pages",
            "--language",
            "en",
            "--out",
            str(docs),
        ],
        check=True,
        capture_output=True,
    )
    with (project / "mkdocs.yml").open(encoding="utf-8") as handle:
        from mkdocs.utils.yaml import yaml_load  # resolves !ENV like MkDocs does

        config = yaml_load(handle)
    env = _MacrosEnv({**config, "config_file_path": str(project / "mkdocs.yml")})
    _load_macros(project).define_env(env)  # the project's own macros.py, as mkdocs-macros calls it
    for source in sorted(path for path in (project / "docs").rglob("*") if path.is_file()):
        page = source.relative_to(project / "docs").as_posix()
        destination = docs / page
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".md":
            env.page = SimpleNamespace(file=SimpleNamespace(src_uri=page))
            macros = {"config": config, **env.variables, **env.macros}
            destination.write_text(prerender(source.read_text(encoding="utf-8"), macros), encoding="utf-8")
        else:
            shutil.copy(source, destination)
    (target / "mkdocs.yml").write_text(
        yaml.safe_dump(plain_config(config), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return target


class _MacrosEnv:
    """What macros.py's `define_env` uses of mkdocs-macros: the configuration, variables, macros, the page."""

    def __init__(self, conf: dict[str, Any]) -> None:
        self.conf = conf
        self.project_dir = str(Path(conf["config_file_path"]).parent)
        self.variables: dict[str, Any] = {}
        self.macros: dict[str, Callable[..., Any]] = {}
        self.page: Any = None

    def macro(self, function: Callable[..., Any]) -> Callable[..., Any]:
        self.macros[function.__name__] = function
        return function


def _load_macros(project: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_macros", project / "macros.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# Sizes on disk.


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under a folder."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def served_gzip_size(raw: bytes) -> int:
    """Bytes as GitHub Pages serves a file: gzip'ed unless that does not help (Pagefind's chunks are gzip already)."""
    return min(len(raw), len(gzip.compress(raw, compresslevel=6, mtime=0)))


# ---------------------------------------------------------------------------------------------
# Chromium: bytes and time of queries, through the Chrome DevTools Protocol.


class ServedLog:
    """What the server sent, taken step by step. Counted at the server, because Pagefind fetches
    its index from a web worker, which a page's DevTools session does not see."""

    def __init__(self, served: list[tuple[str, int]], site: Path) -> None:
        self.served, self.site = served, site
        self.gzip_sizes: dict[str, int] = {}

    def take(self, page: Any, query: str, ms: float, results: int) -> Transfer:
        """What was sent since the last take, as one step (after a pause for late requests)."""
        page.wait_for_timeout(300)
        sent = list(self.served)
        self.served.clear()
        search = [(path, size) for path, size in sent if path.startswith("/pagefind/")]
        return Transfer(
            query=query,
            bytes=sum(size for _, size in sent),
            gzip_bytes=sum(self._gzip(path, size) for path, size in sent),
            search_bytes=sum(size for _, size in search),
            search_gzip_bytes=sum(self._gzip(path, size) for path, size in search),
            requests=len(sent),
            ms=round(ms, 1),
            results=results,
            load=_rounded(os.getloadavg()),
        )

    def _gzip(self, path: str, sent: int) -> int:
        if path not in self.gzip_sizes:
            relative = path.split("?")[0].split("#")[0].lstrip("/")
            file = self.site / (relative + "index.html" if relative.endswith("/") or not relative else relative)
            self.gzip_sizes[path] = served_gzip_size(file.read_bytes()) if file.is_file() else sent
        return min(sent, self.gzip_sizes[path])  # a response without its body (304, 404) stays as small


# In the page: time the last keystroke, and the first frame after the results are shown.
WATCH_FINDER = """([query]) => {
  const root = document.querySelector("[data-kb-finder]");
  const input = root.querySelector("input[name=q]");
  const status = root.querySelector("[data-kb-finder-status]");
  const bench = window.kbBench = { typed: 0, shown: 0 };
  input.addEventListener("input", () => { bench.typed = performance.now(); bench.shown = 0; });
  const check = () => {
    if (bench.shown || root.dataset.kbFinderState !== "done" || input.value.trim() !== window.kbBenchQuery) return;
    if (window.kbBenchQuery && !status.textContent.includes(`“${window.kbBenchQuery}”`)) return;
    requestAnimationFrame(() => { bench.shown = performance.now(); });
  };
  window.kbBenchQuery = query;
  new MutationObserver(check).observe(root, { attributes: true, childList: true, subtree: true, characterData: true });
  check();
}"""
WATCH_HEADER = """() => {
  const root = document.querySelector("[data-kb-search]");
  const input = root.querySelector("[data-kb-search-input]");
  const status = root.querySelector("[data-kb-search-status]");
  const bench = window.kbBench = { typed: 0, shown: 0 };
  input.addEventListener("input", () => { bench.typed = performance.now(); bench.shown = 0; });
  new MutationObserver(() => {
    if (bench.shown || !/\\d+ matching page|No matching pages/.test(status.textContent)) return;
    const first = root.querySelector("[data-kb-search-results] a");  // results of the whole query, not of a prefix
    if (!first || !first.href.includes(`highlight=${encodeURIComponent(window.kbBenchQuery)}`)) return;
    requestAnimationFrame(() => { bench.shown = performance.now(); });
  }).observe(root, { childList: true, subtree: true, characterData: true });
}"""
# Installed before the finder's script runs: the first frame after its first listing is shown.
WATCH_OPENING = """(() => {
  window.kbBenchOpened = 0;
  new MutationObserver(() => {
    const root = document.querySelector("[data-kb-finder]");
    if (window.kbBenchOpened || !root || root.dataset.kbFinderState !== "done") return;
    requestAnimationFrame(() => { window.kbBenchOpened = window.kbBenchOpened || performance.now(); });
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-kb-finder-state"] });
})();"""
FINDER_TOTAL = "parseInt(document.querySelector('[data-kb-finder-status]').textContent.replace(/,/g, '')) || 0"


def _type_and_wait(page: Any, query: str, select_all: bool) -> float:
    """Type a query like a person (40 ms a key); ms from the last keystroke to the results shown."""
    page.evaluate("([query]) => { window.kbBenchQuery = query; }", [query])
    if select_all:
        page.keyboard.press("Control+A")
    page.keyboard.type(query, delay=40)
    page.wait_for_function("() => window.kbBench.shown > 0", timeout=120_000)
    return page.evaluate("() => window.kbBench.shown - window.kbBench.typed")


def finder_queries(browser: Any, base_url: str, network: ServedLog) -> tuple[Transfer, tuple[Transfer, ...]]:
    """Open the policy finder in a cold context, then type the queries one after another."""
    context = browser.new_context()
    page = context.new_page()
    network.take(page, "", 0, 0)  # nothing before this context counts
    page.add_init_script(WATCH_OPENING)
    page.goto(base_url + "practices/find/")
    page.wait_for_function("() => window.kbBenchOpened > 0", timeout=120_000)
    page.evaluate(WATCH_FINDER, [""])
    opened = network.take(page, "", page.evaluate("() => window.kbBenchOpened"), page.evaluate(FINDER_TOTAL))
    page.click("#kb-finder-q")
    steps = []
    for index, query in enumerate(QUERIES):
        ms = _type_and_wait(page, query, select_all=index > 0)
        steps.append(network.take(page, query, ms, page.evaluate(FINDER_TOTAL)))
    context.close()
    return opened, tuple(steps)


def header_query(browser: Any, base_url: str, network: ServedLog) -> Transfer:
    """The header search box on the home page in a cold context: from focusing it to the results listed."""
    context = browser.new_context()
    page = context.new_page()
    network.take(page, "", 0, 0)  # nothing before this context counts
    page.goto(base_url)
    page.wait_for_load_state("load")
    page.evaluate(WATCH_HEADER)
    network.take(page, "", 0, 0)  # the page itself does not count
    page.click("[data-kb-search-input]")
    ms = _type_and_wait(page, HEADER_QUERY, select_all=False)
    found = page.evaluate(
        "parseInt(document.querySelector('[data-kb-search-status]').textContent.replace(/,/g, '')) || 0"
    )
    step = network.take(page, HEADER_QUERY, ms, found)
    context.close()
    return step


def browser_steps(site: Path) -> tuple[Transfer, tuple[Transfer, ...], Transfer]:
    from playwright.sync_api import sync_playwright  # a development dependency: only the benchmark needs it

    served: list[tuple[str, int]] = []
    with serving(site, served) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, OFFLINE_FLAG])
        network = ServedLog(served, site)
        try:
            opened, queries = finder_queries(browser, base_url, network)
            header = header_query(browser, base_url, network)
        finally:
            browser.close()
    return opened, queries, header


# ---------------------------------------------------------------------------------------------
# The machine, and one size from start to end.


def machine() -> Machine:
    cpuinfo = _read("/proc/cpuinfo")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    memory = status_kib(_read("/proc/meminfo"), "MemTotal")
    os_name = re.search(r'^PRETTY_NAME="(.+)"$', _read("/etc/os-release"), re.M)
    return Machine(
        cpu=model.group(1).strip() if model else platform.processor() or "unknown",
        cores=os.cpu_count() or 0,
        memory_gib=round(memory / 1024 / 1024, 1),
        os=f"{os_name.group(1) if os_name else platform.system()}, Linux {platform.release()}",
        python=platform.python_version(),
        chromium=chromium_version(CHROMIUM),
        pagefind=version("pagefind_bin"),
        mkdocs=version("mkdocs"),
        material=version("mkdocs-material"),
        date=date.today().isoformat(),
    )


def measured_check(project: Path, progress: Progress) -> Timing:
    """`make check` on the project, run CHECK_RUNS times: the run of median time (a check takes seconds, so one run
    says more about what else the machine was doing)."""
    command = [sys.executable, "-m", "cica_kb", "--data", str(project / "data"), "check"]
    quiet(progress)
    runs = sorted(
        (run_measured(command, project, "check", progress).timing for _ in range(CHECK_RUNS)),
        key=lambda timing: timing.seconds,
    )
    return runs[len(runs) // 2]


def quiet(progress: Progress, below: float = QUIET_LOAD, limit: float = QUIET_WAIT_S) -> None:
    """Let the machine settle before a short timing: the files just written are flushed to disk, and the load
    average falls below `below` (or `limit` seconds pass). A check of two seconds measured right after writing ten
    thousand files counts the kernel's writeback and the generator's load."""
    os.sync()
    waited = 0.0
    while os.getloadavg()[0] >= below and waited < limit:
        time.sleep(5)
        waited += 5
    if waited:
        progress(f"    waited {waited:.0f} s for the machine to settle (load {os.getloadavg()[0]:.1f})")


def measure_size(root: Path, synthetic: int, workdir: Path, progress: Progress) -> SizeRun:
    tag = f"[{synthetic:,}]"
    project = project_copy(root, workdir / "project")
    progress(f"{tag} generating {synthetic:,} synthetic practices…")
    write_synthetic(project / "data", synthetic)
    check = measured_check(project, progress)
    progress(f"{tag} check: {check.seconds:.2f} s (load {check.load[0]:.1f}; the median of {CHECK_RUNS} runs)")
    ours, languages, plain, stage, restage = measure_builds(project, workdir, tag, progress)
    material_index = (workdir / "site-plain" / "search" / "search_index.json").read_bytes()
    pagefind_bytes, pagefind_files = folder_size(workdir / "site-ours" / "pagefind")
    progress(f"{tag} querying in Chromium…")
    opened, queries, header = browser_steps(workdir / "site-ours")
    for step in (*queries, header):
        progress(
            f"{tag} query “{step.query}”: {step.bytes / 1000:,.1f} kB ({step.gzip_bytes / 1000:,.1f} kB gzip'ed), "
            f"{step.ms:.0f} ms, {step.results:,} found"
        )
    return SizeRun(
        synthetic=synthetic,
        practices=sum(1 for _ in (project / "data" / "practices").rglob("*.yml")),
        check=check,
        ours=ours,
        plain=plain,
        pagefind_bytes=pagefind_bytes,
        pagefind_files=pagefind_files,
        material_index_bytes=len(material_index),
        material_index_gzip_bytes=served_gzip_size(material_index),
        finder_open=opened,
        queries=queries,
        header=header,
        stage=stage,
        restage=restage,
        preview_edits=preview_edits(project, tag, progress),
        bilingual=(languages,),
    )


def measure_builds(
    project: Path, workdir: Path, tag: str, progress: Progress
) -> tuple[Build, Build, Build, Timing, Timing]:
    """Stage (fresh, then with nothing changed); our build of English alone into workdir/site-ours, of every
    language into workdir/site-languages; then the plain one (English) into workdir/site-plain."""
    stage = [sys.executable, "-m", "cica_kb", "stage"]
    first = run_measured(stage, project, "stage", progress).timing
    again = run_measured(stage, project, "stage again", progress).timing
    progress(f"{tag} stage (every language): {first.seconds:.1f} s, again with no change {again.seconds:.1f} s")
    # Each build starts from its languages' trees as they are staged (not measured): the stage step then finds
    # nothing changed, as in the method. A stage of other languages than the last one's stages them all again.
    run_measured([*stage, "--language", "en"], project, "stage (English)", progress)
    progress(f"{tag} building English (ours: stage, strict MkDocs with macros, Pagefind)…")
    command = [sys.executable, "-m", "cica_kb", "build", "--language", "en", "--site-dir", str(workdir / "site-ours")]
    ours = build_of(run_measured(command, project, "build (ours)", progress), workdir / "site-ours")
    progress(
        f"{tag} build (ours, English): {ours.timing.seconds:.1f} s, CPU {ours.timing.cpu_seconds:.1f} s, Pagefind "
        f"{ours.index_seconds:.1f} s, peak {ours.peak_total_mib:,.0f} MiB (load {ours.timing.load[0]:.1f})"
    )
    run_measured(stage, project, "stage (every language)", progress)
    progress(f"{tag} building every language (ours)…")
    command = [sys.executable, "-m", "cica_kb", "build", "--site-dir", str(workdir / "site-languages")]
    languages = build_of(run_measured(command, project, "build (languages)", progress), workdir / "site-languages")
    progress(
        f"{tag} build (ours, every language): {languages.timing.seconds:.1f} s, peak "
        f"{languages.peak_total_mib:,.0f} MiB; ÷ English {languages.timing.seconds / ours.timing.seconds:.2f}"
    )
    shutil.rmtree(workdir / "site-languages", ignore_errors=True)
    progress(f"{tag} writing the plain project (site source, pre-rendered pages)…")
    plain_project = write_plain_project(project, workdir / "plain")
    progress(f"{tag} building (plain MkDocs + Material)…")
    plain_command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(workdir / "site-plain")]
    plain = build_of(run_measured(plain_command, plain_project, "build (plain)", progress), workdir / "site-plain")
    progress(
        f"{tag} build (plain): {plain.timing.seconds:.1f} s, CPU {plain.timing.cpu_seconds:.1f} s, peak "
        f"{plain.peak_total_mib:,.0f} MiB (load {plain.timing.load[0]:.1f}); "
        f"ours ÷ plain {ours.timing.seconds / plain.timing.seconds:.2f}"
    )
    return ours, languages, plain, first, again


# ---------------------------------------------------------------------------------------------
# Edit → preview: `python -m cica_kb serve` on the copy, a practice file saved, its page watched in Chromium.

PREVIEW_EDITS = 5
SERVE_START_S = 1800.0  # the first full build under serve, at 10,000 practices on two cores
EDIT_SHOWN_S = 120.0


def preview_edits(project: Path, tag: str, progress: Progress) -> tuple[float, ...]:
    """Seconds from saving a synthetic practice file to its open page showing the new title, for each edit."""
    from playwright.sync_api import sync_playwright  # a development dependency: only the benchmark needs it

    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "cica_kb", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_build_env(),
        )
        try:
            progress(f"{tag} preview: starting make serve (a first full build)…")
            wait_for_preview(base_url, SERVE_START_S, server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, OFFLINE_FLAG])
                try:
                    return tuple(
                        _one_edit(browser, project, base_url, number, server, tag, progress)
                        for number in range(1, PREVIEW_EDITS + 1)
                    )
                finally:
                    browser.close()
        finally:
            server.terminate()
            server.wait()


def _one_edit(
    browser: Any,
    project: Path,
    base_url: str,
    number: int,
    server: subprocess.Popen[bytes],
    tag: str,
    progress: Progress,
) -> float:
    path, _ = synthetic_practice(number, corpus_of(project / "data"))
    page = browser.new_page()
    page.goto(base_url + path.removesuffix(".yml") + "/")
    marker = f"Edited{number}x"
    source = project / "data" / path
    text = source.read_text(encoding="utf-8").replace('title: "', f'title: "{marker} ', 1)
    started = time.perf_counter()
    source.write_text(text, encoding="utf-8")
    page.wait_for_function(
        f"() => document.querySelector('h1') && document.querySelector('h1').textContent.includes('{marker}')",
        timeout=EDIT_SHOWN_S * 1000,
        polling=50,
    )
    shown = time.perf_counter() - started
    page.close()
    progress(f"{tag} preview: edit {number} shown after {shown:.2f} s (load {os.getloadavg()[0]:.1f})")
    wait_for_preview(base_url, EDIT_SHOWN_S * 5, server)
    _wait_for_text(
        base_url + "practices/", marker, EDIT_SHOWN_S * 5, server
    )  # the lists too: the next edit starts idle
    return round(shown, 3)


def _wait_for_text(url: str, text: str, limit: float, server: subprocess.Popen[bytes]) -> None:
    """Until the page at `url` contains `text` (a list page rebuilt after an edit)."""
    import urllib.request

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if text.encode("utf-8") in response.read():
                    return
        except OSError:
            pass
        time.sleep(1.0)
    raise RuntimeError(f"{url} did not show {text!r} within {limit:.0f} s")


def run_bench(root: Path, sizes: list[int], out: Path, progress: Progress = print) -> Results:
    """Measure every size in turn; the results file is rewritten after each, so a long run keeps what it has."""
    measured_on = machine()
    runs: list[SizeRun] = []
    for synthetic in sizes:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix=f"cica-bench-{synthetic}-") as workdir:
            runs.append(measure_size(root, synthetic, Path(workdir), progress))
        results = Results(measured_on, tuple(runs))
        out.write_text(results_json(results), encoding="utf-8")
        progress(f"[{synthetic:,}] done in {time.perf_counter() - started:.0f} s; results in {out}")
    checks = performance_report(results).checks
    if not checks:
        progress("The targets are set for 10,000 synthetic practices: not checked in this run.")
    for check in checks:
        progress(f"{'met   ' if check.met else 'MISSED'} {check.target}: {check.measured} ({check.margin})")
    return results
