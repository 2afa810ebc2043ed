"""Citations fit for a bibliography: the knowledge base as corporate author, the year of the record's own latest change."""

from __future__ import annotations

import json

import bibtexparser

from cica_kb.load.history import FileDates
from cica_kb.model.context import SiteContext
from cica_kb.outputs.cite import bibtex, citation, csl_json
from conftest import DataTree

PRACTICE = "data/practices/kz/law-on-volunteer-activity.yml"


def test_a_citation_names_the_knowledge_base_as_author_and_the_year_of_its_records_last_change(tree: DataTree) -> None:
    kb = tree.load()
    ctx = SiteContext(site_url="https://kb.example/", dates={PRACTICE: FileDates("2023-01-02", "2024-05-06")}, build_day="2026-12-01")
    cite = citation(kb, kb.get("practices", "kz/law-on-volunteer-activity"), ctx)
    assert cite.text.startswith('CICA Knowledge Base (2024). Law "On Volunteer Activity" (Kazakhstan). Last verified 23 November 2024.')
    (entry,) = bibtexparser.loads(bibtex(cite)).entries
    assert (entry["author"], entry["year"]) == ("{CICA Knowledge Base}", "2024")
    (item,) = json.loads(csl_json(cite))
    assert item["author"] == [{"literal": "CICA Knowledge Base"}] and item["issued"] == {"date-parts": [[2024, 5, 6]]}


def test_a_record_not_yet_committed_is_cited_with_the_build_day(tree: DataTree) -> None:
    kb = tree.load()
    cite = citation(kb, kb.get("meetings", "2024-03-14-soc"), SiteContext(build_day="2026-12-01"))
    assert cite.text.startswith("CICA Knowledge Base (2026). Senior Officials Committee, 14 March 2024. Last updated 1 December 2026.")
