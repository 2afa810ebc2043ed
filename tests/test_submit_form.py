"""The "Submit a practice" form (docs/submit.md, docs/assets/submit-form.js, cica_kb/render/submission.py).

The settings the page carries are unit-tested; the form itself is filled in a real browser as a
contributor would, and what it hands to GitHub (or downloads) must be a file that the project's own
validator accepts inside a copy of the real data tree.
"""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from cica_kb.check.schemas import (
    MESSAGE,
    REFUSED,
    inline_refs,
    published_schema,
    rule_message,
    schema_documents,
    validator_of,
)
from cica_kb.check.validate import load_knowledge_base
from cica_kb.load.loader import load_yaml
from cica_kb.model.context import SiteContext
from cica_kb.model.model import KnowledgeBase
from cica_kb.problems import DataError
from cica_kb.render.submission import (
    DERIVED,
    FIXED,
    LEFT_OUT,
    country_choices,
    form_settings,
    script_json,
    topic_choices,
)
from cica_kb.render.text import BODY_ATTRIBUTES, BODY_TAGS, render_body
from cica_kb.tools.scaffold import slug
from support.browser import ALLOWED_EXTERNAL_HOSTS, form_and_back_by_instant_navigation, load_axe

ROOT = Path(__file__).resolve().parents[1]
REPO = "https://github.com/cica-secretariat/cica-kb"
# Each file in docs/assets/vendor/: the npm package in tools/ and the file of it that is copied unchanged.
VENDORED = {
    "ajv2020.min.js": ("ajv-dist", "dist/ajv2020.min.js", "ajv2020.LICENSE.txt"),
    "marked.esm.js": ("marked", "lib/marked.esm.js", "marked.LICENSE.txt"),
    "purify.es.js": ("dompurify", "dist/purify.es.mjs", "purify.LICENSE.txt"),
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(ROOT / "data")


def page_settings(site: Path) -> dict[str, Any]:
    """The settings embedded in the built page, as the browser reads them."""
    html = (site / "submit/index.html").read_text(encoding="utf-8")
    return json.loads(unescape(re.search(r'data-kb-submit="([^"]*)"', html).group(1)))


def load_submission(tmp_path: Path, folder: str, filename: str, text: str) -> KnowledgeBase:
    """The real data tree with the submitted file added where the form says it goes; fails with every problem."""
    tree = tmp_path / "data"
    shutil.copytree(ROOT / "data", tree)
    target = tree / folder.removeprefix("data/") / filename
    assert not target.exists(), f"the form would overwrite {target}"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return load_knowledge_base(tree)


# ---- The settings: pure functions of the knowledge base ----


def test_countries_are_every_state_members_first_each_alphabetical(kb: KnowledgeBase) -> None:
    choices = country_choices(kb, "en")
    members = [state.key for state in kb.states_with_status("member")]
    observers = [state.key for state in kb.states_with_status("observer")]
    assert [choice["value"] for choice in choices] == members + observers
    assert {choice["value"] for choice in choices} == set(kb.records["states"])  # any state may own a practice
    kazakhstan = next(choice for choice in choices if choice["value"] == "kz")
    assert kazakhstan == {"value": "kz", "label": "Kazakhstan", "detail": "KZ", "group": "Member states"}
    names = [choice["label"] for choice in choices if choice["group"] == "Member states"]
    assert {choice["group"] for choice in country_choices(kb, "ru")} == {"Государства-члены", "Государства-наблюдатели"}
    assert names.index("Thailand") < names.index("Türkiye") < names.index("United Arab Emirates")


def test_topics_are_offered_by_name_with_their_dimension(kb: KnowledgeBase) -> None:
    choices = topic_choices(kb)
    assert [choice["label"] for choice in choices] == sorted(choice["label"] for choice in choices)
    assert {"value": "volunteerism", "label": "Volunteerism", "detail": "Human dimension"} in choices


def test_the_form_sets_only_schema_fields_and_a_submission_is_pending(kb: KnowledgeBase) -> None:
    practice = schema_documents()["practice"]
    own = set(FIXED) | set(DERIVED) | set(LEFT_OUT)
    assert own <= set(practice["properties"])
    assert set(LEFT_OUT).isdisjoint(practice["required"])
    assert FIXED == {"provenance": "official-submission", "status": "pending"}  # consensus is recorded later
    assert all(rule.get("slug_of", "title") in practice["properties"] for rule in DERIVED.values())


def test_settings_name_the_repository_and_the_folder_of_a_practice(kb: KnowledgeBase) -> None:
    settings = form_settings(kb, SiteContext(repo_url=REPO + "/"))
    assert settings["repository"] == {"url": REPO, "branch": "main"}
    assert settings["path"] == {"folder": "data/practices/{country}", "filename": "{id}.yml"}
    assert settings["existing"]["kz/law-on-volunteer-activity"] == 'Law "On Volunteer Activity" (No. 42-VI)'
    assert [schema["$id"].rsplit("/", 1)[1] for schema in settings["schemas"]] == ["practice.schema.json", "common.schema.json"]


def test_settings_json_is_inert_inside_html() -> None:
    value = {"name": "</script><script>alert(1)</script>", "more": "<!-- & ' \u2028 \u2029 -->", "regex": '\\.\\[\\\\"\n'}
    text = script_json(value)
    assert not set("<>&'\u2028\u2029") & set(text)
    assert not re.search(r"\\[-_.!#*(){}\[\]+`|\\]", text)  # nothing a Markdown reader takes for an escape
    assert json.loads(text) == value


def test_page_carries_the_published_schemas(site: Path) -> None:
    settings = page_settings(site)
    published = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in (site / "schemas").glob("*.json")}
    for schema in settings["schemas"]:
        assert schema == published[schema["$id"].rsplit("/", 1)[1]]


def test_page_carries_the_sites_allow_list_for_the_body(site: Path) -> None:
    """One allow-list: the preview's sanitiser keeps the tags and attributes that the site's (nh3) keeps."""
    allowed = page_settings(site)["body_html"]
    assert set(allowed["tags"]) == BODY_TAGS and "table" in allowed["tags"]
    assert {tag: set(names) for tag, names in allowed["attributes"].items()} == BODY_ATTRIBUTES


@pytest.mark.parametrize("name", sorted(VENDORED))
def test_vendored_scripts_are_the_npm_package_files_unchanged(name: str) -> None:
    package, path, license_file = VENDORED[name]
    npm = ROOT / "tools/node_modules" / package / path
    assert npm.is_file(), "tools/node_modules is missing: run `npm ci --prefix tools` (make test does)"
    assert (ROOT / "docs/assets/vendor" / name).read_bytes() == npm.read_bytes(), (
        f"docs/assets/vendor/{name} differs from {package} in tools/: cp tools/node_modules/{package}/{path} docs/assets/vendor/{name}"
    )
    version = json.loads((ROOT / "tools/package.json").read_text(encoding="utf-8"))["dependencies"][package]
    assert f"{package} {version}" in (ROOT / "docs/assets/vendor" / license_file).read_text(encoding="utf-8")


def test_submit_page_is_in_the_menu_and_loads_the_validator_only_there(site: Path) -> None:
    assert re.search(r'href="\.\./submit/"[^>]*>\s*<span class="md-ellipsis">\s*Submit a practice', (site / "about/index.html").read_text(encoding="utf-8"))
    page = (site / "submit/index.html").read_text(encoding="utf-8")
    assert '<script src="../assets/vendor/ajv2020.min.js"></script>' in page
    assert '<script type="module" src="../assets/submit-form.js"></script>' in page
    assert "ajv2020" not in (site / "index.html").read_text(encoding="utf-8")  # loaded on the form's page only


# ---- The form in a browser ----


def watch(page: Page) -> list[str]:
    """Console errors, script errors, failed requests and any dialog (a sign of injected script)."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return problems


# Chromium reports an inline event handler or style attribute when it parses one, even in the inert document
# where the sanitiser reads the body's HTML (nothing runs there, and the sanitiser removes it): for a body that
# has one, this report is expected, and it is the site's CSP refusing it once more.
BLOCKED_INLINE = ("Executing inline event handler violates the following", "Applying inline style violates the following")


def besides_blocked_handlers(problems: list[str]) -> list[str]:
    return [problem for problem in problems if not problem.startswith(BLOCKED_INLINE)]


def open_form(page: Page, base_url: str) -> None:
    page.goto(base_url + "submit/")
    expect(page.locator("#kb-f-title")).to_be_visible()


def continue_href(page: Page) -> tuple[str, str, str]:
    """The folder, file name and text that Continue on GitHub sends."""
    href = page.locator(".kb-submit__continue").get_attribute("href")
    assert href, "Continue on GitHub is disabled"
    parts = urlsplit(href)
    query = parse_qs(parts.query, keep_blank_values=True)
    assert f"{parts.scheme}://{parts.netloc}" == "https://github.com"
    assert parts.path.startswith("/cica-secretariat/cica-kb/new/main/")
    return parts.path.removeprefix("/cica-secretariat/cica-kb/new/main/"), query["filename"][0], query["value"][0]


def test_a_contributor_fills_in_the_form_and_continues_on_github(page: Page, base_url: str, tmp_path: Path, external_hosts: set[str]) -> None:
    problems = watch(page)
    open_form(page, base_url)
    page.locator("#kb-f-title").click()
    page.keyboard.type("National Volunteer Programme: 2021–2025")
    page.keyboard.press("Tab")
    page.locator("#kb-f-country").select_option(label="Kazakhstan (KZ)")
    page.locator("#kb-f-kind").focus()
    page.locator("#kb-f-kind").select_option(label="Programme")
    page.get_by_label("Volunteerism").click()
    page.get_by_label("Education").focus()
    page.keyboard.press("Space")
    page.locator("#kb-f-year").fill("2021")
    page.locator("#kb-f-summary").click()
    page.keyboard.type('The programme trains volunteers and funds local "volunteer centres" in every region.')
    body = 'A **national** programme.\n\n<script>alert("body")</script>\n\n<img src=x onerror=alert(2)>\n\n- See [the plan](https://example.org/plan)'
    page.locator("#kb-f-body").fill(body)
    page.get_by_label("Source 1: Title").fill("Ministry of Culture and Information: the programme")
    page.get_by_label("Source 1: Web address").fill("https://s-cica.org/programme")
    page.get_by_role("button", name="Add another source").click()
    expect(page.get_by_label("Source 2: Title")).to_be_focused()
    page.keyboard.type("UNV Knowledge Portal: Kazakhstan")
    page.get_by_label("Source 2: Web address").fill("https://knowledge.unv.org/country/kazakhstan")
    page.get_by_label("Source 2: Date").fill("2024-05")

    preview = page.locator(".kb-submit__page")
    expect(preview.locator("h3")).to_have_text("National Volunteer Programme: 2021–2025")
    expect(preview).to_contain_text("Country: Kazakhstan")
    expect(preview).to_contain_text("Kind: Programme")
    expect(preview).to_contain_text("Topics: Education, Volunteerism")
    expect(preview).to_contain_text("funds local \"volunteer centres\" in every region.")
    expect(preview).to_contain_text("Pending: submitted, awaiting consensus")
    # As on the site (cica_kb/text.py), the sanitiser removes the HTML typed into the body, and the script's text with it.
    expect(preview.locator(".kb-body")).to_contain_text("A national programme.")
    expect(preview.locator(".kb-body")).not_to_contain_text("alert")
    assert preview.locator("script, img").count() == 0
    expect(preview.locator(".kb-body strong")).to_have_text("national")
    expect(preview.get_by_role("link", name="the plan")).to_have_attribute("href", "https://example.org/plan")
    expect(preview.locator("ol li").nth(1)).to_have_text("UNV Knowledge Portal: Kazakhstan (May 2024)")

    folder, filename, text = continue_href(page)
    assert (folder, filename) == ("data/practices/kz", "national-volunteer-programme-20212025.yml")  # as scaffold.slug
    assert text.startswith("# A practice proposed with the \"Submit a practice\" form")
    practice = load_submission(tmp_path, folder, filename, text).get("practices", "kz/national-volunteer-programme-20212025")
    assert practice["title"] == "National Volunteer Programme: 2021–2025"
    assert (practice["kind"], practice["year"], practice["topics"]) == ("programme", 2021, ("education", "volunteerism"))
    assert practice["body"] == body
    assert (practice["status"], practice["provenance"]) == ("pending", "official-submission")
    assert practice["sources"][1]["date"] == "2024-05"
    assert "consensus" not in practice.data

    with page.expect_download() as download:
        page.get_by_role("button", name="Download YAML").click()
    assert download.value.suggested_filename == filename
    assert Path(download.value.path()).read_text(encoding="utf-8") == text
    expect(page.locator(".kb-submit__done")).to_have_text(f"Downloaded {filename}.")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy YAML").click()
    expect(page.locator(".kb-submit__done")).to_contain_text("copied")
    assert page.evaluate("navigator.clipboard.readText()") == text
    assert besides_blocked_handlers(problems) == []
    assert external_hosts <= ALLOWED_EXTERNAL_HOSTS


class _Shape(HTMLParser):
    """The elements, attributes and words of an HTML fragment, as a reader meets them: whitespace and empty paragraphs left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = sorted((name, value or "") for name, value in attrs if name not in ("rel", "target"))
        self.events.append(f"<{tag} {kept}>" if kept else f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.events and self.events[-1] == "<p>":
            self.events.pop()  # an empty paragraph shows nothing
        else:
            self.events.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.events.extend(data.split())


def html_shape(html: str) -> list[str]:
    shape = _Shape()
    shape.feed(html)
    return shape.events


# Bodies the preview shows as the site does (cica_kb/text.py): Markdown, tables, and hostile HTML or links.
PREVIEW_BODIES = [
    "| Year | Volunteers |\n| --- | ---: |\n| 2023 | **1 200** |\n| 2024 | <b onclick=\"alert(1)\">1 500</b> <img src=x onerror=alert(1)> |",
    "A paragraph with *emphasis*, `code` and a [link](https://example.org/a \"Title\").\n\n1. first\n2. second\n\n- a\n- b",
    "## A heading\n\n> A quote\n\n```\n<script>alert(1)</script>\n```\n\nA line  \nbroken.",
    "[click](javascript:alert(1)) and [data](data:text/html,<script>alert(1)</script>) and <https://example.org/auto>",
    "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<iframe src=\"https://example.org\"></iframe>\n\nAfter.",
    '<a href="javascript:alert(1)" onclick="alert(1)">a</a> <abbr title="Commonwealth" onmouseover="alert(1)">CIS</abbr> <sup>2</sup>',
    '<em title="T" lang="ru" dir="rtl" class="c" id="i">em</em> <a href="https://example.org" title="T" lang="en">a</a> <sup href="https://example.org">s</sup>',
    "# Top heading\n\n<table><tr><td onclick=\"alert(1)\" style=\"color:red\">cell</td></tr></table>",
]


def test_the_preview_shows_a_table(page: Page, base_url: str) -> None:
    problems = watch(page)
    open_form(page, base_url)
    page.locator("#kb-f-body").fill("Volunteers by year:\n\n| Year | Volunteers |\n| --- | ---: |\n| 2023 | **1 200** |\n| 2024 | 1 500 |")
    table = page.locator(".kb-submit__page .kb-body table")
    expect(table.get_by_role("columnheader")).to_have_text(["Year", "Volunteers"])
    expect(table.locator("tbody tr").nth(0).get_by_role("cell")).to_have_text(["2023", "1 200"])
    expect(table.locator("tbody tr").nth(1).get_by_role("cell")).to_have_text(["2024", "1 500"])
    expect(table.locator("tbody strong")).to_have_text("1 200")
    assert problems == []


def test_the_preview_renders_the_body_as_the_site_does_and_runs_none_of_its_script(page: Page, base_url: str) -> None:
    problems = watch(page)
    open_form(page, base_url)
    for body in PREVIEW_BODIES:
        page.locator("#kb-f-body").fill(body)
        shown = page.locator(".kb-submit__page .kb-body").evaluate("body => body.outerHTML")
        assert html_shape(shown) == html_shape(render_body(body)), body
        assert page.locator(".kb-submit__page :is(script, img, iframe, [onclick], [onerror], [style], a[href^='javascript'])").count() == 0
    links = page.locator(".kb-submit__page .kb-body a[href]")
    assert all(href.startswith("https://") for href in links.evaluate_all("links => links.map(link => link.href)"))
    assert besides_blocked_handlers(problems) == []


def test_invalid_input_is_explained_next_to_the_field_and_blocks_continue(page: Page, base_url: str) -> None:
    problems = watch(page)
    open_form(page, base_url)
    summary = page.locator("#kb-f-summary")
    summary.fill("Too short")
    page.keyboard.press("Tab")
    expect(page.locator("#kb-f-summary-error")).to_have_text("This is 9 characters long; write at least 20.")
    expect(summary).to_have_attribute("aria-invalid", "true")
    expect(summary).to_have_attribute("aria-describedby", re.compile(r"\bkb-f-summary-error\b"))
    expect(page.locator("#kb-f-summary-count")).to_have_text("9 of 300 characters")
    page.get_by_label("Source 1: Web address").fill("www.example.org")
    page.keyboard.press("Tab")
    expect(page.locator("#kb-f-sources-0-url-error")).to_contain_text("not in the expected form: an http(s) address")
    expect(page.locator("#kb-f-title-error")).to_be_hidden()  # not yet visited: no message

    continue_link = page.get_by_role("link", name="Continue on GitHub")
    expect(continue_link).not_to_have_attribute("href", re.compile(".*"))
    expect(continue_link).to_be_disabled()
    expect(continue_link).to_have_accessible_description(re.compile("problems to fix before you can continue"))
    expect(page.get_by_role("button", name="Download YAML")).to_be_disabled()
    expect(page.locator(".kb-submit__status")).to_contain_text("problems to fix before you can continue")

    page.get_by_role("button", name="Show the problems").click()
    box = page.locator(".kb-submit__summary")
    expect(box).to_be_focused()
    expect(box).to_contain_text("Title: Fill this in.")
    expect(box).to_contain_text("Topics: Choose at least one.")
    expect(box).to_contain_text("Source 1, Web address: This is not in the expected form")
    expect(page.locator("#kb-f-title-error")).to_have_text("Fill this in.")
    box.get_by_role("link", name=re.compile("^Topics")).click()
    expect(page.get_by_label("Education")).to_be_focused()

    page.locator("#kb-f-summary").fill("x" * 310)
    expect(page.locator("#kb-f-summary-count")).to_have_text("10 characters too many (at most 300)")
    expect(page.locator("#kb-f-summary-error")).to_have_text("This is 310 characters long; at most 300 are allowed. Shorten it by 10.")
    page.locator("#kb-f-body").fill("Write to focal.point@example.gov or see [it](ftp://example.org/x).")
    page.keyboard.press("Tab")
    expect(page.locator("#kb-f-body-error")).to_contain_text("personal contact data")
    assert problems == []


def test_markup_typed_into_the_title_stays_text_and_is_refused(page: Page, base_url: str) -> None:
    problems = watch(page)
    open_form(page, base_url)
    title = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    page.locator("#kb-f-title").fill(title)
    page.keyboard.press("Tab")
    expect(page.locator(".kb-submit__page h3")).to_have_text(title)
    assert page.locator(".kb-submit__page img, .kb-submit__page script").count() == 0
    expect(page.locator("#kb-f-title-error")).to_contain_text("without < or >")
    page.wait_for_timeout(200)
    assert problems == []


def test_a_short_name_taken_in_the_country_is_refused(page: Page, base_url: str) -> None:
    open_form(page, base_url)
    page.locator("#kb-f-title").fill("Law on Volunteer Activity")
    page.locator("#kb-f-country").select_option("kz")
    page.keyboard.press("Tab")
    expect(page.locator("#kb-f-title-error")).to_contain_text('An entry with the short name "law-on-volunteer-activity" exists already')


def test_the_templates_example_text_and_address_are_refused_with_what_to_write(page: Page, base_url: str) -> None:
    """The rule lives in the schemas (common.schema.json), so the form says what the checker says."""
    open_form(page, base_url)
    page.locator("#kb-f-summary").fill("Replace this: what the practice is and what it does, in plain words.")
    page.get_by_label("Source 1: Web address").fill("https://example.org/replace-with-the-source-address")
    page.keyboard.press("Tab")
    expect(page.locator("#kb-f-summary-error")).to_have_text(
        '"Replace this: …" is the template\'s example text: write your own, or delete an optional field you leave unused'
    )
    expect(page.locator("#kb-f-sources-0-url-error")).to_have_text(
        "example.org is only an example: write the address of the real source"
    )


def fill_valid_entry(page: Page, body: str = "") -> None:
    page.locator("#kb-f-title").fill("Youth Volunteering Platform")
    page.locator("#kb-f-country").select_option("uz")
    page.locator("#kb-f-kind").select_option("platform")
    page.get_by_label("Volunteerism").check()
    page.locator("#kb-f-summary").fill("An online platform that matches young volunteers with local projects.")
    if body:
        page.locator("#kb-f-body").fill(body)
    page.get_by_label("Source 1: Title").fill("Ministry of Youth: the platform")
    page.get_by_label("Source 1: Web address").fill("https://s-cica.org/platform")


def test_typing_survives_a_reload_and_clear_form_empties_it(page: Page, base_url: str) -> None:
    open_form(page, base_url)
    fill_valid_entry(page)
    page.reload()
    expect(page.locator("#kb-f-title")).to_have_value("Youth Volunteering Platform")
    expect(page.get_by_label("Volunteerism")).to_be_checked()
    expect(page.locator(".kb-submit__page h3")).to_have_text("Youth Volunteering Platform")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear form").click()
    expect(page.locator("#kb-f-title")).to_have_value("")
    expect(page.locator("#kb-f-title")).to_be_focused()
    page.reload()
    expect(page.locator("#kb-f-title")).to_have_value("")


def test_a_saved_entry_keeps_only_the_choices_that_still_exist(page: Page, base_url: str) -> None:
    open_form(page, base_url)
    saved = {"title": "Kept", "country": "xx", "kind": "law", "topics": ["volunteerism", "gone-topic"], "sources": "not a list"}
    page.evaluate("saved => localStorage.setItem('cica-kb:submit-practice', JSON.stringify(saved))", saved)
    page.reload()
    expect(page.locator("#kb-f-title")).to_have_value("Kept")
    expect(page.locator("#kb-f-country")).to_have_value("")
    expect(page.locator("#kb-f-kind")).to_have_value("law")
    expect(page.get_by_label("Volunteerism")).to_be_checked()
    expect(page.locator(".kb-submit__page")).to_contain_text("Topics: Volunteerism")
    expect(page.get_by_label("Source 1: Title")).to_have_value("")


def test_a_long_entry_warns_and_suggests_download(page: Page, base_url: str) -> None:
    open_form(page, base_url)
    fill_valid_entry(page, body="A long description. " * 450)
    warning = page.locator(".kb-submit__long")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Download YAML")
    expect(warning.get_by_role("link")).to_have_attribute("href", f"{REPO}/upload/main/data/practices/uz")
    assert len(page.locator(".kb-submit__continue").get_attribute("href")) > 8000


def test_the_form_opens_through_the_menu_with_instant_navigation(page: Page, base_url: str) -> None:
    problems = watch(page)
    form_and_back_by_instant_navigation(page, base_url)
    page.get_by_role("article").get_by_role("link", name="Submit a practice").click()
    expect(page.locator("#kb-f-title")).to_have_value("Instant")
    expect(page.locator(".kb-submit__page h3")).to_have_text("Instant")
    assert page.locator("#kb-f-title").count() == 1
    assert page.evaluate("window.kbNoReload") is True
    assert problems == []


# ---- The form's pure functions against their Python counterparts ----

AWKWARD = [
    'He said "yes" and \'no\'',
    "Key: value, and a colon: here",
    "a # not a comment",
    "- starts like a list item",
    "{{ macro }} and {% tag %}",
    "Türkiye’s volunteers, 志愿者, волонтёры 🎉",
    "قانون العمل التطوعي رقم ٤٢",
    "Mixed: עברית and English",
    "x" * 4000,
    "@at and `backticks` and | pipe and > angle",
    "trailing spaces   ",
    "   leading spaces",
    "\ttab first",
    "yes",
    "null",
    "2024-03-14",
    "0777",
    "tab\tinside and \\ backslash",
    "line separator \u2028 next \u2029 nel \x85 del \x7f bom \ufeff",
]
AWKWARD_BODIES = [
    "First line\n\nSecond paragraph",
    "Line with trailing spaces  \nnext line",
    "  starts with spaces\nthen none",
    "\n\nleading empty lines\nthen text",
    "ends with a newline\n",
    "ends with two newlines\n\n",
    "has a line of spaces\n   \nafter it",
    "---\n...\n# heading\n- item\n  - nested\n> quote",
    "{{ kb }}\n{% raw %}\n<script>alert(1)</script>",
    "tab\n\tindented by a tab\n",
    "Windows\r\nline ends",
    "صباح الخير\nשלום\n" + "y" * 5000,
    "line separator\u2028inside a block",
]


def test_yaml_from_the_form_loads_back_to_the_same_values(page: Page, base_url: str) -> None:
    open_form(page, base_url)
    count = max(len(AWKWARD), len(AWKWARD_BODIES))
    records = [
        {
            "title": AWKWARD[n % len(AWKWARD)],
            "body": AWKWARD_BODIES[n % len(AWKWARD_BODIES)],
            "caveats": [AWKWARD[n % len(AWKWARD)], AWKWARD_BODIES[n % len(AWKWARD_BODIES)]],
            "sources": [{"title": AWKWARD[n % len(AWKWARD)], "note": AWKWARD_BODIES[n % len(AWKWARD_BODIES)]}],
            "year": 2000 + n,
        }
        for n in range(count)
    ]
    texts = page.evaluate("records => records.map(record => window.CicaKbSubmit.toYaml(record))", records)
    for record, text in zip(records, texts, strict=True):
        loaded = load_yaml("submitted.yml", text.encode("utf-8"))
        assert loaded.problems == [], f"{text!r}: {loaded.problems}"
        assert loaded.data == record, text


def test_yaml_of_awkward_text_passes_the_validator(page: Page, base_url: str, tmp_path: Path) -> None:
    open_form(page, base_url)
    fill_valid_entry(page, body="\n\n".join(body.replace("\r\n", "\n") for body in AWKWARD_BODIES if "<" not in body))
    page.locator("#kb-f-title").fill('He said "yes": a #1 {{ title }} – Türkiye’s قانون')
    page.locator("#kb-f-summary").fill("- starts like a list: with a colon, # a hash and {% tag %}")
    folder, filename, text = continue_href(page)
    practice = load_submission(tmp_path, folder, filename, text).get("practices", f"uz/{filename.removesuffix('.yml')}")
    assert practice["title"] == 'He said "yes": a #1 {{ title }} – Türkiye’s قانون'
    assert practice["summary"].startswith("- starts like a list")


def test_create_file_address_is_the_one_python_writes(page: Page, base_url: str) -> None:
    open_form(page, base_url)
    context = SiteContext(repo_url=REPO)
    cases = [
        ("data/practices/kz", "law-on-x.yml", "id: law-on-x\n"),
        ("data/practices/uz", "a.yml", "".join(chr(code) for code in range(32, 127)) + "\n\t"),
        ("data/practices/tr", "b.yml", "Türkiye’s 志愿者 🎉 قانون\u2028 ~!*'()"),
    ]
    for folder, filename, value in cases:
        made = page.evaluate("([repository, folder, filename, value]) => window.CicaKbSubmit.newFileUrl(repository, folder, filename, value)",
                             [{"url": REPO, "branch": "main"}, folder, filename, value])
        assert made == context.new_file_url(folder, filename, value)


def test_short_names_are_the_ones_the_new_practice_command_makes(page: Page, base_url: str) -> None:
    open_form(page, base_url)
    titles = ['Law "On Volunteer Activity" (No. 42-VI)', "Türkiye’s AFAD volunteering", "«»", "  --Ünïcödé--  ", "a" * 90, "Закон", "Ⅻ ﬁve ① ２０２４"]
    made = page.evaluate("titles => titles.map(title => window.CicaKbSubmit.slug(title))", titles)
    assert made == [slug(title) for title in titles]


def schema_rules() -> list[tuple[str, str, dict[str, Any]]]:
    """Every rule in schemas/: each node with a pattern, a format or a text rule (`x-message`), inlined."""
    documents = schema_documents()
    found = []

    def walk(node: Any, document: str, pointer: str) -> None:
        if isinstance(node, dict):
            if {"pattern", "format", MESSAGE} & set(node):
                found.append((document, pointer, inline_refs(node, documents, document)))
            for key, value in node.items():
                if key not in (REFUSED, "not") or MESSAGE not in node:
                    walk(value, document, f"{pointer}/{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, document, f"{pointer}/{index}")

    for name, document in documents.items():
        walk(document, name, "#")
    return found


RULES = schema_rules()


def test_every_rule_in_the_schemas_says_what_it_refuses() -> None:
    """The parity test below is generated from these: a rule without examples would be left out."""
    assert len(RULES) >= 10
    missing = [f"{document}.schema.json{pointer}" for document, pointer, node in RULES if not node.get(REFUSED)]
    assert not missing, f"add an {REFUSED!r} list (texts the rule refuses) to: {missing}"


@pytest.mark.parametrize(("document", "pointer", "node"), RULES, ids=[f"{d}{p}" for d, p, _ in RULES])
def test_the_form_and_the_checker_refuse_what_each_rule_refuses(page: Page, base_url: str, document: str, pointer: str, node: dict[str, Any]) -> None:
    """Generated from every pattern, format and text rule in schemas/: each refused text, through Ajv and jsonschema-rs."""
    open_form(page, base_url)
    schemas = [published_schema(name, "https://example.org/") for name in schema_documents()]
    for text in node[REFUSED]:
        assert not validator_of(node).is_valid(text), f"the checker accepts {text!r}"
        said = page.evaluate("([schemas, node, text]) => window.CicaKbSubmit.valueProblems(schemas, node, text)", [schemas, node, text])
        assert said, f"the form accepts {text!r}"
        if MESSAGE in node:
            assert rule_message(node, text) in said, "the form and the checker say it in other words"


def test_a_link_without_a_scheme_is_refused_by_the_form_and_the_checker_in_one_sentence(page: Page, base_url: str, tmp_path: Path) -> None:
    body = "The law sets the aims.\n\nSee [the law](www.adilet.zan.kz/eng/docs/Z1600000042)."
    open_form(page, base_url)
    fill_valid_entry(page, body=body)
    page.get_by_role("button", name="Show the problems").click()
    shown = page.locator("#kb-f-body-error").inner_text()
    folder, filename, _ = "data/practices/uz", "youth-volunteering-platform.yml", None
    text = (ROOT / "data/practices/kz/law-on-volunteer-activity.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^body: .*?(?=^\w)", "body: |\n" + "".join(f"  {line}\n" for line in body.splitlines()), text)
    with pytest.raises(DataError) as raised:
        load_submission(tmp_path, folder, filename, text.replace("id: law-on-volunteer-activity", "id: youth-volunteering-platform").replace("country: kz", "country: uz"))
    said = [problem.message for problem in raised.value.problems if problem.field == "body"]
    sentence = "link to 'www.adilet.zan.kz/eng/docs/Z1600000042' is not a full address; links start with https:// (or http://)"
    assert said == [sentence] and shown == sentence


# ---- Accessibility ----


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_form_is_accessible_at_phone_width_in_both_schemes(page: Page, base_url: str, scheme: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.emulate_media(color_scheme=scheme)
    open_form(page, base_url)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    fill_valid_entry(page, body="Some **details** and [a link](https://example.org).")
    page.get_by_role("button", name="Add an item to unconfirmed details").click()
    page.locator("#kb-f-summary").fill("Too short")
    page.get_by_role("button", name="Show the problems").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways at phone width"
    page.mouse.move(0, 0)  # no hover colours: they are Material's, not the form's
    load_axe(page)
    result = page.evaluate("""async () => {
        const result = await axe.run(document.querySelector('.kb-submit'), {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']});
        return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary).join(', ')}`);
    }""")
    assert result == []


def test_keyboard_alone_reaches_every_control_in_order(page: Page, base_url: str) -> None:
    open_form(page, base_url)
    page.locator("#kb-f-title").focus()
    reached = []
    for _ in range(30):
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
        page.keyboard.press("Tab")
    order = ["kb-f-title", "kb-f-country", "kb-f-kind", "kb-f-year", "kb-f-summary", "kb-f-body", "Add an item to unconfirmed details",
             "kb-f-sources-0-title", "kb-f-sources-0-url", "kb-f-sources-0-date", "Add another source", "Show the problems", "Continue on GitHub", "Clear form"]
    positions = [reached.index(item) for item in order]
    assert positions == sorted(positions)
    page.locator("#kb-f-year").focus()
    page.keyboard.press("Shift+Tab")  # to the last topic, by keyboard: focus must be visible
    assert page.evaluate("getComputedStyle(document.activeElement).outlineWidth") == "3px"


@pytest.mark.skipif("translations" not in schema_documents()["practice"]["properties"], reason="the practice schema has no translations yet")
def test_a_laws_original_title_and_russian_title_go_into_an_entry_the_checker_accepts(page: Page, base_url: str, tmp_path: Path) -> None:
    open_form(page, base_url)
    original = page.locator("[data-field=original_title]")
    expect(original).to_be_hidden()  # only laws and strategies have an official title in their own language
    page.locator("#kb-f-title").fill("Law on Volunteers of the Test Region")
    page.locator("#kb-f-country").select_option(label="Kazakhstan (KZ)")
    page.locator("#kb-f-kind").select_option(label="Law")
    expect(original).to_be_visible()
    page.get_by_label("Volunteerism").check()
    page.locator("#kb-f-summary").fill("The law sets out the rights of volunteers and the duties of their organisers.")
    page.get_by_label("Source 1: Title").fill("Adilet: the law")
    page.get_by_label("Source 1: Web address").fill("https://adilet.zan.kz/eng/docs/Z1600000042")
    page.locator("#kb-f-original-title-text").fill("О волонтерской деятельности")
    page.locator("#kb-f-original-title-language").fill("ru")
    page.locator("#kb-f-original-title-source-title").fill("Әділет: Закон Республики Казахстан «О волонтерской деятельности»")
    page.locator("#kb-f-original-title-source-url").fill("https://adilet.zan.kz/rus/docs/Z1600000042")
    page.locator("#kb-f-translations-ru-title").fill("Закон «О волонтерах тестовой области»")
    page.locator("#kb-f-translations-ru-provenance").select_option("official")
    page.get_by_role("button", name="Show the problems").click()
    expect(page.locator(".kb-submit__summary")).to_contain_text("official translation needs its source")  # the schema's own sentence
    # A source titled in Russian says so, or a page would mark its title as English (the schema's sentence again).
    expect(page.locator(".kb-submit__summary")).to_contain_text("this source's title is not in English")
    expect(page.locator(".kb-submit__page")).to_contain_text("О волонтерской деятельности")
    page.locator("#kb-f-original-title-source-language").fill("ru")
    page.locator("#kb-f-translations-ru-source-title").fill("Әділет: Закон")
    page.locator("#kb-f-translations-ru-source-url").fill("https://adilet.zan.kz/rus/docs/Z1600000042")
    page.locator("#kb-f-translations-ru-source-language").fill("ru")
    folder, filename, text = continue_href(page)
    practice = load_submission(tmp_path, folder, filename, text).get("practices", "kz/law-on-volunteers-of-the-test-region")
    assert practice["original_title"]["text"] == "О волонтерской деятельности" and practice["original_title"]["language"] == "ru"
    assert practice["original_title"]["source"]["language"] == practice["translations"]["ru"]["source"]["language"] == "ru"
    assert practice["translations"]["ru"]["provenance"] == "official"
    assert practice["translations"]["ru"]["title"] == "Закон «О волонтерах тестовой области»"
    page.locator("#kb-f-kind").select_option(label="Programme")  # not a national instrument: no original title sent
    expect(original).to_be_hidden()
    assert "original_title" not in continue_href(page)[2]
