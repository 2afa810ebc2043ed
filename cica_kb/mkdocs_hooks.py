"""MkDocs hook: add the generated record pages and the schemas, point edit links at the YAML.

Registered in mkdocs.yml under `hooks:`. Logic lives in the package; this only adapts.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from cica_kb.calendar import CALENDAR_PATH, meetings_calendar
from cica_kb.cite import citation_files
from cica_kb.exports import downloads
from cica_kb.feeds import all_feeds
from cica_kb.history import FileDates, file_dates
from cica_kb.context import SiteContext
from cica_kb.pages import plan_pages
from cica_kb.schemas import SCHEMA_DIR
from cica_kb.search import BROWSE_PATH, browse_index
from cica_kb.search_index import BackgroundIndexer
from cica_kb.site import site_knowledge_base

log = logging.getLogger("mkdocs.plugins.cica_kb")
_indexer: BackgroundIndexer | None = None
_sources: dict[str, str] = {}  # generated page path → data file it came from
_dates: dict[str, FileDates] = {}  # repository path → dates of its first and last commit


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site_knowledge_base(_root(config))  # fail before anything is built if the data has problems
    _dates.clear()
    _dates.update(file_dates(_root(config), "data", "docs"))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    kb = site_knowledge_base(_root(config))
    _sources.clear()
    template = _root(config) / "templates" / "practice.yml"
    context = SiteContext(
        site_url=config.site_url or "/", repo_url=config.repo_url or "", dates=dict(_dates),
        build_day=get_build_date()[:10],  # SOURCE_DATE_EPOCH when set: reproducible
        practice_template=template.read_text(encoding="utf-8") if template.exists() else "",
    )
    for path, page in plan_pages(kb, context).items():
        files.append(File.generated(config, path, content=page.markdown))
        _sources[path] = page.source
    generated = {**downloads(kb), **all_feeds(kb, context), **citation_files(kb, context)}
    generated[CALENDAR_PATH] = meetings_calendar(kb, context)
    generated[BROWSE_PATH] = browse_index(kb)
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    # The Contribute page is CONTRIBUTING.md itself, so the two can never differ.
    guide = (_root(config) / "CONTRIBUTING.md").read_text(encoding="utf-8")
    files.append(File.generated(config, "contribute.md", content=f"---\ntitle: Contribute\n---\n{guide}"))
    _sources["contribute.md"] = "CONTRIBUTING.md"
    for schema in sorted(SCHEMA_DIR.glob("*.schema.json")):
        files.append(File.generated(config, f"schemas/{schema.name}", abs_src_path=str(schema)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    source = _sources.get(page.file.src_uri) or f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    if page.file.src_uri in _sources and config.repo_url:
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/{source}"
    if source in _dates:
        page.meta["revision_date"] = _dates[source].updated
    return markdown


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Live reload when data, schemas or templates change, not only docs/."""
    root = _root(config)
    for folder in ("data", "schemas", "cica_kb/templates"):
        server.watch(str(root / folder))
    return server


def on_pre_build(config: MkDocsConfig) -> None:
    """Start Pagefind for this build (each `mkdocs serve` rebuild gets a fresh index)."""
    global _indexer
    _indexer = BackgroundIndexer(str(Path(config.site_dir) / "pagefind"))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Send each page to the search index as soon as it is rendered (pages without content are skipped)."""
    if _indexer is not None and "data-pagefind-body" in output:
        _indexer.add("/" + page.url, output)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """Write the search index, so `site/` is complete after one command."""
    global _indexer
    if _indexer is None:
        return
    started = time.perf_counter()
    indexer, _indexer = _indexer, None
    try:
        pages = indexer.finish()
    except Exception as error:
        raise PluginError(f"Pagefind could not index the site: {error}") from None
    log.info("Search index: %d pages (%.1f s after the last page)", pages, time.perf_counter() - started)


def on_build_error(error: Exception) -> None:
    """A failed build leaves no Pagefind process behind."""
    global _indexer
    if _indexer is not None:
        indexer, _indexer = _indexer, None
        indexer.stop()
