"""Country profiles and the home page: the current chair on the build's day, practices by topic, feeds and downloads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cica_kb.check.validate import load_knowledge_base
from cica_kb.model.model import KnowledgeBase
from cica_kb.model.profile import current_chairmanship, kind_counts, topic_groups, year_counts
from cica_kb.render.pages import practice_kinds
from support.site import ROOT


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(ROOT / "data")


@pytest.mark.parametrize(
    ("day", "chair"),
    [("2026-12-01", "2024-az"), ("2024-12-17", "2024-az"), ("2024-12-16", "2020-kz"), ("2019-03-01", "2018-tj"), ("2030-01-01", None)],
)
def test_the_current_chair_is_the_term_that_includes_the_day(kb: KnowledgeBase, day: str, chair: str | None) -> None:
    found = current_chairmanship(kb, day)
    assert (found.key if found else None) == chair


def test_practices_group_by_topic_with_counts_by_kind(kb: KnowledgeBase) -> None:
    practices = kb.index("practices_by_country", "kz")
    groups = {group.topic.key: group for group in topic_groups(kb, practices, practice_kinds())}
    assert sum(len(group.practices) for group in groups.values()) >= len(practices)
    assert sum(count for _, count in kind_counts(practices, practice_kinds())) == len(practices)
    assert [year for year, _ in year_counts(practices)] == sorted(str(p["year"]) for p in practices)


def test_a_state_page_shows_its_card_feed_and_downloads(site: Path) -> None:
    kz = (site / "states/kz/index.html").read_text(encoding="utf-8")
    assert "Current Chair of CICA" not in kz  # Kazakhstan's terms ended in 2010 and 2024
    assert "Role in the CBM dimensions" in kz and "September 2020 – December 2024" in kz
    assert 'href="../../feeds/practices/kz.xml"' in kz and 'href="../../data/practices/kz.csv"' in kz
    assert '<figure class="kb-chart">' in kz and 'class="kb-meetings"' in kz
    rows = list(csv.DictReader(io.StringIO((site / "data/practices/kz.csv").read_text(encoding="utf-8-sig"))))
    assert sorted(row["id"] for row in rows) == ["kz/law-on-volunteer-activity", "kz/taza-qazaqstan", "kz/year-of-the-volunteer-2020"]
    az = (site / "states/az/index.html").read_text(encoding="utf-8")
    assert "Current Chair of CICA" in az  # the build's day (last commit, 2026) is in Azerbaijan's term to 2026


def test_home_has_a_search_box_the_current_chair_and_topics(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<form class="kb-home-search" role="search"' in home and 'action="practices/find/"' in home
    assert "Current Chair of CICA:" in home and 'href="states/az/"' in home
    assert 'href="practices/find/?topic=Volunteerism"' in home


def test_the_open_data_page_names_the_feeds(site: Path) -> None:
    data = (site / "about/data/index.html").read_text(encoding="utf-8")
    assert "feeds/practices/kz.xml" in data and "data/practices/kz.csv" in data
