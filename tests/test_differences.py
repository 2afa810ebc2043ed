"""Sources that disagree and entries that may be out of date: the checker, the pages, the finder, the exports."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from cica_kb.model.context import SiteContext
from cica_kb.model.review import entries_to_review, review_of
from cica_kb.model.search import browse_index, facet_counts, practice_facets
from cica_kb.outputs.exports import downloads
from cica_kb.render.pages import plan_pages, render_fragment
from conftest import SOURCES, DataTree, yaml_text
from support.site import ROOT

DIFFERING_YEAR = """\
sources_differ:
  year:
    values:
      - value: "2016"
        according_to: Adilet
        source:
          title: Adilet legal portal
          url: https://adilet.zan.kz/eng/docs/Z1600000042
      - value: 2018-06
        according_to: Kazinform
        source:
          title: Kazinform report
          url: https://inform.kz/
          date: 2018-06-02
    note: Kazinform dates the law from its entry into force.
"""
PRACTICE = "practices/kz/law-on-volunteer-activity.yml"


def shown(markdown: str) -> str:
    """The page's Markdown without its backslash escapes: the text a reader sees."""
    return markdown.replace("\\", "")


def _with_differing_year(tree: DataTree, year: int = 2016) -> None:
    path = tree.data / PRACTICE
    text = path.read_text(encoding="utf-8").replace("year: 2016", f"year: {year}")
    path.write_text(text + yaml_text(DIFFERING_YEAR), encoding="utf-8")


def test_a_conflict_is_shown_on_the_page_and_the_finder_uses_the_earliest_year(tree: DataTree) -> None:
    _with_differing_year(tree)
    kb = tree.load()
    page = shown(plan_pages(kb)["practices/kz/law-on-volunteer-activity.md"].markdown)
    assert "**Year:** Sources differ: 2016 (Adilet), June 2018 (Kazinform) (lists and search use the earliest)" in page
    assert "### Where the sources differ" in page
    assert "June 2018 according to Kazinform (" in page and "Kazinform dates the law from its entry into force." in page
    practice = kb.get("practices", "kz/law-on-volunteer-activity")
    assert ("year", "2016") in practice_facets(kb, practice)
    assert facet_counts(kb)["year"] == [("2016", 1)]
    assert json.loads(browse_index(kb))["practices"][0][2] == 2016
    exported = json.loads(downloads(kb)["data/practices/kz/law-on-volunteer-activity.json"])
    assert exported["year"] == 2016 and [v["value"] for v in exported["sources_differ"]["year"]["values"]] == ["2016", "2018-06"]


def test_a_field_that_is_not_the_earliest_of_its_differing_values_is_an_error_at_its_line(tree: DataTree) -> None:
    _with_differing_year(tree, year=2018)
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.field) == (f"data/{PRACTICE}", 7, "year")
    assert "2018 is not the earliest value under sources_differ.year; write 2016" in problem.message


def test_a_differing_date_shows_every_value_and_its_source_on_a_state_page(tree: DataTree) -> None:
    tree.write("states/kz.yml", yaml_text("""\
        id: kz
        iso_code: KZ
        name: Kazakhstan
        status: member
        member_since: 1999-09
        sources_differ:
          member_since:
            values:
              - value: "2002"
                according_to: China Daily
                source: {title: China Daily background, url: "https://chinadaily.example/"}
              - value: 1999-09
                according_to: CICA
                source: {title: CICA Secretariat, url: "https://s-cica.org/"}
        """) + SOURCES)
    page = shown(plan_pages(tree.load())["states/kz.md"].markdown)
    assert "**Member since:** Sources differ: September 1999 (CICA), 2002 (China Daily)" in page


MEETING = """\
id: 2026-10-soc
body: soc
status: planned
start: 2026-10
sources:
  - title: Report of the plan
    url: https://s-cica.org/plan
    date: 2025-09-10
"""


def test_a_planned_meeting_whose_dates_passed_is_to_review(tree: DataTree) -> None:
    tree.write("meetings/2026/2026-10-soc.yml", MEETING)
    kb = tree.load()
    meeting = kb.get("meetings", "2026-10-soc")
    assert review_of(meeting, date(2026, 10, 31)) == ()
    (entry,) = review_of(meeting, date(2026, 11, 1))
    assert entry.since == "10 September 2025"
    assert str(entry.warning).startswith("data/meetings/2026/2026-10-soc.yml:3:1: status: warning: planned for October 2026, which has passed")
    page = shown(plan_pages(kb, SiteContext(as_of="2026-12-01"))["meetings/2026/2026-10-soc.md"].markdown)
    assert '!!! warning "Planned; not confirmed since 10 September 2025"' in page
    assert "Planned meeting" in plan_pages(kb, SiteContext(as_of="2026-10-01"))["meetings/2026/2026-10-soc.md"].markdown


def test_a_practice_verified_more_than_two_years_ago_is_to_review(tree: DataTree) -> None:
    kb = tree.load()  # last_verified: 2024-11-23
    assert entries_to_review(kb, date(2026, 11, 23)) == ()
    (entry,) = entries_to_review(kb, date(2026, 11, 24))
    assert (entry.field, entry.record.line_of("last_verified")) == ("last_verified", 16)
    page = shown(plan_pages(kb, SiteContext(as_of="2026-12-01"))["practices/kz/law-on-volunteer-activity.md"].markdown)
    assert "Last verified on 23 November 2024, more than 2 years ago" in page


def test_check_prints_entries_to_review_as_warnings_and_passes(tree: DataTree) -> None:
    tree.write("meetings/2026/2026-10-soc.yml", MEETING)
    command = [sys.executable, "-m", "cica_kb", "--data", str(tree.data), "check"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={"CICA_KB_AS_OF": "2026-12-01", "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert "data/meetings/2026/2026-10-soc.yml:3:1: status: warning: planned for October 2026" in result.stdout
    assert "data/practices/kz/law-on-volunteer-activity.yml:16:1: last_verified: warning: last verified on 23 November 2024" in result.stdout
    assert "2 entries to review as of 2026-12-01" in result.stdout


def test_the_entries_to_review_page_lists_each_entry_with_its_file_and_line(tree: DataTree) -> None:
    tree.write("meetings/2026/2026-10-soc.yml", MEETING)
    kb = tree.load()
    listed = shown(render_fragment("review", kb, "about/review.md", entries=entries_to_review(kb, date(2026, 12, 1))))
    assert "| [Senior Officials Committee, October 2026](../meetings/2026/2026-10-soc.md) | Planned for October 2026, which has passed" in listed
    assert "<code>data/meetings/2026/2026-10-soc.yml</code>, line 3 |" in listed
    assert "2 entries to review." in listed
    assert "Nothing to review" in render_fragment("review", kb, "about/review.md", entries=())
