"""Search: facet values from the data, and the policy finder and header search in a real browser."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from cica_kb.check.validate import load_knowledge_base
from cica_kb.model.model import KnowledgeBase, sort_key
from cica_kb.model.search import browse_index, facet_counts, practice_facets
from support.browser import tab_until
from support.site import ROOT

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


def test_header_override_differs_from_materials_only_in_the_search_box_and_language_switcher() -> None:
    ours = (ROOT / "overrides/partials/header.html").read_text(encoding="utf-8")
    theirs = MATERIAL_HEADER.read_text(encoding="utf-8")
    strip = lambda text: re.sub(r"(?s)[ \t]*\{#-.*?-#\}\n?", "", text)  # noqa: E731
    theirs = theirs.replace('{% if config.extra.alternate %}\n      {% include "partials/alternate.html" %}', '{% if config.extra.kb_languages %}\n      {% include "partials/kb-languages.html" %}')
    before, after = strip(theirs).split('    {% if "material/search" in config.plugins %}')
    assert strip(ours).startswith(before) and strip(ours).endswith(after.split("    {% endif %}\n", 2)[2])


# --- The finder in a browser ----------------------------------------------------------------------

def open_finder(page: Page, base_url: str, query: str = "") -> None:
    page.goto(base_url + FINDER + query)
    expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-state", "done")


def result_links(page: Page) -> list[str]:
    return [urlsplit(href).path for href in page.locator(".kb-finder__result h2 a").evaluate_all("links => links.map(a => a.href)")]


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
    page.wait_for_url(re.compile(r"/practices/.+\?highlight=decree", re.IGNORECASE))
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
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?highlight="))
    assert "/bodies/" in page.url or "/meetings/" in page.url
    page.keyboard.press("/")
    page.keyboard.type("x")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()


def test_enter_in_the_header_search_opens_the_finder_with_the_words_typed(page: Page, base_url: str) -> None:
    page.goto(base_url + "states/")
    page.keyboard.press("/")
    page.keyboard.type("volunteer law")
    page.keyboard.press("Enter")  # at once: before any result has appeared
    expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-state", "done")
    assert page.locator("#kb-finder-q").input_value() == "volunteer law"
    assert result_links(page)


def test_the_header_search_closes_when_focus_leaves_it(page: Page, base_url: str) -> None:
    page.goto(base_url + "states/")
    page.keyboard.press("/")
    page.keyboard.type("Kazakhstan")
    expect(page.locator("[data-kb-search-results] a").first).to_be_visible()
    assert page.locator("#__search").is_checked()
    page.locator(".md-content a").first.focus()  # as Tab or a screen reader's jump would move it
    expect(page.locator("#__search")).not_to_be_checked()
    expect(page.locator("[data-kb-search-input]")).to_have_attribute("aria-expanded", "false")


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


# --- Years, chips, skip link and "did you mean" ----------------------------------------------------

def test_any_year_can_be_typed_and_a_shared_from_year_is_kept(page: Page, base_url: str, kb: KnowledgeBase) -> None:
    assert not [p for p in kb.all("practices") if p.get("year") == 2010]  # no practice of 2010: the old list could not offer it
    open_finder(page, base_url, "?from=2010")
    assert page.locator('input[name="from"]').input_value() == "2010"
    expected = sum(1 for p in kb.all("practices") if (p.get("year") or 0) >= 2010)
    expect(page.locator(".kb-finder__result")).to_have_count(min(expected, 20))
    expect(page.locator("[data-kb-finder-status]")).to_have_text(f"{expected} practices with the chosen filters.")
    page.locator('input[name="to"]').fill("2011")
    expect(page.locator("[data-kb-finder-status]")).to_have_text("No practice matches.")
    assert parse_qs(urlsplit(page.url).query) == {"from": ["2010"], "to": ["2011"]}


def test_a_reversed_year_range_says_so(page: Page, base_url: str) -> None:
    open_finder(page, base_url, "?q=volunteer&from=2020&to=2010")
    message = "The years are the wrong way round: “from 2020” is after “to 2010”."
    expect(page.locator("[data-kb-finder-status]")).to_have_text(message)
    expect(page.locator("[data-kb-finder-empty]")).to_contain_text(message)
    expect(page.locator("[data-kb-finder-empty]")).not_to_contain_text("fewer words")
    assert result_links(page) == []


def test_a_link_with_a_value_no_practice_has_says_so_and_keeps_the_rest(page: Page, base_url: str) -> None:
    # A hand-typed link: the topic in lower case (the form's value is "Volunteerism") and a country that is not a state.
    open_finder(page, base_url, "?topic=volunteerism&country=Atlantis")
    problem = page.locator("[data-kb-finder-link-problem]")
    expect(problem).to_have_text("Left out of this link's filters: “Atlantis” (Country), which no practice has.")
    expect(problem).to_be_visible()
    expect(page.locator("[data-kb-finder-chips] button")).to_have_text(["Topic: Volunteerism×"])
    assert page.locator('input[name="topic"][value="Volunteerism"]').is_checked()
    assert parse_qs(urlsplit(page.url).query) == {"topic": ["Volunteerism"]}  # the address now says what is shown
    page.get_by_role("button", name="Remove the filter Topic: Volunteerism").click()
    expect(problem).to_be_hidden()  # the reader has moved on from the link


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_chosen_filters_show_as_chips_that_remove_them(page: Page, base_url: str, kb: KnowledgeBase, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    open_finder(page, base_url, "?country=Kazakhstan&topic=Volunteerism&from=2016")
    chips = page.locator("[data-kb-finder-chips] button")
    expect(chips).to_have_text(["Country: Kazakhstan×", "Topic: Volunteerism×", "Years: from 2016×"])
    for index in range(3):
        expect(chips.nth(index)).to_be_visible()  # also on a phone, where the filters are folded away
        assert chips.nth(index).bounding_box()["height"] >= 24  # a target a finger can hit
    expect(page.locator('input[name="country"][value="Kazakhstan"]')).to_be_visible(visible=width > 600)
    page.get_by_role("button", name="Remove the filter Topic: Volunteerism").click()
    expect(chips).to_have_count(2)
    expect(page.get_by_role("button", name="Remove the filter Years: from 2016")).to_be_focused()  # focus stays among the chips
    assert parse_qs(urlsplit(page.url).query) == {"country": ["Kazakhstan"], "from": ["2016"]}
    assert not page.locator('input[name="topic"][value="Volunteerism"]').is_checked()


def test_skip_to_results_moves_focus_from_the_search_box_to_the_first_result(page: Page, base_url: str) -> None:
    open_finder(page, base_url)
    page.locator("#kb-finder-q").focus()
    page.keyboard.type("volunteer")
    expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-query", "volunteer")
    expect(page.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-state", "done")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to results")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('.kb-finder__result') !== null")


def test_on_a_phone_the_filters_open_from_a_button(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    open_finder(page, base_url)
    kazakhstan = page.locator('input[name="country"][value="Kazakhstan"]')
    expect(kazakhstan).to_be_hidden()
    toggle = page.get_by_role("button", name="Filters", exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(kazakhstan).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_results_do_not_move_the_page_on_a_phone(browser, base_url: str) -> None:
    """Cumulative layout shift, as the browser measures it, while a shared search loads on a slow phone."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.add_init_script("window.__cls = 0; new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true });")
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    open_finder(page, base_url, "?country=Kazakhstan&topic=Volunteerism")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__cls") <= 0.1
    context.close()


def test_a_misspelt_search_offers_and_runs_the_nearest_words(page: Page, base_url: str) -> None:
    open_finder(page, base_url)
    search(page, "Cyclone Preperadness")
    expect(page.locator("[data-kb-finder-suggestion]")).to_contain_text("Showing results for Cyclone preparedness")
    assert result_links(page)[0] == "/practices/bd/cyclone-preparedness-programme/"
    page.get_by_role("button", name="Search for “Cyclone Preperadness” only").click()
    expect(page.locator("[data-kb-finder-status]")).to_have_text("No practice matches.")
    expect(page.locator("[data-kb-finder-suggestion]")).to_be_hidden()


# --- Ranking you can defend ------------------------------------------------------------------------

def header_results(page: Page, base_url: str, query: str) -> list[tuple[str, str, str]]:
    """(path, title, excerpt) of the header search's results, in order."""
    page.goto(base_url + "about/")
    page.locator("[data-kb-search-input]").fill(query)
    expect(page.locator("[data-kb-search-status]")).to_contain_text("matching page")
    items = page.locator("[data-kb-search-results] .md-search-result__item:not(.kb-search__finder)")
    return [
        (urlsplit(item.locator("a").get_attribute("href")).path, item.locator("h1").inner_text(), item.locator("p").last.inner_text())
        for item in items.all()
    ]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Kazakhstan", "/states/kz/"),  # a state's name opens its page, not "Taza Qazaqstan (Clean Kazakhstan)"
        ("India", "/states/in/"),
        ("Senior Officials Committee", "/bodies/soc/"),  # a body before its many meetings
        ("Cyclone Preparedness Programme", "/practices/bd/cyclone-preparedness-programme/"),  # the record before Bangladesh's page listing it
    ],
)
def test_a_name_ranks_its_own_page_first(page: Page, base_url: str, query: str, first: str) -> None:
    assert header_results(page, base_url, query)[0][0] == first


def test_a_law_by_its_title_comes_before_every_page_that_lists_it(page: Page, base_url: str) -> None:
    results = header_results(page, base_url, "Law on Volunteer Activity")
    laws = [index for index, (path, title, _) in enumerate(results) if path.startswith("/practices/") and re.search(r"Law \W?On Volunteer Activit", title, re.I)]
    assert laws[:3] == [0, 1, 2]  # Kyrgyzstan's, Kazakhstan's and Tajikistan's laws of that name first
    assert "/practices/kz/law-on-volunteer-activity/" in [path for path, _, _ in results[:3]]


def test_excerpts_never_show_the_citation_boilerplate(page: Page, base_url: str) -> None:
    for query in ("Kazakhstan", "Law on Volunteer Activity", "knowledge base"):
        for path, _, excerpt in header_results(page, base_url, query):
            assert "Cite this" not in excerpt and "In: CICA Knowledge Base" not in excerpt, (query, path, excerpt)


def test_what_every_record_page_says_around_its_text_finds_no_record(page: Page, base_url: str) -> None:
    """"Report outdated information" and the revision date are on every record page: a search for them finds the
    Contribute page, which talks about outdated entries, and no record."""
    paths = [path for path, _, _ in header_results(page, base_url, "outdated")]
    assert paths == ["/contribute/"]


def test_a_misspelt_header_search_shows_the_nearest_words_results(page: Page, base_url: str) -> None:
    page.goto(base_url + "about/")
    page.locator("[data-kb-search-input]").fill("Cyclone Preperadness")
    expect(page.locator("[data-kb-search-status]")).to_contain_text("Showing results for “Cyclone preparedness”")
    first = page.locator("[data-kb-search-results] a").first
    assert urlsplit(first.get_attribute("href")).path == "/practices/bd/cyclone-preparedness-programme/"


def test_every_page_but_the_practices_tells_the_finder_it_is_not_one(site: Path) -> None:
    """The finder asks for pages without type "Other": a few hundred pages carry it, not thousands of practices."""
    marker = '<span data-pagefind-filter="type">Other</span>'
    for path in ("index.html", "states/kz/index.html", "practices/find/index.html", "ru/index.html"):
        assert marker in (site / path).read_text(encoding="utf-8"), path
    for path in ("practices/kz/law-on-volunteer-activity/index.html", "ru/practices/kz/law-on-volunteer-activity/index.html"):
        assert 'data-pagefind-filter="type"' not in (site / path).read_text(encoding="utf-8"), path


def test_every_part_left_out_of_search_says_so_as_pagefind_reads_it(site: Path) -> None:
    """Pagefind takes `data-pagefind-ignore` bare or as "index"/"all"; any other value draws a warning per page."""
    odd = {
        str(path.relative_to(site)): values
        for path in site.rglob("*.html")
        if (values := set(re.findall(r'data-pagefind-ignore="([^"]*)"', path.read_text(encoding="utf-8"))) - {"index", "all"})
    }
    assert not odd
