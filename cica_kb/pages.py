"""The page plan: knowledge base → {page path: Markdown}, a pure function over Jinja templates.

Nothing here knows about MkDocs: the same plan can be written to a folder (`python -m cica_kb
pages --out DIR`) and built by any MkDocs-compatible engine.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode
from functools import cache
from pathlib import Path
from typing import Any, Collection, Mapping

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from .collections import COLLECTION_BY_NAME, COLLECTIONS
from .dates import human_date, human_range
from .differences import differing_summary
from .review import ToReview, review_of
from .exports import CSV_TABLES, state_practice_files
from .cite import CITED, citation
from .feeds import feeds_of
from .context import SiteContext
from .schemas import value_labels
from .search import FACETS, facet_counts, practice_facets
from .diagram import PHONE_BAR_SPACE, bar_chart, chairmanship_timeline, practices_by_kind, practices_by_year, structure_diagram
from .model import KnowledgeBase, Record
from .parallel import ordered_map
from .profile import current_chairmanship, kind_counts, topic_groups, year_counts
from .text import Markdown, escape_inline, escape_output, escape_paragraphs, html_attribute, render_body

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

# Labels of enumerated values come from the schemas (`oneOf: [{const, title, description}]`).
PROVENANCE = value_labels("practice", "provenance", "description")
STATUS = value_labels("practice", "status", "description")


@dataclass(frozen=True)
class PlannedPage:
    """A generated page: its Markdown and the data file it was made from."""

    markdown: str
    source: str


_shared: tuple[KnowledgeBase, SiteContext] | None = None  # what forked workers render from


def plan_pages(
    kb: KnowledgeBase, context: SiteContext | None = None, workers: int = 1, only: Collection[str] | None = None,
) -> dict[str, PlannedPage]:
    """One page per record, keyed by its path under docs/; with `only`, the pages of those data files alone.

    The context (addresses, git dates, the build's day) is an input, so the plan stays a pure function.
    With `workers` > 1, a large plan is rendered in forked processes: the same pages, sooner.
    """
    global _shared
    ctx = context or SiteContext()
    if only is None:
        jobs = [(collection.name, record.key) for collection in COLLECTIONS for record in kb.all(collection.name)]
    else:  # a few pages after an edit: no need to sort every collection first
        jobs = [(name, record.key) for name, group in kb.records.items() for record in group.values() if record.path in only]
    _shared = (kb, ctx)
    try:
        return dict(ordered_map(_render_record, jobs, workers))
    finally:
        _shared = None


def _render_record(job: tuple[str, str]) -> tuple[str, PlannedPage]:
    """One record's page, from the knowledge base `plan_pages` shares (forked workers inherit it)."""
    assert _shared is not None, "plan_pages sets the shared knowledge base first"
    kb, ctx = _shared
    collection, key = job
    record = kb.get(collection, key)
    template = environment().get_template(f"records/{COLLECTION_BY_NAME[collection].schema}.md.j2")
    cite = citation(kb, record, ctx) if collection in CITED else None
    text = template.render(kb=kb, record=record, page=record.page, front_matter=front_matter(kb, record, ctx), cite=cite, ctx=ctx)
    return record.page, PlannedPage(text, record.path)


def render_fragment(name: str, kb: KnowledgeBase, page: str, **context: Any) -> Markdown:
    """A piece of a hand-written page (a table, a list), rendered for the page at `page`."""
    template = environment().get_template(f"fragments/{name}.md.j2")
    return Markdown(template.render(kb=kb, page=page, **context))


def front_matter(kb: KnowledgeBase, record: Record, ctx: SiteContext) -> Markdown:
    """YAML front matter: the title, macros off so data is never run as Jinja, the page's feeds, its dates.

    The title is HTML: MkDocs themes print `page.meta.title` unescaped (in <title> and the header).
    The edit link and the revision date are front matter that the theme reads (overrides/partials/actions.html,
    Material's source-file partial), so every engine shows them without a hook.
    """
    feeds = [{"title": feed.title, "href": feed.path} for feed in feeds_of(kb, record)]
    meta = {"title": html_attribute(record.label), "render_macros": False, "kb_collection": record.collection, "feeds": feeds}
    return Markdown(page_meta(meta, ctx, record.path))


def page_meta(meta: Mapping[str, Any], ctx: SiteContext, source: str) -> str:
    """Front matter from `meta`, with the edit link of the file the page is made from and its last change."""
    dated = {**meta, "revision_date": ctx.dates_of(source).updated}
    if ctx.repo_url:
        dated["edit_url"] = ctx.edit_url(source)
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in dated.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


@pass_context
def link(context: Context, record: Record, text: Any = None) -> Markdown:
    """A Markdown link from the page being rendered to a record's page."""
    return page_link(context, record.page, text if text is not None else record.label)


@pass_context
def page_link(context: Context, path: str, text: Any) -> Markdown:
    """A Markdown link from the page being rendered to another page under docs/."""
    target = posixpath.relpath(path, posixpath.dirname(context["page"]) or ".")
    return Markdown(f"[{escape_inline(text)}]({target})")


@pass_context
def finder_link(context: Context, text: Any, **facets: str) -> Markdown:
    """A link to the policy finder with facets chosen, e.g. a country and a topic, by name."""
    target = posixpath.relpath("practices/find.md", posixpath.dirname(context["page"]) or ".")
    query = urlencode(facets, quote_via=quote)
    return Markdown(f"[{escape_inline(text)}]({target}?{query})")


def _external(href: str, text: str, rel: str = "") -> str:
    """An HTML link to an address outside the site; address and text escaped."""
    relation = f' rel="{rel}"' if rel else ""
    return f'<a href="{html_attribute(href)}"{relation}>{escape_inline(text)}</a>'


def source_link(source: Mapping[str, Any]) -> Markdown:
    """An external source as an HTML link: its URL is data, so it never goes into Markdown syntax."""
    return Markdown(_external(source["url"], source["title"], rel="nofollow noopener"))


def dated(record: Record, field: str) -> Markdown:
    """A date field as a reader reads it; where the sources differ, every value with who gives it."""
    values = record.differing(field)
    if values:
        return Markdown(f"Sources differ: {escape_inline(differing_summary(values))} (lists and search use the earliest)")
    return escape_inline(human_date(str(record[field])))


@pass_context
def to_review(context: Context, record: Record) -> tuple[ToReview, ...]:
    """What may be out of date in the record on the build's review day (none without one)."""
    day = context["ctx"].as_of
    return review_of(record, date.fromisoformat(day)) if day else ()


def term(chairmanship: Record) -> str:
    """`September 2020 – December 2024`, or `until June 2010` when the start is not known."""
    return head_term(chairmanship.data)


def head_term(holder: Mapping[str, Any]) -> str:
    """A term of office: `June 2010 – 2014`, `from June 2010`, `until June 2010`, or `term not given`."""
    start, end = holder.get("from"), holder.get("to")
    if start and end:
        return human_range(start, end)
    if start:
        return f"from {human_date(start)}"
    return f"until {human_date(end)}" if end else "term not given"


RELATIONS = value_labels("organization", "relations[].type")


@pass_context
def venue(context: Context, place: Mapping[str, Any]) -> Markdown:
    """`Astana, Kazakhstan`, `Online`, or `Hybrid: Baku, Azerbaijan`."""
    kb: KnowledgeBase = context["kb"]
    parts = [escape_inline(place["city"])] if "city" in place else []
    if "state" in place:
        parts.append(link(context, kb.get("states", place["state"])))
    where = ", ".join(parts)
    mode = {"online": "Online", "hybrid": "Hybrid"}.get(place.get("mode", ""))
    return Markdown(": ".join(part for part in (mode, where) if part) if mode else where)


@pass_context
def chair(context: Context, person: Mapping[str, Any]) -> Markdown:
    """`Talgat Kaliyev, Ambassador-at-Large (Kazakhstan)`."""
    kb: KnowledgeBase = context["kb"]
    text = ", ".join(escape_inline(person[field]) for field in ("name", "role") if field in person)
    if "state" in person:
        state = link(context, kb.get("states", person["state"]))
        text = f"{text} ({state})" if text else state
    return Markdown(text)


def group_by_country(kb: KnowledgeBase, practices: tuple[Record, ...]) -> list[tuple[Record, list[Record]]]:
    """Practices grouped under their country, countries in alphabetical order."""
    states = [state for state in kb.all("states") if any(p["country"] == state.key for p in practices)]
    return [(state, [p for p in practices if p["country"] == state.key]) for state in states]


@pass_context
def record_actions(context: Context, record: Record) -> Markdown:
    """"Suggest an edit" (the YAML in GitHub's editor) and "Report outdated information" (an issue form)."""
    ctx: SiteContext = context["ctx"]
    if not ctx.repo_url:
        return Markdown("")
    report = ctx.issue_url("outdated.yml", f"Outdated: {record.label}", record=record.path, page=ctx.page_url(record))
    links = f"{_external(ctx.edit_url(record.path), 'Suggest an edit')} · {_external(report, 'Report outdated information')}"
    return Markdown(f"**Something wrong or out of date?** {links}\n")


@pass_context
def add_practice(context: Context, state: Record) -> Markdown:
    """A link that opens GitHub's create-file page in the state's practice folder, template prefilled."""
    ctx: SiteContext = context["ctx"]
    if not ctx.repo_url:
        return Markdown("")
    name = "short-name-of-the-practice"  # the file name GitHub suggests equals the prefilled id
    value = re.sub(r"(?m)^country: .*$", f"country: {state.key}", ctx.practice_template)
    value = re.sub(r"(?m)^id: .*$", f"id: {name}", value)
    href = ctx.new_file_url(f"data/practices/{state.key}", f"{name}.yml", value)
    guide = page_link(context, "contribute.md", "how to contribute")
    return Markdown(f"{_external(href, f'Add a practice of {state.label}')} (opens GitHub; see {guide})\n")


def meetings_by_year(meetings: list[Record]) -> list[tuple[str, list[Record]]]:
    """Meetings grouped by the year they start, newest year first, in the order given within a year."""
    years: dict[str, list[Record]] = {}
    for meeting in meetings:
        years.setdefault(str(meeting["start"])[:4], []).append(meeting)
    return sorted(years.items(), reverse=True)


def recent_practices(kb: KnowledgeBase, count: int) -> list[Record]:
    """The practices with the latest years (those without a year last), then by title."""
    practices = sorted(kb.all("practices"), key=lambda p: -(p.get("year") or 0))
    return practices[:count]


def practice_kinds() -> tuple[str, ...]:
    """The kinds of practice, in the order the schema lists them."""
    return tuple(value_labels("practice", "kind"))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        undefined=StrictUndefined,
        finalize=escape_output,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(
        paragraphs=escape_paragraphs,
        human_date=human_date,
        body=render_body,
        provenance=PROVENANCE.__getitem__,
        status_label=STATUS.__getitem__,
        label=lambda value, schema, field: value_labels(schema, field)[value],
        html=lambda value: Markdown(html_attribute(value)),
        language_name=lambda code: code,  # until the catalogues land: Babel's name of the language
    )
    env.globals.setdefault("_", lambda message: message)  # until the catalogues land
    env.tests.update(
        contains=lambda values, item: item in values,
    )
    env.globals.update(
        link=link, page_link=page_link, source_link=source_link, human_range=human_range, term=term,
        venue=venue, chair=chair, group_by_country=group_by_country, relation_label=RELATIONS.__getitem__,
        meetings_by_year=meetings_by_year, csv_tables=CSV_TABLES, record_actions=record_actions, add_practice=add_practice, recent_practices=recent_practices, structure_diagram=structure_diagram, chairmanship_timeline=chairmanship_timeline,
        practices_by_year=practices_by_year, practices_by_kind=practices_by_kind, practice_kinds=practice_kinds,
        practice_facets=practice_facets, facet_counts=facet_counts, facets=FACETS, finder_link=finder_link,
        dated=dated, to_review=to_review, head_term=head_term,
        current_chairmanship=current_chairmanship, topic_groups=topic_groups, kind_counts=kind_counts, year_counts=year_counts, state_practice_files=state_practice_files, bar_chart=bar_chart, phone_bar_space=PHONE_BAR_SPACE,
    )
    return env
