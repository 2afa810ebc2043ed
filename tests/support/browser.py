"""Browser fixtures shared by the browser tests: a local server for a built site, Chromium, a page.

The browser is the one `make browsers` found or installed (`make test` runs it and passes its choice in
CICA_KB_BROWSER: a Chromium executable, or `playwright` for Playwright's own download); unset, Debian's `chromium`.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from cica_kb.tools.browser import PLAYWRIGHT
from cica_kb.tools.local_site import (  # one local server and one set of flags for tests and benchmark
    CHROMIUM_FLAGS,
    serving,
)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    choice = os.environ.get("CICA_KB_BROWSER") or "chromium"
    executable = None if choice == PLAYWRIGHT else shutil.which(choice)
    if executable is None and choice != PLAYWRIGHT:
        # One message for the whole run, not one error per browser test.
        pytest.exit(f"No Chromium for the browser tests ({choice} not found): run `make browsers`, or `make test`, which does", returncode=1)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS) if executable else playwright.chromium.launch()
        yield launched
        launched.close()


# No third-party host: a reader's browser talks to this site only (the repository widget is a
# plain link, overrides/partials/source.html). A test asserting `<= ALLOWED_EXTERNAL_HOSTS` fails on any.
ALLOWED_EXTERNAL_HOSTS: frozenset[str] = frozenset()


@pytest.fixture()
def external_hosts() -> set[str]:
    return set()


@pytest.fixture()
def page(browser: Browser, base_url: str, external_hosts: set[str]) -> Iterator[Page]:
    """A fresh page; requests leaving the site are recorded and answered locally (no network here)."""
    context = browser.new_context()
    context.set_default_timeout(10_000)

    def answer_locally(route) -> None:
        external_hosts.add(route.request.url.split("/")[2])
        route.fulfill(status=200, content_type="application/json", body="{}")

    context.route(lambda url: not url.startswith(base_url), answer_locally)
    opened = context.new_page()
    yield opened
    context.close()


AXE_SCRIPT = Path(__file__).resolve().parents[2] / "tools/node_modules/axe-core/axe.min.js"


def load_axe(page: Page) -> None:
    """axe-core into the page the way DevTools runs a script: the page's Content-Security-Policy refuses inline scripts."""
    page.evaluate("() => {" + AXE_SCRIPT.read_text(encoding="utf-8") + "\n}")


def tab_until(page: Page, selector: str, presses: int) -> None:
    """Press Tab until the focused element is inside `selector`, as a keyboard user would; fail after `presses`."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.closest(selector) !== null", selector):
            return
    pytest.fail(f"nothing in {selector} took keyboard focus within {presses} presses of Tab")


def serve_sitemap_at(page: Page, base_url: str) -> None:
    """Material navigates instantly only to pages its sitemap lists at the address being served; the test
    build's sitemap names the placeholder site_url, so it is rewritten in flight to this server's address."""
    def rewrite(route) -> None:
        text = route.fetch().text().replace("https://cica-secretariat.github.io/cica-kb/", base_url)
        route.fulfill(status=200, content_type="application/xml", body=text)

    page.route(base_url + "sitemap.xml", rewrite)


def form_and_back_by_instant_navigation(page: Page, base_url: str) -> None:
    """From About through the menu to the Submit form (typing a title) and on to Contribute, never reloading."""
    serve_sitemap_at(page, base_url)
    page.goto(base_url + "about/", wait_until="networkidle")  # Material navigates instantly once it has the sitemap
    page.evaluate("window.kbNoReload = true")
    page.locator("nav a:visible", has_text="Submit a practice").first.click()
    expect(page.locator("#kb-f-title")).to_be_visible()
    assert page.evaluate("window.kbNoReload") is True, "the page was loaded anew, not by instant navigation"
    page.locator("#kb-f-title").fill("Instant")
    expect(page.locator(".kb-submit__page h3")).to_have_text("Instant")
    page.locator("nav a:visible", has_text="Contribute").first.click()
    expect(page.locator("h1")).to_have_text(re.compile("Contribute"))
