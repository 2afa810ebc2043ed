"""English and Russian: every page in both, the same page a click away, and the text's language said on it.

Each language is a build of its own (staged-docs/<language>/, mkdocs.<language>.yml), merged into one site with
Russian under /ru/; these tests read that merged site and the pure functions that make it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest

from cica_kb.localize import in_language, localized
from cica_kb.model import Record, freeze, sort_key
from cica_kb.sitemap import SITEMAP_NS, XHTML_NS, merged_sitemap
from cica_kb.stage import hand_written_in
from cica_kb.validate import load_knowledge_base
from site_helpers import ROOT

RECORD_PAGES = ["states/kz/", "practices/kz/law-on-volunteer-activity/", "meetings/2024/2024-03-14-soc/", "bodies/soc/"]


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", RECORD_PAGES)
def test_every_record_page_is_in_both_languages_with_its_language_said(site: Path, path: str) -> None:
    assert '<html lang="en"' in html(site, path)
    assert '<html lang="ru"' in html(site, f"ru/{path}")


def test_the_russian_site_has_the_same_pages_as_the_english_one(site: Path) -> None:
    english = {p.relative_to(site).as_posix() for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith(("ru/", "pagefind/"))}
    russian = {p.relative_to(site / "ru").as_posix() for p in (site / "ru").rglob("index.html") if not p.relative_to(site / "ru").as_posix().startswith("pagefind/")}
    assert english == russian


@pytest.mark.parametrize("path", ["", "states/kz/", "practices/find/"])
def test_the_switcher_leads_to_the_same_page_in_the_other_language(site: Path, path: str) -> None:
    for here, there in (("", "ru/"), ("ru/", "")):
        page = html(site, here + path)
        switch = re.search(r'<a href="([^"]*)" hreflang="%s"' % ("ru" if there else "en"), page)
        assert switch, "the header has a link to the other language"
        assert urljoin(f"https://x.test/{here}{path}", switch.group(1)) == f"https://x.test/{there}{path}"
        assert 'rel="alternate" hreflang' not in page  # Material would fetch a sitemap beside each (sitemap-languages.xml has them)


def test_each_language_has_its_own_search_index(site: Path) -> None:
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "ru" / "pagefind" / "pagefind.js").is_file()
    assert '"ru' in (site / "ru" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"en' in (site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")


def test_each_languages_sitemap_keeps_to_it_and_one_lists_them_all_with_their_alternates(site: Path) -> None:
    assert "/cica-kb/ru/" not in (site / "sitemap.xml").read_text(encoding="utf-8")  # instant navigation stays in a language
    assert "/ru/states/kz/" in (site / "ru" / "sitemap.xml").read_text(encoding="utf-8")
    root = ElementTree.parse(site / "sitemap-languages.xml").getroot()
    locations = [entry.findtext(f"{{{SITEMAP_NS}}}loc") for entry in root.iter(f"{{{SITEMAP_NS}}}url")]
    assert any(loc.endswith("/ru/states/kz/") for loc in locations) and any(loc.endswith("/cica-kb/states/kz/") for loc in locations)
    entry = next(entry for entry in root.iter(f"{{{SITEMAP_NS}}}url") if entry.findtext(f"{{{SITEMAP_NS}}}loc").endswith("/cica-kb/states/kz/"))
    alternates = {link.get("hreflang"): link.get("href") for link in entry.iter(f"{{{XHTML_NS}}}link")}
    assert alternates["ru"].endswith("/cica-kb/ru/states/kz/") and alternates["en"].endswith("/cica-kb/states/kz/")


def test_merged_sitemap_pairs_pages_by_their_path() -> None:
    english = f'<urlset xmlns="{SITEMAP_NS}"><url><loc>https://x.test/a/</loc><lastmod>2024-01-01</lastmod></url></urlset>'
    russian = f'<urlset xmlns="{SITEMAP_NS}"><url><loc>https://x.test/ru/a/</loc></url></urlset>'
    merged = merged_sitemap({"en": english.encode(), "ru": russian.encode()}, {"en": "", "ru": "ru/"}, "https://x.test/").decode()
    assert merged.count("<url>") == 2 and merged.count('hreflang="ru" href="https://x.test/ru/a/"') == 2


# --- The knowledge base in a language -------------------------------------------------------------

def record(data: dict, collection: str = "practices") -> Record:
    return Record(collection, "kz/x", f"data/{collection}/kz/x.yml", f"{collection}/kz/x.md", freeze(data))


def test_russian_text_is_laid_over_the_english_and_what_is_left_in_english_is_named() -> None:
    english = {"title": "Law", "summary": "What it does, in English.", "body": "More.", "translations": {"ru": {"provenance": "editorial", "title": "Закон"}}}
    russian = in_language(record(english), "ru")
    assert russian["title"] == "Закон" and russian["summary"] == "What it does, in English."
    assert russian.translation.provenance == "editorial" and russian.translation.translated == ("title",)
    assert set(russian.translation.in_english) == {"summary", "body"}


def test_a_record_without_russian_text_says_it_is_untranslated() -> None:
    russian = in_language(record({"title": "Law", "summary": "What it does, in English."}), "ru")
    assert russian["title"] == "Law" and russian.translation.untranslated


def test_the_original_title_in_the_pages_language_is_its_title_there() -> None:
    source = {"title": "Adilet", "url": "https://adilet.zan.kz/rus/docs/Z1600000042"}
    data = {"title": "Law on Volunteer Activity", "original_title": {"text": "О волонтерской деятельности", "language": "ru", "source": source}}
    russian = in_language(record(data), "ru")
    assert russian["title"] == "О волонтерской деятельности" and russian.translation.provenance == "official"


def test_a_meetings_decisions_are_translated_one_by_one() -> None:
    data = {"title": "SOC", "decisions": [{"text": "One.", "concerns": []}, {"text": "Two."}], "translations": {"ru": {"provenance": "editorial", "decisions": [{"text": "Одно."}, {"text": "Два."}]}}}
    russian = in_language(record(data, "meetings"), "ru")
    assert [decision["text"] for decision in russian["decisions"]] == ["Одно.", "Два."]
    assert russian["decisions"][0]["concerns"] == ()


def test_states_are_in_the_alphabetical_order_of_the_pages_language() -> None:
    kb = load_knowledge_base(ROOT / "data")
    names = [state.label for state in localized(kb, "ru").all("states")]
    assert names == sorted(names, key=sort_key)


# --- Hand-written pages -------------------------------------------------------------------------

def test_a_hand_written_page_not_yet_translated_is_the_english_page_under_a_notice() -> None:
    docs = {"index.md": b"---\ntitle: Home\n---\n\n# Home\n\nText.\n", "about/index.md": b"# About\n", "ru/about/index.md": "# О базе\n".encode(), "assets/kb.css": b"a{}"}
    russian = hand_written_in(docs, "ru", '!!! note "In English"')
    assert russian["about/index.md"] == "# О базе\n".encode()
    assert russian["index.md"].decode().startswith("---\ntitle: Home\n---\n\n# Home\n\n!!! note")
    assert russian["assets/kb.css"] == b"a{}" and "ru/about/index.md" not in russian
    assert "ru/about/index.md" not in hand_written_in(docs, "en", "")
