"""The built site in a real browser: pages load without console errors and keyboard users reach links.

Uses Debian's chromium (this machine, `.ci/run`). On GitHub's runners the workflow installs
Playwright's own build (`make browsers`) and sets CICA_KB_BROWSER=playwright to use it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
PAGES = ["", "states/kz/", "meetings/2024/2024-03-14-soc/", "practices/kz/law-on-volunteer-activity/", "bodies/", "chairmanships/"]


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = None if os.environ.get("CICA_KB_BROWSER") == "playwright" else shutil.which("chromium")
    if executable is None and os.environ.get("CICA_KB_BROWSER") != "playwright":
        pytest.fail("Debian's chromium is not installed: run `apt-get install chromium` (.ci/run does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS) if executable else playwright.chromium.launch()
        yield launched
        launched.close()


# The only third-party host a page may contact: Material's repository widget (stars and forks).
ALLOWED_EXTERNAL_HOSTS = {"api.github.com"}


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
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.kb-structure') !== null"):
            break
    else:
        pytest.fail("no link in the structure diagram took keyboard focus within 80 presses of Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.startswith(base_url + "bodies/") and url != base_url + "bodies/")
    assert page.locator("h1").first.inner_text()


def test_edit_button_opens_the_record_yaml(page: Page, base_url: str) -> None:
    page.goto(base_url + "states/kz/")
    edit = page.locator("a.md-content__button[rel=edit]")
    assert edit.get_attribute("href").endswith("/edit/main/data/states/kz.yml")
