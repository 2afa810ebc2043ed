"""Hostile data: a copy of the project with a hostile record of every kind added (hostile_corpus.py),
built once for this module with a secret in its environment (and once without the records, to see
which pages they touch).

Nothing from the data may run as script or template, load anything from elsewhere, leak the build's
environment, break a link, or show differently from how the contributor wrote it.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import bibtexparser
import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, Page

from cica_kb.check.validate import load_knowledge_base
from cica_kb.load.collections import COLLECTIONS
from cica_kb.model.model import KnowledgeBase, Record
from cica_kb.outputs.cite import latex_text
from cica_kb.outputs.exports import FORMULA_START
from support.browser import ALLOWED_EXTERNAL_HOSTS, serving
from support.hostile import (
    CANARY,
    CANARY_VARIABLE,
    HOSTILE_HOSTS,
    PAYLOADS,
    SUMMARY,
    hostile_record,
    key_of,
    write_corpus,
)
from support.links import broken_links, html_of, reachable, site_pages, site_url_of
from support.schema_examples import is_free_text, leaves
from support.site import build, project_copy


@dataclass(frozen=True)
class HostileBuild:
    site: Path
    plain: Path  # the same project built without the hostile records
    kb: KnowledgeBase

    def record(self, collection: str) -> Record:
        return self.kb.get(collection, key_of(collection))

    def page(self, record: Record) -> str:
        return (self.site / html_of(record.page)).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileBuild:
    root = tmp_path_factory.mktemp("hostile")
    project = project_copy(root / "project")
    environment = {CANARY_VARIABLE: CANARY}
    assert build(project, root / "plain", env=environment).returncode == 0
    write_corpus(project / "data")
    result = build(project, root / "site", env=environment)
    assert result.returncode == 0, result.stderr  # every payload is valid data: the checker lets it through
    assert "WARNING -" not in result.stderr
    return HostileBuild(root / "site", root / "plain", load_knowledge_base(project / "data"))


# --- the corpus covers every field -----------------------------------------------------------------


def test_every_free_text_field_of_every_record_kind_holds_a_payload() -> None:
    used = set()
    for collection in COLLECTIONS:
        record = hostile_record(collection)
        for path, schema, _ in leaves(collection.schema):
            if is_free_text(schema):
                value: Any = record
                for step in path:
                    value = value[step]
                assert value in PAYLOADS, f"{collection.name}: {path} holds no payload"
                used.add(value)
    assert used == set(PAYLOADS)


# --- nothing runs at build time ----------------------------------------------------------------------


class _Text(HTMLParser):
    """The text a reader sees: everything outside <script>, <style> and <head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style", "head")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style", "head")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return " ".join("".join(parser.parts).split())


def test_template_syntax_in_the_data_is_shown_and_the_build_leaks_no_secret(hostile: HostileBuild) -> None:
    text = visible_text(hostile.page(hostile.record("practices")))
    assert "{{ config.site_name }} {% include 'mkdocs.yml' %} {{ ''.__class__.__mro__ }}" in text
    assert f"{{{{ cycler.__init__.__globals__.os.environ['{CANARY_VARIABLE}'] }}}} {{{{ macros_info() }}}}" in text
    assert "<svg onload=alert(1)>{{7*7}}" in visible_text(hostile.page(hostile.record("bodies")))
    leaked = [path for path in hostile.site.rglob("*") if path.is_file() and CANARY.encode() in path.read_bytes()]
    assert leaked == []


# --- nothing from the data reaches the HTML as markup --------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data", "srcdoc", "srcset", "ping", "content"}
EMBEDDING_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}


class _MarkupScan(HTMLParser):
    """Elements and attributes that could run script or load remote content, as `<tag attr>` findings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inside: list[str] = []
        self.policy_seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside.append(tag)
        equiv = next(((value or "").lower() for name, value in attrs if name == "http-equiv"), None)
        if equiv == "content-security-policy" and self.inside == ["html", "head", "meta"] and not self.policy_seen:
            self.policy_seen = True  # the page's own policy, first in <head> (cica_kb/build/csp.py)
        elif tag in EMBEDDING_ELEMENTS or (tag == "meta" and equiv is not None):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and re.match(r"(javascript|vbscript|data):", squeezed):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif (name in URL_ATTRIBUTES or name == "style") and tag != "a" and any(host in squeezed for host in HOSTILE_HOSTS):
                self.found.append(f"<{tag} {name}={value!r}>")  # a link may point anywhere; nothing may load from there

    def handle_endtag(self, tag: str) -> None:
        if tag in self.inside:
            del self.inside[len(self.inside) - 1 - self.inside[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        if self.inside and self.inside[-1] in ("script", "style") and ("__pwned" in data or any(host in data for host in HOSTILE_HOSTS)):
            self.found.append(f"<{self.inside[-1]}> {data.strip()[:60]!r}")


def markup_findings(markup: str) -> list[str]:
    scan = _MarkupScan()
    scan.feed(markup)
    scan.close()
    return scan.found


def test_no_page_holds_script_handlers_or_remote_content_from_the_data(hostile: HostileBuild) -> None:
    findings = {}
    for page in sorted(hostile.site.rglob("*.html")):
        found = markup_findings(page.read_text(encoding="utf-8"))
        if found:
            findings[page.relative_to(hostile.site).as_posix()] = found
    assert findings == {}


def search_fragments(site: Path) -> list[dict[str, Any]]:
    """Pagefind's stored pages (one gzip'ed JSON fragment each): what search results are made from."""
    marker = b"pagefind_dcd"
    return [json.loads(gzip.decompress(path.read_bytes()).removeprefix(marker)) for path in sorted((site / "pagefind/fragment").glob("*.pf_fragment"))]


def test_search_index_holds_the_page_text_and_no_secret(hostile: HostileBuild) -> None:
    """The index stores what a reader sees as text (a payload is text there, as on the page): Pagefind
    escapes it in excerpts, and kb-search.js inserts excerpts keeping only <mark> (browser test below)."""
    carrying = [doc for doc in search_fragments(hostile.site) if "Hostile" in json.dumps(doc)]
    assert carrying, "the corpus should be in the search index"
    for doc in carrying:
        assert CANARY not in json.dumps(doc, ensure_ascii=False), doc["url"]
        assert "{{" not in doc["content"] or "{{ config" in doc["content"], doc["url"]  # template text kept literally
    practice = next(doc for doc in carrying if doc["url"].endswith("/practices/zz/hostile/"))
    assert "onerror" in practice["content"] and practice["meta"]["title"] == hostile.record("practices").label


# --- text shows as written -------------------------------------------------------------------------


def _inner(markup: str, pattern: str) -> str:
    found = re.search(pattern, markup, re.S)
    assert found, pattern
    return visible_text(found.group(1))


def test_names_show_as_written_in_heading_title_header_and_contents(hostile: HostileBuild) -> None:
    """Entities, quotes, backslashes and Markdown in a name: the reader sees exactly what was written."""
    for collection in COLLECTIONS:
        record = hostile.record(collection.name)
        page, label = hostile.page(record), " ".join(record.label.split())
        assert _inner(page, r"<h1[^>]*>(.*?)<a class=\"headerlink\"") == label, collection.name
        assert _inner(page, r"<title>(.*?)</title>") == f"{label} - CICA Knowledge Base", collection.name
        assert _inner(page, r'data-md-component="header-topic">\s*<span class="md-ellipsis">(.*?)</span>') == label, collection.name
    index, state = (hostile.site / "practices/index.html").read_text(encoding="utf-8"), hostile.record("states")
    heading = re.search(r'<h2 id="([^"]+)"><a href="../states/zz/">', index)
    assert heading, "the practices index has a heading for the hostile state"
    assert _inner(index, rf'<a href="#{re.escape(heading.group(1))}" class="md-nav__link">\s*<span class="md-ellipsis">(.*?)</span>') == state.label  # the table of contents


def test_plain_text_shows_as_written_and_markdown_tricks_do_not_swallow_the_page(hostile: HostileBuild) -> None:
    text = visible_text(hostile.page(hostile.record("dimensions")))
    assert "<script>window.__pwned = 'script'; alert('script')</script>" in text
    assert "~~~" in text and "\\" not in text.replace("\\*", "")  # no fence opened, no Markdown escapes shown
    assert "Priority areas" in text and "Sources" in text  # what follows the text is still a page


def test_every_id_on_a_page_is_unique_whatever_the_headings_in_the_data(hostile: HostileBuild) -> None:
    for collection in COLLECTIONS:
        ids = re.findall(r'\sid="([^"]+)"', hostile.page(hostile.record(collection.name)))
        assert sorted(ids) == sorted(set(ids)), collection.name


def test_markdown_tricks_break_no_link_and_hide_no_page(hostile: HostileBuild) -> None:
    pages, site_url = site_pages(hostile.site), site_url_of(hostile.site)
    assert broken_links(hostile.site, pages, site_url) == []
    assert set(pages) - reachable(hostile.site, pages, site_url) == {"404.html", "ru/404.html"}  # the error page of each language


def test_feeds_calendar_citations_and_exports_carry_the_text_as_written(hostile: HostileBuild) -> None:
    practice, meeting = hostile.record("practices"), hostile.record("meetings")
    atom = ElementTree.parse(hostile.site / "feeds/practices.xml").getroot()
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    entry = next(e for e in atom.findall("atom:entry", namespace) if e.findtext("atom:id", namespaces=namespace).endswith("/practices/zz/hostile/"))
    assert (entry.findtext("atom:title", namespaces=namespace), entry.findtext("atom:summary", namespaces=namespace)) == (practice.label, SUMMARY)
    events = Calendar.from_ical((hostile.site / "calendar/meetings.ics").read_bytes()).walk("VEVENT")
    assert meeting.label in [str(event["SUMMARY"]) for event in events]
    citation = bibtexparser.loads((hostile.site / "cite/practices/zz/hostile.bib").read_text(encoding="utf-8")).entries
    assert len(citation) == 1 and set(citation[0]) == {"ENTRYTYPE", "ID", "author", "title", "howpublished", "year", "url", "note"}
    title = f"{practice.label} ({hostile.record('states').label})"
    assert citation[0]["title"] == latex_text(title)
    assert citation[0]["url"].endswith("/practices/zz/hostile/")
    assert json.loads((hostile.site / "cite/practices/zz/hostile.json").read_text(encoding="utf-8"))[0]["title"] == title
    exported = json.loads((hostile.site / "data/practices/zz/hostile.json").read_text(encoding="utf-8"))
    assert (exported["title"], exported["summary"], exported["body"]) == (practice["title"], practice["summary"], practice["body"])
    rows = csv.DictReader(io.StringIO((hostile.site / "data/practices.csv").read_text(encoding="utf-8-sig")))
    row = next(row for row in rows if row["id"] == "zz/hostile")
    assert practice["title"].startswith("=HYPERLINK(") and practice["summary"].startswith("@SUM(")
    assert (row["title"], row["summary"]) == ("'" + practice["title"], "'" + practice["summary"])  # inert (OWASP)
    for table in ("practices", "meetings", "states"):
        cells = [cell for row in csv.reader(io.StringIO((hostile.site / f"data/{table}.csv").read_text(encoding="utf-8-sig"))) for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_START)], f"{table}.csv has a cell a spreadsheet would run"


# --- in a real browser: nothing runs, nothing is fetched from elsewhere --------------------------------

# What a payload would have set, every element whose attributes could run script, and a page too wide to read.
DOM_CHECK = """() => {
  const found = [];
  if (window.__pwned !== undefined) found.push(`window.__pwned = ${window.__pwned}`);
  if (document.documentElement.scrollWidth > window.innerWidth) found.push("the page scrolls sideways: a long word or line is not wrapped");
  for (const element of document.querySelectorAll("*")) {
    if (["iframe", "frame", "object", "embed", "base"].includes(element.localName)) found.push(`<${element.localName}>`);
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (attribute.name.startsWith("on")) found.push(`<${element.localName} ${attribute.name}>`);
      if (/^(javascript|vbscript|data):/.test(value) && /href|src|action|data/.test(attribute.name)) found.push(`<${element.localName} ${attribute.name}=${attribute.value}>`);
    }
  }
  return found;
}"""


@dataclass
class Watch:
    """What a page did that a reader would not want: dialogs, script errors, requests to other hosts."""

    dialogs: list[str]
    errors: list[str]
    hosts: set[str]


def watched_page(browser: Browser, base: str, watch: Watch) -> Page:
    context = browser.new_context()
    context.set_default_timeout(10_000)

    def answer_locally(route) -> None:
        watch.hosts.add(urlsplit(route.request.url).hostname or route.request.url)
        route.fulfill(status=204, body="")

    context.route(lambda url: not url.startswith(base), answer_locally)
    page = context.new_page()
    page.on("dialog", lambda dialog: (watch.dialogs.append(f"{page.url}: {dialog.type} {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: watch.errors.append(f"{page.url}: {error}"))
    page.on("console", lambda message: watch.errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    return page


# Pages that show the data through script, from files other than their own HTML (the policy finder
# reads its search index, the submission form previews what is typed): opened even when their HTML
# is the same as in the plain build. Other branches append to this list.
SCRIPTED_PAGES: list[str] = ["practices/find/?q=Hostile", "practices/find/?q=pwned+onerror+script", "submit/"]


def touched_pages(hostile: HostileBuild) -> list[str]:
    """Every page the hostile records add or change (as URL paths): the others are byte for byte those of the plain build."""
    touched = []
    for page in sorted(hostile.site.rglob("*.html")):
        relative = page.relative_to(hostile.site)
        if not (hostile.plain / relative).is_file() or (hostile.plain / relative).read_bytes() != page.read_bytes():
            touched.append(relative.as_posix().removesuffix("index.html"))
    return touched


def pages_mentioning(site: Path, text: str) -> set[str]:
    return {page.relative_to(site).as_posix().removesuffix("index.html") for page in site.rglob("*.html") if text in page.read_text(encoding="utf-8")}


def test_no_script_from_the_data_runs_on_any_page_in_a_browser(browser: Browser, hostile: HostileBuild) -> None:
    """Every page that holds text from the corpus, opened in Chromium (the static test above reads them all)."""
    pages = touched_pages(hostile)
    assert pages_mentioning(hostile.site, "Hostile") | pages_mentioning(hostile.site, "pwned.example") <= set(pages)
    pages += [page for page in SCRIPTED_PAGES if page not in pages]
    watch = Watch([], [], set())
    found: dict[str, list[str]] = {}
    with serving(hostile.site) as base:
        page = watched_page(browser, base, watch)
        for path in pages:
            page.goto(base + path, wait_until="load")
            found[path] = page.evaluate(DOM_CHECK)
        page.context.close()
    assert {path: problems for path, problems in found.items() if problems} == {}
    assert watch.dialogs == [] and watch.errors == []
    assert watch.hosts <= ALLOWED_EXTERNAL_HOSTS


def test_search_results_show_the_data_as_text(browser: Browser, hostile: HostileBuild) -> None:
    watch = Watch([], [], set())
    with serving(hostile.site) as base:
        page = watched_page(browser, base, watch)
        page.goto(base, wait_until="load")
        page.locator("[data-kb-search-input]").click()
        page.locator("[data-kb-search-input]").press_sequentially("Hostile onerror script")
        page.locator("[data-kb-search-results] .md-search-result__article").first.wait_for()
        assert "onerror" in page.locator("[data-kb-search-results]").inner_text()
        found = page.evaluate(DOM_CHECK)
        page.goto(base + "practices/find/?q=Hostile+onerror", wait_until="load")
        page.locator(".kb-finder__result").first.wait_for()
        assert "onerror" in page.locator("[data-kb-finder-results]").inner_text()
        found += page.evaluate(DOM_CHECK)
        page.context.close()
    assert found == [] and watch.dialogs == [] and watch.errors == []
    assert watch.hosts <= ALLOWED_EXTERNAL_HOSTS
