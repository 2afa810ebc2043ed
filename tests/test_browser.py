"""The built site in a real browser: pages load without console errors and keyboard users reach links.

The browser is the one `make browsers` provides (see support/browser.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from support.browser import ALLOWED_EXTERNAL_HOSTS, tab_until

PAGES = ["", "practices/find/", "states/kz/", "meetings/2024/2024-03-14-soc/", "practices/kz/law-on-volunteer-activity/", "bodies/", "chairmanships/"]


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path or "home")
def test_page_loads_without_console_errors(page: Page, base_url: str, path: str, external_hosts: set[str]) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    page.goto(base_url + path, wait_until="load")
    page.wait_for_timeout(300)  # let Material's scripts run
    assert page.locator("h1").first.is_visible()
    assert problems == []
    assert external_hosts <= ALLOWED_EXTERNAL_HOSTS


def test_keyboard_reaches_the_bodies_in_the_structure_diagram(page: Page, base_url: str) -> None:
    page.goto(base_url + "bodies/", wait_until="load")
    tab_until(page, ".kb-structure", 80)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.startswith(base_url + "bodies/") and url != base_url + "bodies/")
    assert page.locator("h1").first.inner_text()


def test_edit_button_opens_the_record_yaml(page: Page, base_url: str) -> None:
    page.goto(base_url + "states/kz/")
    edit = page.locator("a.md-content__button[rel=edit]")
    assert edit.get_attribute("href").endswith("/edit/main/data/states/kz.yml")


SMALLEST_TEXT = 12  # CSS px


def rendered_text_sizes(page: Page, selector: str) -> list[float]:
    """Font size of each SVG label as drawn: its CSS size times the drawing's scale on screen."""
    return page.eval_on_selector_all(selector, """texts => texts.map(t => {
        const svg = t.ownerSVGElement;
        return parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    })""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["bodies/", "chairmanships/", "states/kz/", "practices/coverage/", "about/performance/"])
def test_diagram_text_is_readable_on_desktop_and_phone(browser, base_url: str, path: str, scheme: str) -> None:
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(base_url + path, wait_until="load")
        drawn = [size for size in rendered_text_sizes(page, "figure svg text") if size > 0]
        visible = page.eval_on_selector_all("figure svg text", "texts => texts.filter(t => t.getBoundingClientRect().width > 0).length")
        assert visible == 0 or min(drawn) >= SMALLEST_TEXT, (width, min(drawn))
        if width == 390 and path in ("bodies/", "chairmanships/"):
            assert visible == 0  # the lists or the table below stand in for the drawing
            assert page.locator(".kb-diagram-narrow").is_visible()
        context.close()


def test_the_structure_draws_exactly_the_reporting_lines_the_sources_state(page: Page, base_url: str) -> None:
    from cica_kb.check.validate import load_knowledge_base
    from support.site import ROOT

    kb = load_knowledge_base(ROOT / "data")
    stated = sorted(f"{body.label} reports to {kb.get('bodies', body['reports_to']).label}" for body in kb.all("bodies") if body.get("reports_to"))
    page.goto(base_url + "bodies/")
    drawn = sorted(page.locator(".kb-structure__arrow title").evaluate_all("titles => titles.map(t => t.textContent)"))
    assert drawn == stated and len(stated) == 2
    expect_text = page.locator("text=Reporting lines stated by the sources").locator("xpath=..")
    assert "Structure of CICA" in expect_text.inner_text()


# Long words of titles and of table cells, most of them Russian ("Производительность", "Неподтвержденные"), on a
# phone and on a desktop: a table too wide for a phone scrolls sideways, its words stay whole.
TITLED_PAGES = ["ru/about/performance/", "ru/chairmanships/", "ru/about/translations/", "ru/states/kz/", "about/performance/", "practices/coverage/"]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", TITLED_PAGES)
def test_no_word_of_a_title_or_table_breaks_in_the_middle(browser, base_url: str, path: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(base_url + path, wait_until="load")
    broken = page.eval_on_selector_all("article h1, article table th, article table td", """cells => {
        const broken = [];
        for (const cell of cells) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const match of node.data.matchAll(/[^\\s\\-‐–—]+/g)) {
                    const range = document.createRange();
                    range.setStart(node, match.index);
                    range.setEnd(node, match.index + match[0].length);
                    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
                    if (lines.size > 1) broken.push(match[0]);
                }
            }
        }
        return broken;
    }""")
    context.close()
    assert broken == []
