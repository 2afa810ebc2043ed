"""Search: facet values from the data, and the policy finder and header search in a real browser."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from browser_fixtures import tab_until
from cica_kb.model import KnowledgeBase, sort_key
from cica_kb.search import browse_index, facet_counts, practice_facets
from cica_kb.validate import load_knowledge_base
from site_helpers import ROOT

FINDER = "practices/find/"
MATERIAL_HEADER = Path(__import__("material").__file__).parent / "templates/partials/header.html"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(ROOT / "data")


# --- Facet values ------------------------------------------------------------------------------

def test_facets_of_a_practice_are_names_not_codes(kb: KnowledgeBase) -> None:
    facets = practice_facets(kb, kb.get("practices", "kz/law-on-volunteer-activity"))
    assert ("country", "Kazakhstan") in facets
    assert ("topic", "Volunteerism") in facets and ("dimension", "Human dimension") in facets
    assert ("kind", "Law") in facets and ("year", "2016") in facets
    assert ("status", "Reference (public sources)") in facets


def test_facet_counts_match_the_data(kb: KnowledgeBase) -> None:
    counts = facet_counts(kb)
    practices = kb.all("practices")
    by_country = Counter(kb.get("states", p["country"]).label for p in practices)
    assert dict(counts["country"]) == dict(by_country)
    assert sum(n for _, n in counts["kind"]) == len(practices) == sum(n for _, n in counts["status"])
    names = [name for name, _ in counts["country"]]
    assert names == sorted(names, key=sort_key)  # alphabetical, Türkiye among the T's
    years = [name for name, _ in counts["year"] if name.isdigit()]
    assert years == sorted(years, reverse=True)


def test_header_override_differs_from_materials_only_in_the_search_box() -> None:
    ours = (ROOT / "overrides/partials/header.html").read_text(encoding="utf-8")
    theirs = MATERIAL_HEADER.read_text(encoding="utf-8")
    strip = lambda text: re.sub(r"(?s)\{#-.*?-#\}\n?", "", text)  # noqa: E731
    before, after = strip(theirs).split('    {% if "material/search" in config.plugins %}')
    assert strip(ours).startswith(before) and strip(ours).endswith(after.split("    {% endif %}\n", 2)[2])


# --- The finder in a browser ----------------------------------------------------------------------

def open_finder(page: Page, base_url: str, query: str = "") -> None:
    page.goto(base_url + FINDER + query)
    expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-state", "done")


def result_links(page: Page) -> list[str]:
    return [urlsplit(href).path for href in page.locator(".kb-finder__result h3 a").evaluate_all("links => links.map(a => a.href)")]


def search(page: Page, text: str) -> None:
    page.locator("#kb-finder-q").fill(text)
    expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-query", text.strip())
    expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-state", "done")


def unique_body_word(kb: KnowledgeBase, site: Path) -> tuple[str, str]:
    """A word found in one practice's body and on no other page of the built site."""
    words: dict[str, set[str]] = {}
    for practice in kb.all("practices"):
        for word in set(re.findall(r"[a-z]{7,}", str(practice.get("body", "")).lower())):
            words.setdefault(word, set()).add(practice.key)
    pages = {path: path.read_text(encoding="utf-8").lower() for path in site.rglob("*.html")}
    for word, owners in sorted(words.items()):
        if len(owners) == 1:
            owner = next(iter(owners))
            on = [path for path, html in pages.items() if word in html]
            if [path.parent.relative_to(site).as_posix() for path in on] == [f"practices/{owner}"]:
                return word, owner
    raise AssertionError("no word is unique to one practice's body")


def test_a_word_only_in_one_practice_body_finds_that_practice(page: Page, base_url: str, kb: KnowledgeBase, site: Path) -> None:
    word, owner = unique_body_word(kb, site)
    open_finder(page, base_url)
    search(page, word)
    assert result_links(page) == [f"/practices/{owner}/"]
    expect(page.locator(".kb-finder__result mark").first).to_be_visible()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Turkiye", "/practices/tr/afad-volunteering-system/"),  # diacritics
        ("e-Devlet", "/practices/tr/afad-volunteering-system/"),  # hyphenated
        ("Decree No. 685", "/practices/cn/regulation-on-volunteer-service/"),  # numbered
        ("149", "/practices/eg/law-regulating-civil-work/"),
    ],
)
def test_matching_is_forgiving(page: Page, base_url: str, query: str, expected: str) -> None:
    open_finder(page, base_url)
    search(page, query)
    assert expected in result_links(page)[:5]


def test_word_forms_find_the_same_practices(page: Page, base_url: str) -> None:
    open_finder(page, base_url)
    found = []
    for form in ("volunteer", "volunteers", "volunteering"):
        search(page, form)
        found.append(page.locator("[data-kb-finder-status]").inner_text().split()[0])
    assert found[0] == found[1] == found[2] and int(found[0]) > 20


def test_facets_narrow_and_counts_match_the_data(page: Page, base_url: str, kb: KnowledgeBase) -> None:
    open_finder(page, base_url)
    expect(page.locator("[data-kb-finder-status]")).to_have_text(f"{kb.count('practices')} practices.")
    kazakhstan = page.locator('input[name="country"][value="Kazakhstan"]')
    expected = len(kb.index("practices_by_country", "kz"))
    assert kazakhstan.locator("xpath=..").locator("[data-count]").inner_text() == str(expected)
    kazakhstan.check()
    expect(page.locator(".kb-finder__result")).to_have_count(expected)
    # Other countries keep their counts (values within a facet combine with OR) …
    india = page.locator('input[name="country"][value="India"]').locator("xpath=..").locator("[data-count]")
    expect(india).to_have_text(str(len(kb.index("practices_by_country", "in"))))
    # … while other facets count within Kazakhstan's practices.
    laws = sum(1 for p in kb.index("practices_by_country", "kz") if p["kind"] == "law")
    expect(page.locator('input[name="kind"][value="Law"]').locator("xpath=..").locator("[data-count]")).to_have_text(str(laws))
    page.locator('input[name="kind"][value="Law"]').check()
    expect(page.locator(".kb-finder__result")).to_have_count(laws)


def test_the_address_restores_a_search(page: Page, base_url: str) -> None:
    open_finder(page, base_url)
    search(page, "volunteer")
    page.locator('input[name="topic"][value="Volunteerism"]').check()
    page.locator("#kb-finder-sort").select_option("year-asc")
    expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-state", "done")
    page.wait_for_function("() => location.search.includes('sort=year-asc')")
    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {"q": ["volunteer"], "topic": ["Volunteerism"], "sort": ["year-asc"]}
    first = result_links(page)
    page.goto("about:blank")
    open_finder(page, base_url, "?" + urlsplit(shared).query)
    assert page.locator("#kb-finder-q").input_value() == "volunteer"
    assert page.locator('input[name="topic"][value="Volunteerism"]').is_checked()
    assert page.locator("#kb-finder-sort").input_value() == "year-asc"
    assert result_links(page) == first
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", " ".join(page.locator(".kb-finder__meta").all_inner_texts()))]
    assert years == sorted(years)


def test_no_results_suggests_clearing_the_filters(page: Page, base_url: str) -> None:
    open_finder(page, base_url, "?q=volunteer&country=Kazakhstan&kind=Research")
    expect(page.locator("[data-kb-finder-empty]")).to_be_visible()
    page.get_by_role("button", name="clear the filters").click()
    expect(page.locator("[data-kb-finder-empty]")).to_be_hidden()
    assert len(result_links(page)) > 3
    assert page.locator("#kb-finder-q").input_value() == "volunteer"


def test_keyboard_only_search_opens_a_result_with_terms_highlighted(page: Page, base_url: str) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    open_finder(page, base_url)
    page.locator("#kb-finder-q").focus()
    page.keyboard.type("Decree")
    expect(page.locator("[data-kb-finder-status]")).to_contain_text("matching “Decree”")
    tab_until(page, ".kb-finder__result", 200)  # on past the filters to the first result's link
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/practices/.+\?highlight=Decree"))
    expect(page.locator("mark.kb-highlight").first).to_be_visible()
    assert problems == []


def test_header_search_finds_any_page_and_closes_with_escape(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.keyboard.press("/")
    page.keyboard.type("Senior Officials Committee")
    first = page.locator("[data-kb-search-results] a").first
    expect(first).to_be_visible()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("/")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?highlight="))
    assert "/bodies/" in page.url or "/meetings/" in page.url


def test_header_search_reaches_the_finder_with_its_words(page: Page, base_url: str) -> None:
    page.goto(base_url + "states/")
    page.locator("[data-kb-search-input]").fill("volunteer")
    page.get_by_role("link", name=re.compile("Find policies matching")).click()
    expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-state", "done")
    assert page.locator("#kb-finder-q").input_value() == "volunteer"


def test_a_coverage_cell_opens_the_finder_with_its_country_and_topic(page: Page, base_url: str, kb: KnowledgeBase) -> None:
    page.goto(base_url + "practices/coverage/")
    row = page.locator("tr", has=page.get_by_role("link", name="Kazakhstan", exact=True))
    cell = row.locator(f'a[href*="{FINDER}?"]').first
    count = int(cell.inner_text())
    cell.click()
    expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-state", "done")
    assert page.locator('input[name="country"][value="Kazakhstan"]').is_checked()
    expect(page.locator(".kb-finder__result")).to_have_count(count)


def test_the_browse_list_names_every_practice_with_its_facets(kb: KnowledgeBase) -> None:
    document = json.loads(browse_index(kb))
    assert len(document["practices"]) == kb.count("practices")
    url, title, year, chosen = next(entry for entry in document["practices"] if entry[0] == "practices/kz/law-on-volunteer-activity/")
    named = {key: [document["values"][key][n] for n in chosen[i]] for i, key in enumerate(document["facets"])}
    assert (title, year, named["country"], named["kind"]) == (kb.get("practices", "kz/law-on-volunteer-activity").label, 2016, ["Kazakhstan"], ["Law"])


def test_browsing_by_facets_alone_never_loads_the_word_index(page: Page, base_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_finder(page, base_url, "?country=Kazakhstan&sort=year-asc")
    page.locator('input[name="kind"][value="Law"]').check()
    expect(page.locator("[data-kb-finder-status]")).to_contain_text("with the chosen filters")
    assert not [url for url in requested if "/pagefind/" in url]
    search(page, "volunteer")
    assert [url for url in requested if "/pagefind/index/" in url]  # words are Pagefind's job


def test_counts_follow_a_search_with_words(page: Page, base_url: str) -> None:
    open_finder(page, base_url, "?q=volunteer&country=Kazakhstan")
    expect(page.locator("[data-kb-finder-filters]")).to_have_attribute("aria-busy", "false")
    shown = page.locator(".kb-finder__result").count()
    count = page.locator('input[name="country"][value="Kazakhstan"]').locator("xpath=..").locator("[data-count]")
    expect(count).to_have_text(str(shown))
    laws = page.locator('input[name="kind"][value="Law"]').locator("xpath=..").locator("[data-count]").inner_text()
    page.locator('input[name="kind"][value="Law"]').check()
    expect(page.locator(".kb-finder__result")).to_have_count(int(laws))


def test_a_narrow_search_counts_from_its_results_without_the_filter_chunks(page: Page, base_url: str, kb: KnowledgeBase, site: Path) -> None:
    word, owner = unique_body_word(kb, site)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_finder(page, base_url, f"?q={word}")
    expect(page.locator("[data-kb-finder-filters]")).to_have_attribute("aria-busy", "false")
    country = kb.get("states", kb.get("practices", owner)["country"]).label
    counts = {box.get_attribute("value"): box.locator("xpath=..").locator("[data-count]").inner_text() for box in page.locator('input[name="country"]').all()}
    assert counts[country] == "1" and sum(map(int, counts.values())) == 1
    assert len([url for url in requested if "/pagefind/filter/" in url]) == 1  # only "practices only", not one per facet
