"""Contribution tooling and consensus before publication."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from html import unescape
from pathlib import Path
from types import MappingProxyType
from urllib.parse import parse_qs, urlsplit

import pytest

from cica_kb.check.validate import load_knowledge_base
from cica_kb.model.model import build_knowledge_base
from cica_kb.model.publication import publishable
from cica_kb.problems import DataError
from cica_kb.tools.scaffold import slug
from cica_kb.tools.summary import changed_data_files, summary_markdown
from test_templates import written

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base(ROOT / "data")


def with_practice(kb, key: str, **changes):
    """The knowledge base with one practice changed (status, consensus …)."""
    records = [r for rs in kb.records.values() for r in rs.values()]
    changed = [replace(r, data=MappingProxyType({**r.data, **changes})) if (r.collection, r.key) == ("practices", key) else r for r in records]
    return build_knowledge_base(changed)


KEY = "kz/law-on-volunteer-activity"


def test_pending_entries_are_left_out_of_the_public_site_and_listed(kb) -> None:
    pending = with_practice(kb, KEY, status="pending", provenance="official-submission")
    public, excluded = publishable(pending, date(2026, 1, 1), preview=False)
    assert not public.has("practices", KEY)
    assert [(e.path, e.reason) for e in excluded] == [("data/practices/kz/law-on-volunteer-activity.yml", "pending (awaiting consensus)")]
    assert KEY not in [p.key for p in public.index("practices_by_country", "kz")]


def test_previews_show_pending_entries(kb) -> None:
    pending = with_practice(kb, KEY, status="pending", provenance="official-submission")
    preview, excluded = publishable(pending, date(2026, 1, 1), preview=True)
    assert preview.get("practices", KEY)["status"] == "pending" and excluded == []


def test_silence_procedure_publishes_the_entry_after_its_end_date_unless_someone_objects(kb) -> None:
    consensus = {"procedure": "Silence procedure", "date": "2026-03-01"}
    pending = with_practice(kb, KEY, status="pending", provenance="official-submission", consensus=consensus)
    before, _ = publishable(pending, date(2026, 2, 28), preview=False)
    assert not before.has("practices", KEY)
    after, excluded = publishable(pending, date(2026, 3, 1), preview=False)
    assert after.get("practices", KEY)["status"] == "shared" and excluded == []
    objected = with_practice(kb, KEY, status="pending", provenance="official-submission", consensus={**consensus, "objection": {"date": "2026-02-20", "note": "Objection."}})
    public, excluded = publishable(objected, date(2026, 4, 1), preview=False)
    assert not public.has("practices", KEY) and excluded[0].reason == "pending (objection recorded)"


def test_slug_makes_a_valid_id_from_any_title() -> None:
    assert slug('Law "On Volunteer Activity" (No. 42-VI)') == "law-on-volunteer-activity-no-42-vi"
    assert slug("Türkiye’s AFAD volunteering") == "turkiyes-afad-volunteering"
    assert slug("«»") == "practice"


def test_new_practice_command_writes_a_file_that_validates(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    command = [sys.executable, "-m", "cica_kb", "--data", str(tmp_path / "data"), "new", "practice", "--country", "KZ", "--title", "Law on Volunteer Activity: 2023 amendments"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    created = tmp_path / "data/practices/kz/law-on-volunteer-activity-2023-amendments.yml"
    assert created.is_file()
    with pytest.raises(DataError) as unfilled:  # the template's example summary and source are still in it
        load_knowledge_base(tmp_path / "data")
    assert [(p.line, p.field) for p in unfilled.value.problems] == [(45, "summary"), (71, "sources[0].url")]
    created.write_text(written(created.read_text(encoding="utf-8")), encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "data")
    practice = kb.get("practices", "kz/law-on-volunteer-activity-2023-amendments")
    assert practice["title"] == "Law on Volunteer Activity: 2023 amendments" and practice["country"] == "kz"
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 1 and "exists already" in again.stderr and "Traceback" not in again.stderr


def test_new_practice_rejects_an_unknown_country(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "cica_kb", "new", "practice", "--country", "XX", "--title", "Anything"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "no state with code XX" in result.stderr


def test_committed_codeowners_is_current_and_routes_each_state_folder() -> None:
    result = subprocess.run([sys.executable, "-m", "cica_kb", "codeowners", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    owners = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/data/practices/kz/ @cica-secretariat/focal-points-kz @cica-secretariat/editors" in owners
    assert owners.count("/data/practices/") == 28


def test_contribute_page_is_built_from_contributing_md(site: Path) -> None:
    page = (site / "contribute/index.html").read_text(encoding="utf-8")
    assert "Three ways to propose an entry" in page
    assert "/edit/main/CONTRIBUTING.md" in page
    assert 'href="../schemas/practice.schema.json"' in page


def test_contribute_page_offers_the_web_form_first(site: Path) -> None:
    html = (site / "contribute/index.html").read_text(encoding="utf-8")
    page = html[html.index("<article"):]
    form, editor = page.index("1. With the web form"), page.index("2. In GitHub")
    assert form < editor
    section = " ".join(page[form:editor].split())
    assert '<a href="../submit/">Submit a practice</a>' in section
    assert "<strong>Continue on GitHub</strong>" in section and "<strong>Propose a practice</strong>" in section


def test_state_page_offers_add_a_practice_in_its_folder(site: Path) -> None:
    page = (site / "states/kz/index.html").read_text(encoding="utf-8")
    assert "https://github.com/cica-secretariat/cica-kb/new/main/data/practices/kz?filename=short-name-of-the-practice.yml&amp;value=" in page


def test_record_pages_invite_corrections(site: Path) -> None:
    page = (site / "meetings/2024/2024-03-14-soc/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/cica-secretariat/cica-kb/edit/main/data/meetings/2024/2024-03-14-soc.yml">Suggest an edit</a>' in page
    assert "issues/new?template=outdated.yml&amp;title=Outdated%3A%20Senior%20Officials%20Committee%2C%2014%20March%202024&amp;record=data%2Fmeetings%2F2024%2F2024-03-14-soc.yml" in page


def test_add_a_practice_link_decodes_to_a_file_that_validates(site: Path, tmp_path: Path) -> None:
    page = (site / "states/kz/index.html").read_text(encoding="utf-8")
    href = unescape(re.search(r'href="(https://github.com/[^"]+/new/main/data/practices/kz\?[^"]+)"', page).group(1))
    query = parse_qs(urlsplit(href).query)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data/practices/kz" / query["filename"][0]).write_text(written(query["value"][0]), encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "data")
    assert kb.get("practices", "kz/short-name-of-the-practice")["status"] == "pending"


def test_job_summary_previews_each_changed_record(kb) -> None:
    text = summary_markdown(kb, ["data/practices/kz/law-on-volunteer-activity.yml", "data/practices/kz/removed.yml"])
    assert text.startswith("## 2 records added or changed")
    assert "### Law \"On Volunteer Activity\" (No. 42-VI)" in text
    assert "| Country | Kazakhstan |" in text and "| Provenance | Compiled from public sources |" in text
    assert "### `data/practices/kz/removed.yml`\n\nNot a published record in this build." in text


def test_changed_data_files_come_from_git(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    (tmp_path / "data/states").mkdir(parents=True)
    (tmp_path / "data/states/kz.yml").write_text("id: kz\n")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "change")
    (tmp_path / "data/states/kz.yml").write_text("id: kz\nname: x\n")
    (tmp_path / "data/states/uz.yml").write_text("id: uz\n")
    git("add", "-A")
    git("commit", "-qm", "change")
    assert changed_data_files(tmp_path, "main") == ["data/states/kz.yml", "data/states/uz.yml"]


def _outline(guide: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """What a translation keeps of the guide: heading levels, link targets, code blocks and inline code."""
    fences = re.findall(r"^```.*?^```", guide, flags=re.M | re.S)
    return (
        re.findall(r"^#+", guide, flags=re.M), re.findall(r"\]\(([^)]+)\)", guide), fences,
        sorted(set(re.findall(r"`[^`\n]+`", re.sub(r"^```.*?^```", "", guide, flags=re.M | re.S)))),
    )


def test_the_russian_guide_keeps_the_english_guides_sections_links_commands_and_file_names() -> None:
    english = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    russian = (ROOT / "CONTRIBUTING.ru.md").read_text(encoding="utf-8")
    headings, links, fences, code = _outline(english)
    assert _outline(russian) == (headings, links, fences, sorted({*code, "`CONTRIBUTING.md`"}))
    assert "неофициальный перевод" in russian.split("\n## ")[0]  # said before the first section
