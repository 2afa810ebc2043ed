"""The benchmark without running it: synthetic data, the results file, and what the page shows of it.

Speed itself is measured by `make bench`, never asserted here.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import replace

import pytest

from cica_kb.bench.results import (
    RESULTS_PATH,
    Build,
    Machine,
    Results,
    SizeRun,
    Timing,
    Transfer,
    performance_report,
    read_results,
    results_from_json,
    results_json,
    tables_markdown,
    target_checks,
)
from cica_kb.bench.run import plain_config, prerender, served_gzip_size, status_kib
from cica_kb.bench.synthetic import MARKER, corpus_of, synthetic_practice, write_synthetic
from cica_kb.render.pages import environment
from support.site import ROOT

LOAD = (0.5, 0.4, 0.3)


def transfer(query: str, size: int, ms: float, found: int = 1) -> Transfer:
    return Transfer(query, size, size // 2, size, size // 2, 3, ms, found, LOAD)


def build(seconds: float, peak: float, indexer: float = 0.0) -> Build:
    return Build(Timing(seconds, seconds * 0.9, LOAD), peak, indexer, peak + indexer, 4.0 if indexer else 0.0, 100)


def size_run(synthetic: int, ours: float = 30.0, plain: float = 25.0, first_ms: float = 180.0) -> SizeRun:
    return SizeRun(
        synthetic=synthetic, practices=synthetic + 42, check=Timing(3.2, 5.0, LOAD),
        ours=build(ours, 400.0, 90.0), plain=build(plain, 300.0),
        pagefind_bytes=2_500_000, pagefind_files=900, material_index_bytes=28_000_000, material_index_gzip_bytes=7_000_000,
        finder_open=Transfer("", 600_000, 200_000, 400_000, 120_000, 40, 900.0, synthetic, LOAD),
        queries=(transfer("benchmarkterm", 2_000, first_ms), transfer("volunteer", 20_000, 300.0, 9_000), transfer("cyclone", 1_000, 150.0)),
        header=transfer("volunteer", 190_000, 320.0, 9_100),
    )


MACHINE = Machine("AMD EPYC", 2, 23.5, "Debian GNU/Linux 12", "3.11.7", "156.0", "1.5.2", "1.6.1", "9.8.1", "2026-11-23")
RESULTS = Results(MACHINE, (size_run(100, 6.0, 4.0), size_run(10_000, 330.0, 200.0, 620.0)))


# ---- Synthetic practices ----------------------------------------------------------------------


def test_synthetic_practices_pass_the_checker_and_only_one_has_the_marker(tree) -> None:
    write_synthetic(tree.data, 12)
    kb = tree.load()
    synthetic = [practice for practice in kb.all("practices") if practice.key.split("/")[-1].startswith("synthetic-")]
    assert len(synthetic) == 12
    assert [practice.key for practice in synthetic if MARKER in practice["body"]] == ["kz/synthetic-00007"]


def test_synthetic_practices_are_the_same_on_every_run_and_differ_from_each_other() -> None:
    corpus = corpus_of(ROOT / "data")
    assert synthetic_practice(3, corpus) == synthetic_practice(3, corpus)
    assert synthetic_practice(3, corpus)[1] != synthetic_practice(4, corpus)[1]


# ---- The results file -------------------------------------------------------------------------


def test_results_survive_the_round_trip_through_json() -> None:
    assert results_from_json(results_json(RESULTS)) == RESULTS


def test_a_results_file_missing_a_measurement_is_rejected() -> None:
    text = results_json(RESULTS).replace('"pagefind_files"', '"pagefind_file_count"')
    with pytest.raises(KeyError):
        results_from_json(text)


def test_the_committed_results_name_the_machine_and_measure_every_size() -> None:
    results = read_results(ROOT / RESULTS_PATH)
    assert results.machine.cpu and results.machine.cores > 0 and results.machine.chromium
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", results.machine.date)
    assert [run.synthetic for run in results.runs] == sorted({run.synthetic for run in results.runs})
    for run in results.runs:
        assert run.ours.timing.seconds > 0 and run.plain.timing.seconds > 0 and run.pagefind_files > 0
        assert [step.query for step in run.queries] == ["benchmarkterm", "volunteer", "cyclone"]
        assert run.queries[0].results == 1  # the marker is in one practice only


# ---- Targets, tables and charts ---------------------------------------------------------------


def test_targets_say_which_are_missed_and_by_how_much() -> None:
    checks = {check.target.split(" ")[0]: check for check in target_checks(RESULTS.runs[1])}
    assert not checks["make"].met and checks["make"].margin == "1.60× the limit"  # 3.2 s against 2 s
    assert not checks["A"].met and checks["A"].margin == "1.34× the limit"  # the finder: 400 kB on opening + 2 kB
    assert not checks["Results"].met and "620 ms" in checks["Results"].measured
    assert not checks["Building"].met and "1.65×" in checks["Building"].measured and checks["Building"].margin == "1.38× the limit"
    assert not checks["Edit"].met and "not measured" in checks["Edit"].measured  # a results file from before the preview was measured
    assert not checks["English"].met and checks["English"].measured == "not measured"  # from before the Russian build


def test_the_two_language_build_is_judged_against_english_alone() -> None:
    run = RESULTS.runs[1]
    both = replace(run, bilingual=(replace(run.ours, timing=replace(run.ours.timing, seconds=run.ours.timing.seconds * 1.5)),))
    check = next(check for check in target_checks(both) if check.target.startswith("English"))
    assert check.met and "1.50×" in check.measured and check.margin == "75% of the limit"


def test_targets_are_only_judged_on_ten_thousand_practices() -> None:
    report = performance_report(replace(RESULTS, runs=RESULTS.runs[:1]))
    assert report.checks == () and report.largest == 100


def test_tables_give_one_row_per_size_with_both_builds_and_every_query() -> None:
    markdown = tables_markdown(performance_report(RESULTS))
    rows = [line for line in markdown.splitlines() if line.startswith("| 10,000")]
    assert len(rows) == 2  # building, searching
    assert "330\\.0 s" in rows[0] and "200\\.0 s" in rows[0] and "1\\.65×" in rows[0]
    assert "28\\.0 MB" in rows[0]  # Material's index beside ours
    assert "620 ms" in rows[1] and "9,100 found" in rows[1]
    header = next(line for line in markdown.splitlines() if "Synthetic practices" in line)
    separator = markdown.splitlines()[markdown.splitlines().index(header) + 1]
    assert header.count("|") == separator.count("|") == rows[0].count("|")


def test_charts_put_ours_beside_plain_for_each_size_with_a_title() -> None:
    build_chart, transfer_chart = performance_report(RESULTS).charts
    assert [(bar.label, bar.count) for bar in build_chart.bars] == [("100 ours", 6), ("100 plain", 4), ("10,000 ours", 330), ("10,000 plain", 200)]
    assert "seconds" in build_chart.title
    svg = environment().get_template("fragments/chart.md.j2").render(chart=transfer_chart)
    assert "<title>First query in the policy finder" in svg and "10,000: 402" in svg


# ---- The plain build's inputs and the measuring helpers ---------------------------------------


def test_plain_build_keeps_the_theme_but_not_our_hook_macros_overrides_or_script() -> None:
    ours = {
        "site_name": "KB", "strict": True, "hooks": ["cica_kb/adapters/mkdocs_hooks.py"], "plugins": [{"macros": {}}],
        "theme": {"name": "material", "custom_dir": "overrides", "features": ["navigation.tabs"]},
        "extra_javascript": [{"path": "assets/kb-search.js"}], "extra_css": ["assets/kb.css"], "nav": [{"Home": "index.md"}],
    }
    assert plain_config(ours) == {
        "site_name": "KB", "theme": {"name": "material", "features": ["navigation.tabs"]},
        "extra_css": ["assets/kb.css"], "nav": [{"Home": "index.md"}], "plugins": ["search"],
    }


def test_prerendering_fails_loudly_on_a_macro_it_does_not_have() -> None:
    assert prerender("{{ kb.count('practices') }} practices\n", {"kb": type("KB", (), {"count": lambda self, name: 3})()}) == "3 practices\n"
    with pytest.raises(Exception, match="undefined"):
        prerender("{{ unknown() }}", {})


def test_memory_is_read_from_proc_status_lines() -> None:
    status = "Name:\tpagefind\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n"
    assert (status_kib(status, "VmHWM"), status_kib(status, "VmRSS"), status_kib("State: Z", "VmRSS")) == (204800, 102400, 0)


def test_text_is_counted_gzipped_but_already_compressed_chunks_as_they_are() -> None:
    text = b"volunteer " * 1000
    chunk = gzip.compress(bytes(range(256)) * 20)
    assert served_gzip_size(text) < len(text) // 10
    assert served_gzip_size(chunk) == len(chunk)


def test_the_russian_page_gives_every_header_cell_and_target_in_russian_with_russian_numbers() -> None:
    report = performance_report(RESULTS, "ru")
    markdown = tables_markdown(report, "ru")
    assert "| Синтетические практики |" in markdown and "Synthetic practices" not in markdown
    assert "| 10\u00a0000 " in markdown and "330,0\u00a0с" in markdown  # no line break inside a number or before its unit
    spaced = markdown.replace("\u00a0", " ")
    build_row, search_row = (line for line in spaced.splitlines() if line.startswith("| 10 000"))
    assert "330,0 с \\(ЦП 297,0 с" in build_row and "1,65× \\(ЦП" in build_row and "в 900 файлах" in build_row
    assert "620 мс" in search_row and "найдено: 9 100" in search_row
    checks = {check.target.split(" ")[0]: check for check in report.checks}
    assert checks["make"].target == "make check выполняется ≤ 2\u00a0с" and checks["make"].margin == "в 1,60 раза выше предела"
    assert next(check for check in report.checks if check.target.startswith("Сборка с")).margin == "в 1,38 раза выше предела"
    assert report.charts[0].bars[2].label.startswith("10\u00a0000 ") and report.charts[0].title.startswith("Время сборки")
