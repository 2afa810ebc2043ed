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
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Collection, Mapping
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from ..adapters.extract import field_label
from ..check.schemas import field_schema, value_labels
from ..i18n import N_, SOURCE_LANGUAGE, Translator, translator
from ..load.collections import COLLECTION_BY_NAME, COLLECTIONS
from ..model.context import SiteContext
from ..model.dates import end_sentence, human_date, human_range
from ..model.differences import differing_summary
from ..model.model import KnowledgeBase, Record
from ..model.profile import current_chairmanship, kind_counts, topic_groups, year_counts
from ..model.review import ToReview, review_of
from ..model.search import FACETS, facet_counts, practice_facets
from ..outputs.calendar import venue_mode
from ..outputs.cite import CITED, citation
from ..outputs.exports import CSV_TABLES, column_description, state_practice_files
from ..outputs.feeds import feeds_of
from ..parallel import ordered_map
from .diagram import (
    bar_chart,
    chairmanship_timeline,
    practices_by_kind,
    practices_by_year,
    structure_diagram,
)
from .text import Markdown, escape_inline, escape_output, escape_paragraphs, html_attribute, render_body

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

# Labels of enumerated values come from the schemas (`oneOf: [{const, title, description}]`), in English;
# pages show them in their language through the catalogue (`label_of`).
PROVENANCE = value_labels("practice", "provenance", "description")
STATUS = value_labels("practice", "status", "description")


@dataclass(frozen=True)
class PlannedPage:
    """A generated page: its Markdown and the data file it was made from."""

    markdown: str
    source: str


_shared: tuple[KnowledgeBase, SiteContext] | None = None  # what forked workers render from
PageJob = tuple[str, str]  # a record's collection and key: which page to render


def plan_pages(
    kb: KnowledgeBase,
    context: SiteContext | None = None,
    workers: int = 1,
    only: Collection[str] | None = None,
) -> dict[str, PlannedPage]:
    """One page per record, keyed by its path under docs/; with `only`, the pages of those data files alone.

    The context (addresses, git dates, the build's day) is an input, so the plan stays a pure function.
    With `workers` > 1, a large plan is rendered in forked processes: the same pages, sooner.
    """
    global _shared
    ctx = context or SiteContext()
    _shared = (kb, ctx)
    try:
        return dict(ordered_map(_render_record, page_jobs(kb, only), workers))
    finally:
        _shared = None


def page_jobs(kb: KnowledgeBase, only: Collection[str] | None = None) -> list[PageJob]:
    """The record pages in the site's order; with `only`, the pages of those data files alone."""
    if only is None:
        return [(collection.name, record.key) for collection in COLLECTIONS for record in kb.all(collection.name)]
    return [  # a few pages after an edit: no need to sort every collection first
        (name, record.key) for name, group in kb.records.items() for record in group.values() if record.path in only
    ]


def _render_record(job: PageJob) -> tuple[str, PlannedPage]:
    """One record's page, from the knowledge base `plan_pages` shares (forked workers inherit it)."""
    assert _shared is not None, "plan_pages sets the shared knowledge base first"
    return record_page(*_shared, job)


def record_page(kb: KnowledgeBase, ctx: SiteContext, job: PageJob) -> tuple[str, PlannedPage]:
    """One record's page: its path under docs/ and its Markdown."""
    collection, key = job
    record = kb.get(collection, key)
    template = environment(ctx.language).get_template(f"records/{COLLECTION_BY_NAME[collection].schema}.md.j2")
    cite = citation(kb, record, ctx) if collection in CITED else None
    text = template.render(
        kb=kb, record=record, page=record.page, front_matter=front_matter(kb, record, ctx), cite=cite, ctx=ctx
    )
    return record.page, PlannedPage(text, record.path)


def render_fragment(
    name: str, kb: KnowledgeBase, page: str, language: str = SOURCE_LANGUAGE, **context: Any
) -> Markdown:
    """A piece of a hand-written page (a table, a list), rendered for the page at `page` in `language`."""
    template = environment(language).get_template(f"fragments/{name}.md.j2")
    return Markdown(template.render(kb=kb, page=page, **context))


def front_matter(kb: KnowledgeBase, record: Record, ctx: SiteContext) -> Markdown:
    """YAML front matter: the title, macros off so data is never run as Jinja, the page's feeds, its dates.

    The title is HTML: MkDocs themes print `page.meta.title` unescaped (in <title> and the header).
    The edit link and the revision date are front matter that the theme reads (overrides/partials/actions.html,
    Material's source-file partial), so every engine shows them without a hook.
    """
    feeds = [{"title": feed.title, "href": feed.path} for feed in feeds_of(kb, record, ctx.language)]
    meta = {
        "title": html_attribute(record.label),
        "render_macros": False,
        "kb_collection": record.collection,
        "feeds": feeds,
    }
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
    return Markdown(f"[{escape_inline(text)}]({relative(path, posixpath.dirname(context['page']))})")


@lru_cache(maxsize=65_536)
def relative(path: str, folder: str) -> str:
    """The address of `path` from a page in `folder` (both under docs/): the same pairs recur on thousands of pages."""
    return posixpath.relpath(path, folder or ".")


@pass_context
def finder_link(context: Context, text: Any, **facets: str) -> Markdown:
    """A link to the policy finder with facets chosen, e.g. a country and a topic, by name."""
    target = relative("practices/find.md", posixpath.dirname(context["page"]))
    query = urlencode(facets, quote_via=quote)
    return Markdown(f"[{escape_inline(text)}]({target}?{query})")


def _external(href: str, text: str, rel: str = "", lang: str = "") -> str:
    """An HTML link to an address outside the site, address and text escaped; `lang`: the text's, if not the page's."""
    relation = f' rel="{rel}"' if rel else ""
    language = f' lang="{html_attribute(lang)}"' if lang else ""
    return f'<a href="{html_attribute(href)}"{relation}{language}>{escape_inline(text)}</a>'


# A source's title is English unless the source says otherwise (the schema's default).
SOURCE_TITLE_LANGUAGE: str = field_schema("practice", "sources[].language")["default"]


def source_link(source: Mapping[str, Any], language: str = SOURCE_LANGUAGE) -> Markdown:
    """An external source as an HTML link: its URL is data, so it never goes into Markdown syntax. A title in another
    language than the page's (`language`) says which, for screen readers (WCAG 3.1.2, language of parts)."""
    title_language = source.get("language", SOURCE_TITLE_LANGUAGE)
    lang = title_language if title_language != language else ""
    return Markdown(_external(source["url"], source["title"], rel="nofollow noopener", lang=lang))


def dated(tr: Translator, record: Record, field: str) -> Markdown:
    """A date field as a reader reads it; where the sources differ, every value with who gives it."""
    values = record.differing(field)
    if values:
        summary = escape_inline(differing_summary(values, tr.language))
        return Markdown(tr.gettext("Sources differ: %(values)s (lists and search use the earliest)", values=summary))
    return escape_inline(human_date(str(record[field]), tr.language))


@pass_context
def to_review(context: Context, record: Record) -> tuple[ToReview, ...]:
    """What may be out of date in the record on the build's review day (none without one)."""
    day = context["ctx"].as_of
    return review_of(record, date.fromisoformat(day), context["tr"]) if day else ()


def term(tr: Translator, chairmanship: Record) -> str:
    """`September 2020 – December 2024`, or `until June 2010` when the start is not known."""
    return head_term(tr, chairmanship.data)


def head_term(tr: Translator, holder: Mapping[str, Any]) -> str:
    """A term of office: `June 2010 – 2014`, `from June 2010`, `until June 2010`, or `term not given`."""
    start, end = holder.get("from"), holder.get("to")
    if start and end:
        return human_range(start, end, tr.language)
    if start:
        return tr.gettext("from %(date)s", date=human_date(start, tr.language, governed=True))
    return (
        tr.gettext("until %(date)s", date=human_date(end, tr.language, governed=True))
        if end
        else tr.gettext("term not given")
    )


RELATIONS = value_labels("organization", "relations[].type")
ROLES = {"coordinator": N_("Coordinator"), "co-coordinator": N_("Co-coordinator")}  # a state's role in a priority area
# A practice's consensus status in a list, in a word (the schema's titles are the longer labels).
STATUS_WORDS = {"shared": N_("shared"), "pending": N_("pending"), "reference": N_("reference")}


@pass_context
def venue(context: Context, place: Mapping[str, Any]) -> Markdown:
    """`Astana, Kazakhstan`, `Online`, or `Hybrid: Baku, Azerbaijan`."""
    kb: KnowledgeBase = context["kb"]
    parts = [escape_inline(place["city"])] if "city" in place else []
    if "state" in place:
        parts.append(link(context, kb.get("states", place["state"])))
    where = ", ".join(parts)
    mode = venue_mode(place, context["tr"])
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
    """ "Suggest an edit" (the YAML in GitHub's editor) and "Report outdated information" (an issue form)."""
    ctx: SiteContext = context["ctx"]
    tr: Translator = context["tr"]
    if not ctx.repo_url:
        return Markdown("")
    # The issue's title is for the maintainers, who work in English.
    report = ctx.issue_url("outdated.yml", f"Outdated: {record.label}", record=record.path, page=ctx.page_url(record))
    edit, outdated = tr.gettext("Suggest an edit"), tr.gettext("Report outdated information")
    question = escape_inline(tr.gettext("Something wrong or out of date?"))
    links = f"{_external(ctx.edit_url(record.path), edit)} · {_external(report, outdated)}"
    return Markdown(f'<div class="kb-actions" markdown>\n\n**{question}** {links}\n\n</div>\n')


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
    tr: Translator = context["tr"]
    guide = page_link(context, "contribute.md", tr.gettext("how to contribute"))
    add = _external(href, tr.gettext("Add a practice of %(state)s", state=state.label))
    return Markdown(tr.gettext("%(add)s (opens GitHub; see %(guide)s)", add=add, guide=guide) + "\n")


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


def _human_date(language: str, text: Any, governed: bool = False) -> str:
    return human_date(str(text), language, governed)


def _human_range(language: str, start: str, end: str | None = None) -> str:
    return human_range(start, end, language)


def practice_kinds() -> tuple[str, ...]:
    """The kinds of practice, in the order the schema lists them."""
    return tuple(value_labels("practice", "kind"))


# "2 laws, 1 research": a count of practices of each kind, by the kind's key (other kinds: "Label: 2").
KIND_COUNTS: dict[str, Callable[[Translator, int], str]] = {
    "law": lambda tr, n: tr.ngettext("%(num)d law", "%(num)d laws", n),
    "strategy": lambda tr, n: tr.ngettext("%(num)d strategy", "%(num)d strategies", n),
    "programme": lambda tr, n: tr.ngettext("%(num)d programme", "%(num)d programmes", n),
    "platform": lambda tr, n: tr.ngettext("%(num)d platform", "%(num)d platforms", n),
    "research": lambda tr, n: tr.ngettext("%(num)d research", "%(num)d research", n),
    "practice": lambda tr, n: tr.ngettext("%(num)d practice", "%(num)d practices", n),
}


def kind_count(tr: Translator, kind: str, count: int) -> str:
    """`2 laws`, `1 research`, in the language."""
    if kind in KIND_COUNTS:
        return KIND_COUNTS[kind](tr, count)
    return f"{tr.label(value_labels('practice', 'kind'), kind)}: {count}"


def interface_text(tr: Translator) -> dict[str, Callable[..., Markdown]]:
    """The templates' `_()`, `ngettext()` and `pgettext()`: the translation is the template's own text, printed
    as it is; only the values put into it are escaped (unless they are Markdown already, like a link)."""

    def escaped(values: Mapping[str, Any]) -> dict[str, Any]:
        return {name: escape_output(value) for name, value in values.items()}

    def gettext(message: str, **values: Any) -> Markdown:
        return Markdown(tr.gettext(message, **escaped(values)))

    def ngettext(singular: str, plural: str, count: int, **values: Any) -> Markdown:
        return Markdown(tr.ngettext(singular, plural, count, **escaped(values)))

    def pgettext(context: str, message: str, **values: Any) -> Markdown:
        return Markdown(tr.pgettext(context, message, **escaped(values)))

    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext}


def year_chart_title(tr: Translator, state: str) -> str:
    """The title of a state's chart of practices by year: plain text, for the chart to escape as SVG."""
    return tr.gettext("Practices of %(state)s by year", state=state)


def label_of(tr: Translator, value: Any, schema: str, field: str, annotation: str = "title") -> str:
    """An enumerated value's label from the schema, in the language (the catalogue holds the schemas' labels)."""
    return tr.gettext(value_labels(schema, field, annotation)[value])


@cache
def environment(language: str = SOURCE_LANGUAGE) -> Environment:
    """The templates' environment for a language of the site: interface text and dates in that language."""
    tr = translator(language)
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        undefined=StrictUndefined,
        finalize=escape_output,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        extensions=["jinja2.ext.i18n"],
    )
    # Not Jinja's new-style wrappers: they format with `%` after the call, which would escape a link
    # put into a sentence.
    env.install_gettext_callables(**interface_text(tr), newstyle=False)  # type: ignore[attr-defined]
    env.filters.update(
        paragraphs=escape_paragraphs,
        human_date=partial(_human_date, language),
        body=render_body,
        provenance=lambda value: label_of(tr, value, "practice", "provenance", "description"),
        status_label=lambda value: label_of(tr, value, "practice", "status", "description"),
        label=partial(label_of, tr),
        html=lambda value: Markdown(html_attribute(value)),
        number=tr.number,  # `1,234.5` in English, `1 234,5` in Russian
        language_name=lambda code: tr.locale.languages.get(code, code),  # Babel's name of a language, in this one
        end_sentence=end_sentence,
        field_label=lambda name: tr.gettext(field_label(name)),
        role_label=partial(tr.label, ROLES),
        status_word=partial(tr.label, STATUS_WORDS),
    )
    env.tests.update(
        contains=lambda values, item: item in values,
        year=lambda value: str(value).isdigit(),
    )
    env.globals.update(
        tr=tr,
        language=language,
        link=link,
        page_link=page_link,
        source_link=partial(source_link, language=language),
        human_range=partial(_human_range, language),
        term=partial(term, tr),
        venue=venue,
        chair=chair,
        group_by_country=group_by_country,
        relation_label=partial(tr.label, RELATIONS),
        enum_values=lambda schema, field: tuple(value_labels(schema, field)),
        meetings_by_year=meetings_by_year,
        csv_tables=CSV_TABLES,
        column_description=partial(column_description, tr=tr),
        record_actions=record_actions,
        add_practice=add_practice,
        recent_practices=recent_practices,
        structure_diagram=partial(structure_diagram, language=language),
        chairmanship_timeline=chairmanship_timeline,
        practices_by_year=partial(practices_by_year, language=language),
        practices_by_kind=partial(practices_by_kind, language=language),
        practice_kinds=practice_kinds,
        practice_facets=partial(practice_facets, language=language),
        facet_counts=partial(facet_counts, language=language),
        facets=FACETS,
        finder_link=finder_link,
        kind_count=partial(kind_count, tr),
        year_chart_title=partial(year_chart_title, tr),
        dated=partial(dated, tr),
        to_review=to_review,
        head_term=partial(head_term, tr),
        current_chairmanship=current_chairmanship,
        topic_groups=topic_groups,
        kind_counts=kind_counts,
        year_counts=partial(year_counts, language=language),
        state_practice_files=state_practice_files,
        bar_chart=bar_chart,
    )
    return env
