"""The built site holds together: no broken internal link or anchor, every page reachable from the
home page, and every data file either a page or a reason it is not one."""

from __future__ import annotations

from pathlib import Path

import pytest

from cica_kb.build.site import as_of
from cica_kb.check.validate import load_knowledge_base
from cica_kb.model.publication import publishable
from support.links import ParsedPage, broken_links, html_of, reachable, site_pages, site_url_of
from support.site import ROOT

# Pages that are neither hand-written in docs/ nor made from a record.
OTHER_PAGES = {"404.html", "contribute/index.html", "about/translations/index.html"}  # generated: Contribute, Translation status


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, ParsedPage]:
    return site_pages(site)


def test_no_broken_internal_links_or_anchors(site: Path, pages: dict[str, ParsedPage]) -> None:
    broken = broken_links(site, pages, site_url_of(site))
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:40])


def test_every_page_is_reachable_from_the_home_page(site: Path, pages: dict[str, ParsedPage]) -> None:
    unreached = sorted(set(pages) - reachable(site, pages, site_url_of(site)) - {"404.html", "ru/404.html"})
    assert not unreached, f"{len(unreached)} pages no link leads to: {unreached[:20]}"


def test_every_page_comes_from_docs_or_a_record_in_each_language_and_every_record_has_its_page(site: Path, pages: dict[str, ParsedPage]) -> None:
    kb, excluded = publishable(load_knowledge_base(ROOT / "data"), as_of(), preview=False)
    records = {html_of(record.page): record.path for records in kb.records.values() for record in records.values()}
    hand_written = {html_of(path.relative_to(ROOT / "docs").as_posix()) for path in (ROOT / "docs").rglob("*.md") if not path.is_relative_to(ROOT / "docs" / "ru")}
    english = set(records) | hand_written | OTHER_PAGES
    assert set(pages) == english | {f"ru/{page}" for page in english}  # every page in each language, at the same path
    data_files = {path.relative_to(ROOT).as_posix() for path in (ROOT / "data").rglob("*") if path.is_file()}
    assert data_files == set(records.values()) | {exclusion.path for exclusion in excluded}


# --- the checker itself finds what it is for ------------------------------------------------------


def write_site(root: Path, files: dict[str, str]) -> Path:
    for relative, html in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(html, encoding="utf-8")
    return root


def test_link_checker_reports_missing_files_and_anchors_and_unreached_pages(tmp_path: Path) -> None:
    site = write_site(tmp_path, {
        "index.html": '<a href="a/">A</a> <a href="a/#there">ok</a> <a href="#top" id="top">top</a>'
                      '<a href="b/">missing</a> <a href="a/#nowhere">bad anchor</a> <a href="https://x.example/">out</a>',
        "a/index.html": '<h2 id="there">There</h2><a href="../">home</a><link href="../style.css" rel="stylesheet">',
        "orphan/index.html": "<p>no link leads here</p>",
    })
    pages = site_pages(site)
    assert broken_links(site, pages, "https://x.example/kb/") == [
        "a/index.html: <link> ../style.css (no such file)",
        "index.html: <a> b/ (no such file)",
        "index.html: <a> a/#nowhere (no id 'nowhere' in a/index.html)",
    ]
    assert reachable(site, pages, "https://x.example/kb/") == {"index.html", "a/index.html"}


def test_link_checker_reads_addresses_under_the_site_url_as_internal(tmp_path: Path) -> None:
    site = write_site(tmp_path, {
        "index.html": '<a href="/kb/a/">root-relative</a> <a href="https://x.example/kb/a/#x">absolute</a> <a href="/kb/gone/">gone</a>',
        "a/index.html": '<p id="x">x</p>',
    })
    assert broken_links(site, site_pages(site), "https://x.example/kb/") == ["index.html: <a> /kb/gone/ (no such file)"]
