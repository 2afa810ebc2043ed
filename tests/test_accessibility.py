"""Accessibility in a real browser: axe-core finds no serious or critical violation on each kind of page
a reader lands on, in light and in dark mode; the skip link moves keyboard focus to the content; and a
focused link shows it.
"""

from __future__ import annotations

import re
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page

from support.browser import load_axe

# The pages axe checks in both colour schemes, one of each kind. The policy finder and the submission
# form are appended here when they land.
AXE_PAGES: list[str] = [
    "", "states/kz/", "meetings/2024/2024-03-14-soc/", "practices/kz/law-on-volunteer-activity/",
    "practices/find/?q=volunteer&country=Kazakhstan&kind=Law", "submit/",
    # the same pages in Russian (the finder with Russian words and facet values)
    "ru/", "ru/states/kz/", "ru/meetings/2024/2024-03-14-soc/", "ru/practices/kz/law-on-volunteer-activity/",
    "ru/practices/find/?q=волонтер&country=Казахстан&kind=Закон", "ru/submit/", "ru/about/translations/",
]
SCHEMES = {"light": "default", "dark": "slate"}  # Material's name for each scheme
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module", params=sorted(SCHEMES))
def scheme_page(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[tuple[Page, str]]:
    """A page whose reader chose a colour scheme with Material's toggle; the choice holds for every page after."""
    context = browser.new_context()
    context.route(lambda url: not url.startswith(base_url), lambda route: route.fulfill(status=204, body=""))
    page = context.new_page()
    page.goto(base_url, wait_until="load")
    if page.get_attribute("body", "data-md-color-scheme") != SCHEMES[request.param]:
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
    yield page, request.param
    context.close()


def open_in_scheme(page: Page, url: str, scheme: str) -> None:
    """Open a page and check that the chosen scheme is the one shown, once the colours have settled."""
    page.goto(url, wait_until="load")
    if page.get_attribute("body", "data-md-color-scheme") != SCHEMES[scheme] and "/ru/" in url:
        # Material keeps the toggle's choice per site, and each language is a site of its own: choose again
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
    assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
    page.evaluate("() => Promise.all(document.getAnimations().map(animation => animation.finished))")
    if page.locator("[data-kb-finder]").count():  # the finder's results and counts are drawn after load
        page.wait_for_selector("[data-kb-finder][data-kb-finder-state=done]")


def axe_violations(page: Page) -> list[dict]:
    load_axe(page)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in result["violations"] if violation["impact"] in BLOCKING]


def axe_report(violations: list[dict]) -> str:
    """Each violation with its rule id and the nodes it names, as a reader of the test output needs them."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:100]} | {summary[:220]}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", AXE_PAGES, ids=lambda path: path.strip("/") or "home")
def test_axe_finds_no_serious_violation(scheme_page: tuple[Page, str], base_url: str, path: str) -> None:
    page, scheme = scheme_page
    open_in_scheme(page, base_url + path, scheme)
    violations = axe_violations(page)
    assert not violations, f"axe-core on /{path} ({scheme}):\n{axe_report(violations)}"


# --- keyboard ---------------------------------------------------------------------------------------


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; return {tag: e.localName, id: e.id, text: e.textContent.trim(),
            skip: e.matches('a.md-skip'), in_content: e.closest('main .md-content') !== null, link: e.matches('a[href]:not(.headerlink)')}; }"""
    )


def test_tab_from_the_top_reaches_skip_to_content_and_enter_moves_focus_to_the_content(page: Page, base_url: str) -> None:
    page.goto(base_url + "states/kz/", wait_until="load")
    page.keyboard.press("Tab")
    assert focused(page) | {"id": ""} == {"tag": "a", "id": "", "text": "Skip to content", "skip": True, "in_content": False, "link": True}
    assert page.locator("a.md-skip").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)  # Material's instant navigation would have redrawn the page by now
    assert focused(page)["in_content"] and focused(page)["tag"] == "h1"
    assert page.url.endswith("#kazakhstan")
    page.keyboard.press("Tab")
    assert focused(page)["in_content"], "the next Tab should stay in the content, not go back to the header"


def test_a_table_wider_than_a_phone_scrolls_from_the_keyboard(browser: Browser, base_url: str) -> None:
    """On a phone the Translation status tables scroll sideways: each scrolling table takes focus, is named after its
    section, and the arrow keys scroll it; axe finds no scrollable region out of the keyboard's reach."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "ru/about/translations/", wait_until="load")
    page.wait_for_timeout(300)  # the tables are marked a moment after Material wraps them
    wraps = page.eval_on_selector_all(".md-typeset__scrollwrap", """wraps => wraps.map((wrap) => ({
        wide: wrap.scrollWidth > wrap.clientWidth + 1, tabindex: wrap.getAttribute("tabindex"),
        role: wrap.getAttribute("role"), name: wrap.getAttribute("aria-label") }))""")
    assert wraps and all(wrap["wide"] for wrap in wraps)
    assert all(wrap["tabindex"] == "0" and wrap["role"] == "region" for wrap in wraps)
    assert wraps[0]["name"] == "Государства"
    first = page.locator(".md-typeset__scrollwrap").first
    first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(200)
    assert first.evaluate("wrap => wrap.scrollLeft") > 0
    violations = [v for v in axe_violations(page) if v["id"] == "scrollable-region-focusable"]
    context.close()
    assert violations == [], axe_report(violations)


def relative_luminance(colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"[\d.]+", colour)[:3])
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_a_link_focused_from_the_keyboard_shows_a_visible_outline(scheme_page: tuple[Page, str], base_url: str) -> None:
    page, scheme = scheme_page
    open_in_scheme(page, base_url + "states/kz/", scheme)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page)["link"] and focused(page)["in_content"]:
            break
    else:
        pytest.fail("no link in the content took focus within 10 presses of Tab after the skip link")
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return {style: s.outlineStyle, width: s.outlineWidth, colour: s.outlineColor,"
        " background: getComputedStyle(document.body).backgroundColor}; }"
    )
    assert style["style"] != "none" and float(style["width"].removesuffix("px")) >= 1, style
    assert contrast(style["colour"], style["background"]) >= 3, style  # WCAG 1.4.11: 3:1 for the focus indicator


def test_contrast_helper_matches_wcag_examples() -> None:
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)"), 2) == 4.54
