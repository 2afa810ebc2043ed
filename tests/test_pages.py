"""Pure functions: escaping, the page plan, dates, git history, editor settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from cica_kb.check.validate import load_knowledge_base
from cica_kb.load.history import FileDates, parse_log
from cica_kb.model.dates import human_date, human_range, parse_partial
from cica_kb.render.pages import plan_pages
from cica_kb.render.text import escape_inline, escape_paragraphs, render_body

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base(ROOT / "data")


def rendered(text: str) -> str:
    return markdown.markdown(text, extensions=["tables"])


@pytest.mark.parametrize(
    "text",
    ["**bold** _it_ `code`", "[link](http://x)", "# heading", "1. list", "- item", "<b>tag</b> &amp;", "a | b", "{: .class}"],
)
def test_escaped_text_renders_literally(text: str) -> None:
    assert rendered(escape_inline(text)) == f"<p>{text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</p>"


def test_escaped_text_keeps_spaces_between_items_and_paragraphs() -> None:
    assert escape_inline("; ") == "; "
    assert rendered(escape_paragraphs("First\nline.\n\n  Second.")) == "<p>First line.</p>\n<p>Second.</p>"


def test_body_is_sanitised_but_keeps_formatting() -> None:
    html = render_body("## Heading\n\n**bold** [site](https://example.org) <script>x()</script> [bad](javascript:x())")
    assert "<h2>Heading</h2>" in html and "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<script>" not in html and "javascript:" not in html


def test_page_plan_has_one_page_per_record_with_its_source(kb) -> None:
    plan = plan_pages(kb)
    data_files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "data").rglob("*.yml"))
    assert sorted(page.source for page in plan.values()) == data_files
    assert "meetings/2024/2024-03-14-soc.md" in plan
    assert plan["states/kz.md"].markdown.startswith('---\ntitle: "Kazakhstan"\nrender_macros: false\n')


def test_partial_dates() -> None:
    assert parse_partial("2023-02-29") is None and parse_partial("2024-13") is None
    assert parse_partial("2024-02-29") == (2024, 2, 29)
    assert human_date("2024-03") == "March 2024"
    assert human_range("2022-10-12", "2022-10-13") == "12–13 October 2022"
    assert human_range("2016-04-27", "2016-05-02") == "27 April 2016 – 2 May 2016"


def test_git_log_gives_each_file_its_newest_commit_date() -> None:
    log = "\x002026-11-23\n\ndata/a.yml\ndocs/b.md\n\x002026-01-01\n\ndata/a.yml\ndata/c.yml\n"
    assert parse_log(log) == {
        "data/a.yml": FileDates(created="2026-01-01", updated="2026-11-23"),
        "docs/b.md": FileDates(created="2026-11-23", updated="2026-11-23"),
        "data/c.yml": FileDates(created="2026-01-01", updated="2026-01-01"),
    }


def test_committed_editor_settings_are_current() -> None:
    result = subprocess.run([sys.executable, "-m", "cica_kb", "editor-settings", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_pages_command_writes_the_whole_site_source_for_other_engines(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "cica_kb", "pages", "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md") if not p.relative_to(tmp_path).as_posix().startswith("ru/"))
    assert len(written) == len(list((ROOT / "data").rglob("*.yml"))) + 2  # a page per record, Contribute, Translation status
    assert (tmp_path / "ru/about/translations.md").is_file(), "the Russian site source is in ru/"
    assert "practices/kz/law-on-volunteer-activity.md" in written and "contribute.md" in written
    assert "about/translations.md" in written
    assert "# Law \"On Volunteer Activity\" \\(No\\. 42\\-VI\\)" in (tmp_path / "practices/kz/law-on-volunteer-activity.md").read_text(encoding="utf-8")
    for linked in ("feeds/practices.xml", "calendar/meetings.ics", "data/practices.csv", "schemas/practice.schema.json", "search/practices.json"):
        assert (tmp_path / linked).is_file(), linked
    assert "1970" not in (tmp_path / "cite/meetings/2024-03-14-soc.bib").read_text(encoding="utf-8")


def test_github_annotations_put_each_problem_on_its_line(tmp_path: Path) -> None:
    (tmp_path / "states").mkdir(parents=True)
    (tmp_path / "states" / "kz.yml").write_text("id: kz\niso_code: KZ\nname: Kazakhstan\nstatus: memeber\nsources: []\n", encoding="utf-8")
    command = [sys.executable, "-m", "cica_kb", "--data", str(tmp_path), "--format", "github", "check"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=data/states/kz.yml,line=4,col=9,title=status::'memeber' is not allowed; use one of: member, observer",
        "::error file=data/states/kz.yml,line=5,col=10,title=sources::needs at least 1 item",
    ]
