"""The whole generated site source: knowledge base + build context → {path under docs_dir: content}.

The one list of what a build generates beside the hand-written `docs/`: record pages, downloads,
feeds, the calendar, citations, the schemas, the browse index, the scripts' strings and the Contribute page. The stage
step writes it to disk for any MkDocs-compatible engine; `make pages` and the benchmark call it too.
Pure: every input (CONTRIBUTING.md, the schema files) is passed in by the caller at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterator, Mapping, Sequence, TypeVar

from ..check.translations import translation_status
from ..i18n import translator
from ..model.context import SiteContext
from ..model.model import KnowledgeBase
from ..model.search import BROWSE_PATH, browse_index
from ..parallel import PARALLEL_FROM, ordered_map
from ..render.js_strings import STRINGS_PATH, strings_module
from ..render.pages import PageJob, environment, page_jobs, page_meta, record_page
from ..render.text import Markdown, bodies_remembered
from .calendar import CALENDAR_PATH, meetings_calendar
from .cite import citation_files
from .exports import downloads
from .feeds import all_feeds
from .vocabulary import VOCABULARY_PATH, search_vocabulary

Content = str | bytes
Files = Mapping[str, Content]
Producer = Callable[[KnowledgeBase, SiteContext], Files]
Done = TypeVar("Done")
PRODUCERS: tuple[Producer, ...] = (  # the files beside the pages, each family made by one function
    lambda kb, ctx: downloads(kb),
    all_feeds,
    citation_files,
    lambda kb, ctx: {CALENDAR_PATH: meetings_calendar(kb, ctx)},
    lambda kb, ctx: {BROWSE_PATH: browse_index(kb, ctx.language)},
    lambda kb, ctx: {VOCABULARY_PATH: search_vocabulary(kb)},
    lambda kb, ctx: {STRINGS_PATH: strings_module(ctx.language)},  # the scripts' strings in the build's language
)
PAGES_PER_PART = 250  # records whose pages are rendered as one part of a large site
CONTRIBUTE_PAGE = "contribute.md"
CONTRIBUTING = "CONTRIBUTING.md"  # the repository file the Contribute page is made of
TRANSLATION_STATUS_PAGE = "about/translations.md"
# The records listed per kind as lacking Russian text: the page stays readable with thousands of records;
# `CICA_KB_UNTRANSLATED=1 make check` lists every one.
TRANSLATION_LIST_LIMIT = 100
TRANSLATION_STATUS_TEMPLATE = "pages/translations.md.j2"  # under cica_kb/render/templates/


@dataclass(frozen=True)
class Edition(Generic[Done]):
    """The site source in one language: the knowledge base in it, the build context at its addresses, the inputs
    read at the edge (CONTRIBUTING.md, the schema files), and what is done with each part where it is made."""

    kb: KnowledgeBase
    ctx: SiteContext
    guide: str
    schemas: Mapping[str, bytes]
    finish: Callable[[Files], Done]


_shared: tuple[Sequence[Edition[Any]], list[PageJob]] | None = None  # for forked workers


def site_source(
    kb: KnowledgeBase,
    ctx: SiteContext,
    guide: str,
    schemas: Mapping[str, bytes],
    workers: int = 1,
) -> dict[str, Content]:
    """Every generated page and file of a build, keyed by its path under the engine's docs_dir."""
    parts = site_parts([Edition(kb, ctx, guide, schemas, dict)], workers)
    return {path: content for part in parts for path, content in part.items()}


def site_parts(editions: Sequence[Edition[Done]], workers: int = 1) -> Iterator[Done]:
    """`site_source` of each edition, in parts, each given to its edition's `finish` where it is made: on a large
    site, in forked workers. The stage step's `finish` writes the part's files there and sends back only what it
    wrote, so a site's text never travels between processes.

    The parts: each family of files beside the pages in each language (the largest first, so that no core waits at
    the end), then the record pages a few hundred records at a time, each record's page in every language at once
    (its body is rendered once), then the Contribute and Translation status pages and the schemas.
    """
    global _shared
    jobs = page_jobs(editions[0].kb)  # every edition has the same records
    groups = -(-len(jobs) // PAGES_PER_PART)
    parts = len(PRODUCERS) * len(editions) + groups
    spread = workers if editions[0].kb.count("practices") >= PARALLEL_FROM else 1
    _shared = (editions, jobs)
    try:
        for done in ordered_map(_part, range(parts), spread, parallel_from=2, chunksize=1):
            yield from done
    finally:
        _shared = None
    for edition in editions:
        pages = {
            CONTRIBUTE_PAGE: contribute_page(edition.guide, edition.ctx),
            TRANSLATION_STATUS_PAGE: translation_status_page(edition.kb, edition.ctx),
        }
        yield edition.finish(pages)
        yield edition.finish({f"schemas/{name}": content for name, content in sorted(edition.schemas.items())})


def _part(number: int) -> list[Any]:
    """Part `number` of the site source, made and finished (in a forked worker on a large site)."""
    assert _shared is not None, "site_parts sets the shared editions first"
    editions, jobs = _shared
    if number < len(PRODUCERS) * len(editions):
        edition = editions[number % len(editions)]
        return [edition.finish(PRODUCERS[number // len(editions)](edition.kb, edition.ctx))]
    first = (number - len(PRODUCERS) * len(editions)) * PAGES_PER_PART
    group = jobs[first : first + PAGES_PER_PART]
    with bodies_remembered():
        return [edition.finish(_pages(edition, group)) for edition in editions]


def _pages(edition: Edition[Any], jobs: Sequence[PageJob]) -> dict[str, Content]:
    pages = (record_page(edition.kb, edition.ctx, job) for job in jobs)
    return {path: page.markdown for path, page in pages}


def contribute_page(guide: str, ctx: SiteContext) -> str:
    """The Contribute page is CONTRIBUTING.md itself, so the two can never differ."""
    return page_meta({"title": translator(ctx.language).gettext("Contribute")}, ctx, CONTRIBUTING) + guide


def translation_status_page(kb: KnowledgeBase, ctx: SiteContext) -> str:
    """The Translation status page: per record kind, how many records have Russian text in each field, and which
    lack it."""
    title = translator(ctx.language).gettext("Translation status")
    meta = page_meta(
        {"title": title, "render_macros": False}, ctx, f"cica_kb/render/templates/{TRANSLATION_STATUS_TEMPLATE}"
    )
    template = environment(ctx.language).get_template(TRANSLATION_STATUS_TEMPLATE)
    return template.render(
        front_matter=Markdown(meta),
        statuses=translation_status(kb),
        page=TRANSLATION_STATUS_PAGE,
        ctx=ctx,
        listed=TRANSLATION_LIST_LIMIT,
    )
