"""The Content-Security-Policy of every page (cica_kb/build/csp.py): what it allows, and the built site in a browser under it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from cica_kb.build.csp import inline_scripts, policy, script_hash, theme_scripts, with_policy, write_policies
from support.browser import form_and_back_by_instant_navigation, serving

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var __md_scope = new URL("..", location)</script>
<script id="__config" type="application/json">{"base": ".."}</script>
<script src="assets/bundle.js"></script><script type="module">import "./x.js"</script>
</head><body><p onclick="alert(1)">x</p></body></html>"""


# ---- The pure part: inline scripts, hashes, the policy, where it goes ------------------------------


def test_only_inline_scripts_that_run_are_found_and_exactly_as_written() -> None:
    assert inline_scripts(PAGE) == ['var __md_scope = new URL("..", location)', 'import "./x.js"']


def test_a_script_in_the_pages_content_is_never_allowed_even_after_a_forged_end_of_article() -> None:
    page = PAGE.replace("<p onclick", '<article><script>stolen()</script></article><script>more()</script></article><p onclick')
    assert inline_scripts(page) == ['var __md_scope = new URL("..", location)', 'import "./x.js"', "stolen()", "more()"]
    assert theme_scripts(page) == ['var __md_scope = new URL("..", location)', 'import "./x.js"']
    assert script_hash("stolen()") not in with_policy(page) and script_hash("more()") not in with_policy(page)


def test_a_hash_is_the_sha256_of_the_script_as_chromium_computes_it() -> None:
    # The value Chromium's console suggests for `<script>alert(1)</script>`.
    assert script_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"


def test_the_policy_allows_the_site_its_own_inline_scripts_and_nothing_else() -> None:
    text = policy([script_hash("a"), script_hash("b"), script_hash("a")])
    directives = dict(directive.split(" ", 1) for directive in text.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == f"'self' 'wasm-unsafe-eval' 'unsafe-eval' {' '.join(sorted({script_hash('a'), script_hash('b')}))}"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-hashes'" not in directives["script-src"]  # no on* handlers
    assert (directives["object-src"], directives["base-uri"], directives["form-action"]) == ("'none'", "'self'", "https://github.com")
    assert directives["connect-src"] == "'self'"  # the browser fetches from this site only (Pagefind, the finder)
    assert directives["style-src"] == "'self'"  # no <style> element; style attributes: only tables' column alignment
    assert directives["style-src-attr"] == "'unsafe-hashes' " + " ".join(script_hash(f"text-align: {side};") for side in ("left", "right", "center"))


def test_the_policy_is_the_first_thing_in_head_and_charset_stays_in_the_first_1024_bytes() -> None:
    built = with_policy(PAGE)
    head = built.split("<head>", 1)[1]
    assert head.startswith('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' \'wasm-unsafe-eval\' \'unsafe-eval\' ')
    assert script_hash('var __md_scope = new URL("..", location)') in head.split(">", 1)[0]
    assert built.index('<meta charset="utf-8">') < 1024
    assert with_policy("<p>no head</p>") == "<p>no head</p>"


def test_a_script_in_a_comment_is_not_allowed_and_one_with_a_quoted_angle_bracket_is() -> None:
    page = PAGE.replace("</head>", "<!-- <script>old()</script> --><script data-x='a>b'>kept()</script></head>")
    assert inline_scripts(page)[-1:] == ["kept()"] and "old()" not in inline_scripts(page)


def test_the_step_after_the_engine_writes_each_pages_policy_once_whatever_built_it(tmp_path: Path) -> None:
    deeper = PAGE.replace("..", "../..")
    (tmp_path / "ru").mkdir()
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "ru" / "index.html").write_text(deeper, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text("<urlset></urlset>", encoding="utf-8")

    def files() -> dict[str, str]:
        return {path.relative_to(tmp_path).as_posix(): path.read_text(encoding="utf-8") for path in tmp_path.rglob("*.*")}

    assert write_policies(tmp_path) == 2
    first = files()
    assert first == {"index.html": with_policy(PAGE), "ru/index.html": with_policy(deeper), "sitemap.xml": "<urlset></urlset>"}
    write_policies(tmp_path)  # a second run changes nothing: still one policy, the same
    assert files() == first and first["index.html"].count("Content-Security-Policy") == 1


# ---- The built site in Chromium under its policy --------------------------------------------------

PAGE_TYPES = {
    "home": "",
    "state": "states/kz/",
    "meeting": "meetings/2024/2024-03-14-soc/",
    "practice": "practices/kz/law-on-volunteer-activity/",
    "finder": "practices/find/?q=volunteer",
    "submit form": "submit/",
    "search results": "?highlight=volunteer",
    "404": "404.html",  # GitHub Pages answers a missing page with it
    "coverage table": "practices/coverage/",  # right-aligned columns: the only inline styles
}

WATCH = """() => {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (event) =>
    window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`));
}"""


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__violations || []")


@pytest.fixture()
def watched(page: Page) -> Page:
    page.add_init_script(f"({WATCH})()")
    return page


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_every_page_type_runs_under_its_policy_without_a_violation(watched: Page, base_url: str, site: Path, path: str) -> None:
    errors: list[str] = []
    watched.on("pageerror", lambda error: errors.append(str(error)))
    watched.goto(base_url + path, wait_until="networkidle")
    assert watched.locator('head > meta[http-equiv="Content-Security-Policy"]:first-child').count() == 1
    watched.wait_for_timeout(300)  # Material's and the finder's scripts have run by now
    assert violations(watched) == [] and errors == []


def test_search_finder_form_palette_and_instant_navigation_work_under_the_policy(watched: Page, base_url: str) -> None:
    watched.goto(base_url)
    watched.keyboard.press("/")
    watched.keyboard.type("Senior Officials Committee")
    expect(watched.locator("[data-kb-search-results] a").first).to_be_visible()  # header search (Pagefind, WebAssembly)
    scheme = watched.evaluate("document.body.dataset.mdColorScheme")
    watched.keyboard.press("Escape")
    watched.locator("form[data-md-component=palette] label:not([hidden])").click()
    expect(watched.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)  # palette toggle

    watched.goto(base_url + "practices/find/")
    watched.locator("#kb-finder-q").fill("volunteer")
    expect(watched.locator("[data-kb-finder]")).to_have_attribute("data-kb-finder-state", "done")
    expect(watched.locator(".kb-finder__result").first).to_be_visible()  # the finder

    watched.goto(base_url + "submit/")
    watched.locator("#kb-f-title").fill("Under a policy")
    expect(watched.locator(".kb-submit__page h3")).to_have_text("Under a policy")  # the form's preview
    assert violations(watched) == []


def test_instant_navigation_runs_the_next_pages_scripts_under_the_first_pages_policy(watched: Page, base_url: str) -> None:
    form_and_back_by_instant_navigation(watched, base_url)
    assert watched.evaluate("window.kbNoReload") is True
    assert violations(watched) == []


@pytest.fixture()
def planted_site(site: Path, tmp_path: Path) -> Iterator[str]:
    """A built page with script planted after the build, as if something had got past escaping and the sanitiser."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "practices/kz/law-on-volunteer-activity/index.html"
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text(encoding="utf-8"))
    planted = '<script>window.__pwned = "inline"</script><img src="x.png" onerror="window.__pwned = \'handler\'"><a id="planted" href="javascript:window.__pwned=\'link\'">x</a>'
    # Planted in the content before the policy is written, as the build would see a script that got through.
    page.write_text(with_policy(html.replace("</article>", planted + "</article>", 1)), encoding="utf-8")
    with serving(copy) as url:
        yield url


def test_a_planted_inline_script_handler_and_javascript_link_are_refused(browser: Browser, planted_site: str) -> None:
    context = browser.new_context()  # its own: the `page` fixture answers every other server's requests itself
    planted = context.new_page()
    planted.add_init_script(f"({WATCH})()")
    planted.goto(planted_site + "practices/kz/law-on-volunteer-activity/", wait_until="networkidle")
    planted.locator("#planted").click()
    planted.wait_for_timeout(300)
    assert planted.evaluate("window.__pwned") is None
    refused = violations(planted)
    context.close()
    print("\n".join(["refused:", *refused]))  # shown with -s: the browser's own report of each refusal
    assert [v.split(" at ")[0] for v in refused] == ["script-src-elem blocked inline", "script-src-attr blocked inline", "script-src-elem blocked inline"], refused
