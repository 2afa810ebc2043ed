"""The built site, asserted on its HTML: what a reader would see."""

from __future__ import annotations

import re
from pathlib import Path

from cica_kb.bench.results import RESULTS_PATH, read_results
from support.site import ROOT, build, project_copy


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_kazakhstan_page_lists_its_law_on_volunteer_activity(site: Path) -> None:
    page = html(site, "states/kz")
    assert 'href="../../practices/kz/law-on-volunteer-activity/"' in page
    assert "Law &quot;On Volunteer Activity&quot; (No. 42-VI)" in page or 'Law "On Volunteer Activity" (No. 42-VI)' in page


def test_soc_meeting_links_the_swg_that_prepared_it_and_records_the_silence_procedure(site: Path) -> None:
    page = html(site, "meetings/2024/2024-03-14-soc")
    assert 'href="../2024-03-12-swg/"' in page
    assert "Special Working Group, 12 March 2024" in page
    decision = re.search(r"<li>.*?silence procedure.*?</li>", page, re.S)
    assert decision and "confirm Azerbaijan" in decision.group(0)
    assert 'href="../../../states/az/"' in decision.group(0)


def test_swg_meeting_names_its_chair_and_the_meeting_it_prepared(site: Path) -> None:
    page = html(site, "meetings/2024/2024-03-12-swg")
    assert "Talgat Kaliyev" in page
    assert 'href="../2024-03-14-soc/"' in page


def test_every_data_file_becomes_exactly_one_page(site: Path) -> None:
    data_files = sorted((ROOT / "data").rglob("*.yml"))
    for data_file in data_files:
        relative = data_file.relative_to(ROOT / "data").with_suffix("")
        parts = relative.parts
        page = f"meetings/{parts[-1][:4]}/{parts[-1]}" if parts[0] == "meetings" else relative.as_posix()
        assert (site / page / "index.html").is_file(), f"{data_file} has no page"
    assert len(data_files) == len([p for p in site.rglob("index.html") if _is_record_page(site, p)])


def _is_record_page(site: Path, page: Path) -> bool:
    relative = page.parent.relative_to(site).parts
    if not relative:
        return False
    if relative[0] == "meetings":
        return len(relative) == 3
    if relative[0] == "practices":
        return len(relative) == 3
    return len(relative) == 2 and relative[0] in {"states", "organizations", "bodies", "chairmanships", "dimensions", "topics", "documents"} and relative[1] != "index"


def test_practice_page_labels_provenance_and_status_and_edits_its_yaml(site: Path) -> None:
    page = html(site, "practices/kz/law-on-volunteer-activity")
    assert "Compiled from public sources" in page
    assert "not a submission by the state" in page
    assert "Last verified" in page
    assert "/edit/main/data/practices/kz/law-on-volunteer-activity.yml" in page
    assert 'href="https://adilet.zan.kz/eng/docs/Z1600000042"' in page


def test_a_date_the_sources_disagree_on_shows_every_value_with_its_source(site: Path) -> None:
    page = html(site, "states/th")
    assert "Sources differ: 22 October 2004 (CICA), 2006 (China Daily)" in page
    assert 'href="https://s-cica.org/index.php?view=page&amp;t=second-ministerial"' in page


def test_states_are_listed_alphabetically_under_source_names(site: Path) -> None:
    page = html(site, "states")
    members = page[page.index('<h2 id="member-states'):page.index('<h2 id="observer-states')]
    names = re.findall(r'<a href="[a-z]{2}/">([^<]+)</a>', members)
    assert len(names) == 28
    assert names.index("Türkiye") == names.index("Thailand") + 1
    assert names == sorted(names, key=lambda name: name.replace("ü", "u").casefold())


def test_schemas_are_published(site: Path) -> None:
    assert (site / "schemas" / "practice.schema.json").read_text().startswith("{")


def test_structure_page_has_the_reporting_diagram(site: Path) -> None:
    page = html(site, "bodies")
    start = page.index('<figure class="kb-structure">')
    svg = page[start:page.index("</svg>", start)]
    assert '<a xlink:href="soc/">' in svg and '<a xlink:href="swg/">' in svg
    assert "<title>Special Working Group reports to Senior Officials Committee</title>" in svg
    assert "<script" not in svg


HOSTILE_SUMMARY = """summary: "{{ config.site_name }} {% include 'x' %} <script>alert(1)</script> is text, not code here."\n"""
HOSTILE_BODY = """body: |
  {{ 7*7 }} and {% raw %} stay literal.

  <script>alert(2)</script> <img src=x onerror=alert(3)>
"""


def test_data_text_is_never_run_as_template_or_script(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    practice = project / "data/practices/kz/law-on-volunteer-activity.yml"
    lines = practice.read_text(encoding="utf-8").split("\nsources:")
    head = re.sub(r"summary: .*\n", lambda _: HOSTILE_SUMMARY, lines[0], count=1)
    head = re.sub(r"body: \|\n(  .*\n|\n)*", lambda _: HOSTILE_BODY, head + "\n", count=1)
    practice.write_text(head.rstrip("\n") + "\nsources:" + lines[1], encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/practices/kz/law-on-volunteer-activity/index.html").read_text(encoding="utf-8")
    assert "{{ config.site_name }}" in page and "{% include" in page
    assert "{{ 7*7 }} and" in page and "49 and" not in page
    assert "<script>alert" not in page and "onerror" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_bad_data_fails_the_build_with_every_problem_and_no_traceback(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    (project / "data/stray.txt").write_text("x", encoding="utf-8")
    practice = project / "data/practices/kz/law-on-volunteer-activity.yml"
    practice.write_text(practice.read_text(encoding="utf-8").replace("kind: law\n", "kind: lawz\n"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "data/stray.txt:1:1: (file): not a record" in result.stderr
    assert re.search(r"data/practices/kz/law-on-volunteer-activity.yml:\d+:7: kind: 'lawz' is not allowed; use one of: law, strategy", result.stderr)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_home_page_counts_come_from_the_data(site: Path) -> None:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html(site, ".")))
    assert "a forum of 28 member states, with 10 observer states and 5 observer organisations" in text
    assert "42 practices from 25 states" in text


def test_chairmanship_timeline_links_every_term_and_marks_the_unconfirmed_start(site: Path) -> None:
    page = html(site, "chairmanships")
    figure = page[page.index('<figure class="kb-timeline">'):page.index("</figure>", page.index('<figure class="kb-timeline">'))]
    assert figure.count("<a xlink:href=") == 6
    assert '<a xlink:href="kz-founding/">' in figure
    assert figure.count("kb-timeline__bar--open") == 1
    assert "<title>Chairmanship of Azerbaijan, 17 December 2024 – 2026</title>" in figure


def test_no_markdown_escapes_leak_into_html_attributes(site: Path) -> None:
    for page in site.rglob("*.html"):
        leaked = re.findall(r'="[^"<>]*\\[-_.!#*(){}\[\]+`|][^"<>]*"', page.read_text(encoding="utf-8"))
        assert not leaked, f"{page.relative_to(site)}: {leaked[:3]}"


def test_performance_page_shows_the_recorded_benchmark_with_its_machine(site: Path) -> None:
    results = read_results(ROOT / RESULTS_PATH)
    page = html(site, "about/performance")
    assert f"Measured on {results.machine.date}" in page and results.machine.cpu in page
    benchmark = page.split('id="lighthouse"', 1)[0]  # the Lighthouse scores follow, in a table of their own
    tables = re.findall(r"<table>.*?</table>", benchmark, re.S)
    for run in results.runs:
        assert all(f"<td>{run.synthetic:,}" in table for table in tables[-2:])
    assert page.count('<figure class="kb-chart">') == 2 and "<title>Build time in seconds" in page
    assert (site / "about" / "performance.json").read_text(encoding="utf-8") == (ROOT / RESULTS_PATH).read_text(encoding="utf-8")
