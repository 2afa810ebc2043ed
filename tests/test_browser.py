"""The built site in a real browser: pages load without console errors and keyboard users reach links.

The browser is the one `make browsers` provides (see browser_fixtures.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from browser_fixtures import ALLOWED_EXTERNAL_HOSTS, tab_until

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
