"""Browser fixtures shared by the browser tests: a local server for a built site, Chromium, a page.

Uses Debian's chromium (this machine, `.ci/run`). On GitHub's runners the workflow installs
Playwright's own build (`make browsers`) and sets CICA_KB_BROWSER=playwright to use it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """Serve a built site on a free local port; yields its base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serving(site) as url:
        yield url


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
