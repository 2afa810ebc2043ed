"""Property tests (hypothesis): whatever a contributor writes, in any field or as a whole file, the
checker answers with problems that name a file and a line, never with a traceback; whatever it
accepts builds; and escaped text shows exactly as written.

The fields come from the JSON Schemas (schema_examples.py). Runs are derandomized (the same examples
every time) and small, so the suite stays fast and a failure is reproducible.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date
from html.parser import HTMLParser
from pathlib import PurePosixPath
from typing import Any, Iterator

import bibtexparser
import markdown
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from cica_kb.load.collections import COLLECTION_BY_NAME, COLLECTIONS, Collection
from cica_kb.load.loader import load_yaml
from cica_kb.model.context import SiteContext
from cica_kb.model.model import KnowledgeBase, Record
from cica_kb.model.publication import publishable
from cica_kb.outputs.calendar import meetings_calendar
from cica_kb.outputs.cite import Citation, bibtex, citation_files
from cica_kb.outputs.exports import downloads
from cica_kb.outputs.feeds import all_feeds
from cica_kb.problems import DataError, Problem
from cica_kb.render.pages import plan_pages
from cica_kb.render.text import BODY_ATTRIBUTES, BODY_TAGS, escape_inline, escape_paragraphs, render_body
from conftest import VALID, DataTree, write_valid_tree
from support.schema_examples import FieldPath, Schema, accepts, leaves, record_file, record_for, set_at
from support.site import ROOT

PROPERTIES = settings(
    derandomize=True, database=None, deadline=None, max_examples=100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
CONTEXT = SiteContext(site_url="https://kb.example/", repo_url="https://github.com/cica/kb", build_day="2026-01-01")

# The key of each collection's record in the minimal valid tree (conftest.VALID).
VALID_KEYS = {
    relative.parts[0]: COLLECTION_BY_NAME[relative.parts[0]].key_for(PurePosixPath(*relative.parts[1:]))
    for relative in map(PurePosixPath, VALID)
}
SUBJECT_KEYS = {collection.name: "subject" for collection in COLLECTIONS} | {
    "states": "zz", "meetings": "2001-02-03-" + VALID_KEYS["bodies"], "practices": VALID_KEYS["states"] + "/subject",
}
PLAIN_TEXTS = ("A plain sentence, long enough for a summary.", "Short", "https://s-cica.org/page")


def plain_text(path: FieldPath, schema: Schema) -> str:
    return next(text for text in PLAIN_TEXTS if accepts(schema, text))


def subject(collection: Collection) -> dict[str, Any]:
    """A valid record of the collection with every field filled, added beside the minimal valid tree."""
    keys = VALID_KEYS | {collection.name: SUBJECT_KEYS[collection.name]}
    return record_for(collection, plain_text, keys)


def field_paths(collection: Collection) -> list[FieldPath]:
    """Every field of a record kind and every object or list that holds fields: a place to put anything."""
    paths = {path[:end] for path, _, _ in leaves(collection.schema) for end in range(1, len(path) + 1)}
    return sorted(paths, key=lambda path: tuple(map(str, path)))


@pytest.fixture(scope="module")
def valid_tree(tmp_path_factory: pytest.TempPathFactory) -> DataTree:
    tree = DataTree(tmp_path_factory.mktemp("properties"))
    write_valid_tree(tree)
    return tree


def line_count(raw: bytes) -> int:
    """Lines as YAML counts them at most (it also breaks lines at U+0085, U+2028 and U+2029)."""
    return len(raw.decode("utf-8", errors="replace").splitlines()) + 1


def assert_names_a_file_and_line(tree: DataTree, problem: Problem) -> None:
    lines = line_count((tree.root / problem.path).read_bytes())
    assert problem.path.startswith("data/") and (tree.root / problem.path).is_file(), problem
    assert 1 <= problem.line <= lines and problem.column >= 1, problem
    assert problem.field and problem.message, problem


def build_outputs(kb: KnowledgeBase) -> dict[str, str]:
    """Everything a build makes from an accepted knowledge base (the MkDocs hook's steps), as text."""
    public, _ = publishable(kb, date(2026, 1, 1), preview=False)
    pages = {path: page.markdown for path, page in plan_pages(public, CONTEXT).items()}
    return pages | downloads(public) | all_feeds(public, CONTEXT) | citation_files(public, CONTEXT) | {"ics": meetings_calendar(public, CONTEXT)}


def check(tree: DataTree) -> None:
    """The checker's answer: every problem names a file and line; accepted data builds."""
    try:
        kb = tree.load()
    except DataError as error:
        for problem in error.problems:
            assert_names_a_file_and_line(tree, problem)
        return
    build_outputs(kb)


@contextmanager
def file_in(tree: DataTree, relative: str, raw: bytes) -> Iterator[None]:
    """Put a file in the tree for one example, then restore what was there."""
    path = tree.data / relative
    before = path.read_bytes() if path.exists() else None
    tree.write_bytes(relative, raw)
    try:
        yield
    finally:
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)


# --- any value in any field ----------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
SCALARS = st.one_of(TEXT, st.integers(), st.floats(), st.booleans(), st.none(), st.sampled_from(["2024-02-30", "2024-13", "kz", "soc", "9999-01-01", "kz\n", ""]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6)


FIELDS = [(collection.name, path) for collection in COLLECTIONS for path in field_paths(collection)]


@PROPERTIES
@given(field=st.sampled_from(FIELDS), value=VALUES)
@example(field=("practices", ("title",)), value="Law \x01 on volunteering")  # feeds are XML: no control characters
@example(field=("states", ("name",)), value="Kazakhstan\n")
def test_any_value_in_any_field_is_accepted_or_reported_at_a_line(valid_tree: DataTree, field: tuple[str, FieldPath], value: Any) -> None:
    collection, path = COLLECTION_BY_NAME[field[0]], field[1]
    record = subject(collection)
    relative = record_file(collection, record, SUBJECT_KEYS[collection.name])
    set_at(record, path, value)
    raw = yaml.safe_dump(record, allow_unicode=True, sort_keys=False).encode("utf-8")
    with file_in(valid_tree, relative, raw):
        check(valid_tree)


def test_the_subject_records_are_valid_beside_the_minimal_tree(valid_tree: DataTree) -> None:
    """Without a change, each record the property above starts from is accepted: the property is not vacuous."""
    for collection in COLLECTIONS:
        record = subject(collection)
        raw = yaml.safe_dump(record, allow_unicode=True, sort_keys=False).encode("utf-8")
        with file_in(valid_tree, record_file(collection, record, SUBJECT_KEYS[collection.name]), raw):
            build_outputs(valid_tree.load())


# --- any YAML document, any bytes ------------------------------------------------------------------

YAML_ALPHABET = list(":-[]{}&*!|>'\"%@`#,?~ \n\t\\abc0123456789") + ["\u202e", "\u200b", "\ufeff", "é", "\x85", "\u2028"]
DOCUMENTS = st.one_of(
    st.lists(st.sampled_from(YAML_ALPHABET), max_size=120).map(lambda parts: "".join(parts).encode("utf-8")),
    VALUES.map(lambda value: yaml.safe_dump(value, allow_unicode=True).encode("utf-8")),
    st.binary(max_size=120),
)


@PROPERTIES
@given(relative=st.sampled_from(sorted(VALID)), raw=DOCUMENTS)
@example(relative="chairmanships/2020-kz.yml", raw=b"a: &a [*a, *a]\nb: *a\n")
@example(relative="states/kz.yml", raw=b"\xef\xbb\xbfid: kz\n\xff")
def test_any_file_content_is_accepted_or_reported_at_a_line(valid_tree: DataTree, relative: str, raw: bytes) -> None:
    with file_in(valid_tree, relative, raw):
        check(valid_tree)


@settings(PROPERTIES, max_examples=200)
@given(raw=DOCUMENTS)
def test_the_loader_never_raises_and_places_every_problem(raw: bytes) -> None:
    loaded = load_yaml("data/x.yml", raw)
    lines = line_count(raw)
    assert all(1 <= problem.line <= lines and problem.column >= 1 for problem in loaded.problems), loaded.problems


# --- escaped text shows exactly as written ---------------------------------------------------------

SITE_MARKDOWN = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"))  # only its Markdown settings: staged-docs/ may not exist yet (a fresh clone)
CONTEXTS = {  # where page templates put an escaped value: Markdown around `{}`, and the text shown before it
    "paragraph": ("{}", ""),
    "list item": ("- {}", ""),
    "heading": ("## {}", ""),
    "table cell": ("| Name |\n|---|\n| {} |", "Name"),
    "link": ("[{}](other/)", ""),
    "facts": ("<div markdown>\n\n- **Name:** {}\n\n</div>", "Name:"),
}
MARKDOWN_ALPHABET = list("`*_{}[]()#+-.!|\\<>&;~=:^$%\"' \n\t1aA") + ["&#126;", "&amp;", "~~~", "```", "\u00a0"]
WRITTEN = st.one_of(
    st.lists(st.sampled_from(MARKDOWN_ALPHABET), max_size=30).map("".join),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
)


class _Shown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += ("class", "headerlink") in attrs  # the ¶ permalink of a heading

    def handle_endtag(self, tag: str) -> None:
        self.skip = max(0, self.skip - (tag == "a"))

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def shown(source: str) -> str:
    """What a reader sees of Markdown in the site's Markdown setup, whitespace collapsed."""
    renderer = markdown.Markdown(extensions=SITE_MARKDOWN["markdown_extensions"], extension_configs=SITE_MARKDOWN["mdx_configs"])
    parser = _Shown()
    parser.feed(renderer.convert(source))
    parser.close()
    return " ".join("".join(parser.parts).split())


@PROPERTIES
@given(text=WRITTEN, context=st.sampled_from(sorted(CONTEXTS)))
@example(text="~~~", context="paragraph")
@example(text="&lt;b&gt; &amp;lt;", context="heading")
def test_escaped_text_shows_exactly_as_written(text: str, context: str) -> None:
    around, before = CONTEXTS[context]
    assert shown(around.format(escape_inline(text))) == " ".join(f"{before} {text}".split())


@PROPERTIES
@given(paragraphs=st.lists(WRITTEN, min_size=1, max_size=4))
@example(paragraphs=["~~~", "between", "~~~"])
@example(paragraphs=["```", "between", "```"])
def test_escaped_paragraphs_show_exactly_as_written(paragraphs: list[str]) -> None:
    assert shown(escape_paragraphs("\n\n".join(paragraphs))) == " ".join(" ".join(paragraphs).split())


# --- the Markdown body keeps to its allowlist ------------------------------------------------------

BODY_ALPHABET = list("<>/=\"' abcdefghijklmnoprstuvwxyz:;&#()[]!\n-*_`~") + ["script", "onerror", "javascript:", "href", "src", "svg", "style", "<a ", "<img "]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


@PROPERTIES
@given(source=st.lists(st.sampled_from(BODY_ALPHABET), max_size=60).map("".join))
@example(source='<a href="java&#x09;script:alert(1)">x</a> <img src=x onerror=alert(1)>')
def test_a_rendered_body_holds_only_allowed_elements_attributes_and_addresses(source: str) -> None:
    parser = _Elements()
    parser.feed(render_body(source))
    for tag, attrs in parser.found:
        assert tag in BODY_TAGS or (tag, attrs) == ("div", [("class", "kb-body")]), tag
        for name, value in attrs:
            allowed = BODY_ATTRIBUTES.get(tag, set()) | BODY_ATTRIBUTES["*"] | ({"rel"} if tag == "a" else set())
            assert name in allowed or tag == "div", (tag, name)
            if name == "href":
                assert not re.match(r"\s*[a-z][\w+.-]*:", value or "", re.I) or re.match(r"https?:", value or "", re.I), value


# --- a citation title cannot break its BibTeX entry ------------------------------------------------


@PROPERTIES
@given(title=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40) | st.text(alphabet=st.sampled_from(list("{}\\%#&_^~$@,= \"")), min_size=1, max_size=20))
@example(title="}, note = {injected")
def test_any_citation_title_makes_one_bibtex_entry_with_its_own_fields(title: str) -> None:
    record = Record("practices", "kz/x", "data/practices/kz/x.yml", "practices/kz/x.md", {})
    cite = Citation(record, title, "https://kb.example/practices/kz/x/", "2024-03-14", "Last verified", "2024-03-14", title)
    entries = bibtexparser.loads(bibtex(cite)).entries
    assert len(entries) == 1 and set(entries[0]) == {"ENTRYTYPE", "ID", "author", "title", "howpublished", "year", "url", "note"}
    assert entries[0]["url"] == "https://kb.example/practices/kz/x/"
