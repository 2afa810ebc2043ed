"""The whole generated site source: knowledge base + build context → {path under docs_dir: content}.

The one list of what a build generates beside the hand-written `docs/`: record pages, downloads,
feeds, the calendar, citations, the schemas, the browse index, the scripts' strings and the Contribute page. The stage
step writes it to disk for any MkDocs-compatible engine; `make pages` and the benchmark call it too.
Pure: every input (CONTRIBUTING.md, the schema files) is passed in by the caller at the edge.
"""

from __future__ import annotations

from typing import Callable, Mapping

from ..check.translations import translation_status
from ..i18n import translator
from ..model.context import SiteContext
from ..model.model import KnowledgeBase
from ..model.search import BROWSE_PATH, browse_index
from ..parallel import PARALLEL_FROM, ordered_map
from ..render.js_strings import STRINGS_PATH, strings_module
from ..render.pages import environment, page_meta, plan_pages
from ..render.text import Markdown
from .calendar import CALENDAR_PATH, meetings_calendar
from .cite import citation_files
from .exports import downloads
from .feeds import all_feeds
from .vocabulary import VOCABULARY_PATH, search_vocabulary

Content = str | bytes
Producer = Callable[[KnowledgeBase, SiteContext], Mapping[str, Content]]
PRODUCERS: tuple[Producer, ...] = (  # the files beside the pages, each family made by one function
    lambda kb, ctx: downloads(kb),
    all_feeds,
    citation_files,
    lambda kb, ctx: {CALENDAR_PATH: meetings_calendar(kb, ctx)},
    lambda kb, ctx: {BROWSE_PATH: browse_index(kb, ctx.language)},
    lambda kb, ctx: {VOCABULARY_PATH: search_vocabulary(kb)},
    lambda kb, ctx: {STRINGS_PATH: strings_module(ctx.language)},  # the scripts' strings in the build's language
)
_shared: tuple[KnowledgeBase, SiteContext] | None = None  # what forked workers produce from
CONTRIBUTE_PAGE = "contribute.md"
CONTRIBUTING = "CONTRIBUTING.md"  # the repository file the Contribute page is made of
TRANSLATION_STATUS_PAGE = "about/translations.md"
# The records listed per kind as lacking Russian text: the page stays readable with thousands of records;
# `CICA_KB_UNTRANSLATED=1 make check` lists every one.
TRANSLATION_LIST_LIMIT = 100
TRANSLATION_STATUS_TEMPLATE = "pages/translations.md.j2"  # under cica_kb/render/templates/


def site_source(
    kb: KnowledgeBase,
    ctx: SiteContext,
    guide: str,
    schemas: Mapping[str, bytes],
    workers: int = 1,
) -> dict[str, Content]:
    """Every generated page and file of a build, keyed by its path under the engine's docs_dir."""
    files: dict[str, Content] = {path: page.markdown for path, page in plan_pages(kb, ctx, workers).items()}
    files.update(generated_files(kb, ctx, workers))
    files[CONTRIBUTE_PAGE] = contribute_page(guide, ctx)
    files[TRANSLATION_STATUS_PAGE] = translation_status_page(kb, ctx)
    files.update({f"schemas/{name}": content for name, content in sorted(schemas.items())})
    return files


def generated_files(kb: KnowledgeBase, ctx: SiteContext, workers: int = 1) -> dict[str, Content]:
    """The files beside the pages: open data, feeds, citations, the calendar and the finder's browse index.

    On a large site each family is made in a forked worker, beside the others.
    """
    global _shared
    _shared = (kb, ctx)
    spread = workers if kb.count("practices") >= PARALLEL_FROM else 1
    try:
        files: dict[str, Content] = {}
        for produced in ordered_map(_produce, range(len(PRODUCERS)), spread, parallel_from=2, chunksize=1):
            files.update(produced)
        return files
    finally:
        _shared = None


def _produce(number: int) -> Mapping[str, Content]:
    assert _shared is not None, "generated_files sets the shared knowledge base first"
    return PRODUCERS[number](*_shared)


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
