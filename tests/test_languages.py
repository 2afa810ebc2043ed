"""English and Russian: every page in both, the same page a click away, and the text's language said on it.

Each language is a build of its own (staged-docs/<language>/, mkdocs.<language>.yml), merged into one site with
Russian under /ru/; these tests read that merged site and the pure functions that make it.
"""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest

from cica_kb.build.stage import hand_written_in
from cica_kb.check.validate import load_knowledge_base
from cica_kb.model.localize import in_language, localized
from cica_kb.model.model import Record, freeze, sort_key
from cica_kb.outputs.sitemap import SITEMAP_NS, XHTML_NS, merged_sitemap
from support.site import ROOT

RECORD_PAGES = ["states/kz/", "practices/kz/law-on-volunteer-activity/", "meetings/2024/2024-03-14-soc/", "bodies/soc/"]


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", RECORD_PAGES)
def test_every_record_page_is_in_both_languages_with_its_language_said(site: Path, path: str) -> None:
    assert '<html lang="en"' in html(site, path)
    assert '<html lang="ru"' in html(site, f"ru/{path}")


def source_links(page_html: str) -> dict[str, str]:
    """Each external source link's text, by its `lang` ("" when it has none, so the page's language)."""
    found = re.findall(r'<a href="[^"]*" rel="nofollow noopener"( lang="([a-z]{2})")?>([^<]*)</a>', page_html)
    return {html_module.unescape(text): lang for _, lang, text in found}


def test_a_source_title_in_another_language_than_the_pages_says_which(site: Path) -> None:
    # WCAG 3.1.2: a screen reader reads a part in its own language only if the part says which.
    law = "practices/kz/law-on-volunteer-activity/"
    adilet = "Әділет: Закон Республики Казахстан «О волонтерской деятельности» (№ 42-VI), текст на русском языке"
    english, russian = source_links(html(site, law)), source_links(html(site, f"ru/{law}"))
    assert english[adilet] == "ru"  # the source of its original title (on the Russian page, that title is its title)
    assert set(english.values()) == {"", "ru"}  # its other sources are in English, the page's language
    assert len(russian) >= 2 and set(russian.values()) == {"en"}
    secretariat = source_links(html(site, "bodies/secretariat/"))
    assert secretariat["DAZ: Tadschikistan übernimmt CICA-Vorsitz"] == "de"


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


# --- Search in each language (in a browser, on the built site) -----------------------------------

LAWS_ON_VOLUNTEERING = {"kz/law-on-volunteer-activity", "kg/law-on-volunteer-activities", "tj/law-on-volunteer-activity", "ru/federal-law-on-volunteering"}


def pagefind_results(page, base_url: str, folder: str, query: str) -> set[str]:  # noqa: ANN001 (Playwright's Page)
    """The practices a query finds in a language's own index, as `<country>/<id>`."""
    page.goto(base_url + folder)
    urls = page.evaluate(
        """async ([bundle, query]) => {
            const pagefind = await import(bundle);
            const search = await pagefind.search(query);
            return Promise.all(search.results.map(async (result) => (await result.data()).url));
        }""",
        [base_url + folder + "pagefind/pagefind.js", query],
    )
    return {match.group(1) for url in urls if (match := re.search(r"/practices/([a-z]{2}/[a-z0-9-]+)/", url))}


def test_a_russian_query_on_the_russian_site_finds_the_laws_on_volunteer_activity(page, base_url: str) -> None:  # noqa: ANN001
    assert LAWS_ON_VOLUNTEERING <= pagefind_results(page, base_url, "ru/", "волонтер")


def test_the_original_title_typed_into_the_english_finder_finds_its_law(page, base_url: str) -> None:  # noqa: ANN001
    assert "kz/law-on-volunteer-activity" in pagefind_results(page, base_url, "", "О волонтерской деятельности")


# --- No English interface text on a Russian page -------------------------------------------------

def catalogue_phrases() -> dict[str, str]:
    """Every English interface phrase of both catalogues (two words or more, no placeholder) with its Russian."""
    from babel.messages.pofile import read_po

    phrases: dict[str, str] = {}
    for domain in ("messages", "js"):
        with (ROOT / "locale" / "ru" / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
            for message in read_po(handle):
                for english in message.id if isinstance(message.id, tuple) else (message.id,):
                    if english and " " in english and "%(" not in english and english != message.string:
                        phrases[english] = message.string if isinstance(message.string, str) else message.string[0]
    return phrases


def visible_text(page_html: str) -> str:
    """What a reader sees or hears of a page: its text and its labels, without scripts, styles and markup."""
    page_html = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", page_html)
    labels = " ".join(re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', page_html))
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", page_html) + " " + labels))


def test_no_page_of_the_russian_site_shows_an_english_interface_phrase(site: Path) -> None:
    """Every built page under /ru/ against the catalogue: record text may fall back to English, the interface never."""
    phrases = catalogue_phrases()
    assert len(phrases) > 300, "the catalogues hold the interface's phrases"
    found = {}
    for path in sorted((site / "ru").rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        text = visible_text(path.read_text(encoding="utf-8"))
        left = sorted(english for english in phrases if english in text and english not in DATA_PHRASES)
        if left:
            found[path.relative_to(site).as_posix()] = left
    assert not found, f"{len(found)} Russian pages show English interface text, e.g. {dict(list(found.items())[:5])}"


DATA_PHRASES = {  # phrases of the catalogue that are also English text of the data, which Russian pages may show
    "CICA Secretariat",  # the name of sources (source titles stay as published)
    "Observer organisation in CICA",  # organisations' relation descriptions: a field without a Russian text yet
}
