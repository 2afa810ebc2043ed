"""The whole generated site source: knowledge base + build context → {path under docs_dir: content}.

The one list of what a build generates beside the hand-written `docs/`: record pages, downloads,
feeds, the calendar, citations, the schemas, the browse index and the Contribute page. The stage
step writes it to disk for any MkDocs-compatible engine; `make pages` and the benchmark call it too.
Pure: every input (CONTRIBUTING.md, the schema files) is passed in by the caller at the edge.
"""

from __future__ import annotations

from typing import Mapping

from .calendar import CALENDAR_PATH, meetings_calendar
from .cite import citation_files
from .context import SiteContext
from .exports import downloads
from .feeds import all_feeds
from .model import KnowledgeBase
from .pages import page_meta, plan_pages
from .search import BROWSE_PATH, browse_index

Content = str | bytes
CONTRIBUTE_PAGE = "contribute.md"
CONTRIBUTING = "CONTRIBUTING.md"  # the repository file the Contribute page is made of


def site_source(
    kb: KnowledgeBase, ctx: SiteContext, guide: str, schemas: Mapping[str, bytes], workers: int = 1,
) -> dict[str, Content]:
    """Every generated page and file of a build, keyed by its path under the engine's docs_dir."""
    files: dict[str, Content] = {path: page.markdown for path, page in plan_pages(kb, ctx, workers).items()}
    files.update(generated_files(kb, ctx))
    files[CONTRIBUTE_PAGE] = contribute_page(guide, ctx)
    files.update({f"schemas/{name}": content for name, content in sorted(schemas.items())})
    return files


def generated_files(kb: KnowledgeBase, ctx: SiteContext) -> dict[str, Content]:
    """The files beside the pages: open data, feeds, citations, the calendar and the finder's browse index."""
    files: dict[str, Content] = {**downloads(kb), **all_feeds(kb, ctx), **citation_files(kb, ctx)}
    files[CALENDAR_PATH] = meetings_calendar(kb, ctx)
    files[BROWSE_PATH] = browse_index(kb)
    return files


def contribute_page(guide: str, ctx: SiteContext) -> str:
    """The Contribute page is CONTRIBUTING.md itself, so the two can never differ."""
    return page_meta({"title": "Contribute"}, ctx, CONTRIBUTING) + guide
