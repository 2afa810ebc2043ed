"""MkDocs hook: add the generated record pages and the schemas, point edit links at the YAML.

Registered in mkdocs.yml under `hooks:`. Logic lives in the package; this only adapts.
"""

from __future__ import annotations

import logging
import re
import subprocess
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
from cica_kb.csp import with_policy
from cica_kb.pages import plan_pages
from cica_kb.parallel import cores
from cica_kb.schemas import SCHEMA_DIR
from cica_kb.search import BROWSE_PATH, browse_index
from cica_kb.site import site_knowledge_base

log = logging.getLogger("mkdocs.plugins.cica_kb")
_sources: dict[str, str] = {}  # generated page path → data file it came from
_dates: dict[str, FileDates] = {}  # repository path → dates of its first and last commit


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


_workers = 1  # processes for the page plan: all cores for `mkdocs build`, one under `mkdocs serve`


def on_startup(command: str, dirty: bool) -> None:
    """`mkdocs serve` rebuilds in a thread of a live server, where forking worker processes is unsafe."""
    global _workers
    _workers = cores() if command == "build" else 1


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
    for path, page in plan_pages(kb, context, workers=_workers).items():
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


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Each page carries its Content-Security-Policy, with the hashes of its own inline scripts (cica_kb/csp.py)."""
    return with_policy(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page too (the sitemap has no `<head>` and is left as it is)."""
    return with_policy(output_content)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Live reload when data, schemas or templates change, not only docs/."""
    root = _root(config)
    for folder in ("data", "schemas", "cica_kb/templates"):
        server.watch(str(root / folder))
    return server


def on_post_build(config: MkDocsConfig) -> None:
    """Index the built site with Pagefind, so `site/` is complete after one command."""
    started = time.perf_counter()
    from pagefind_bin import get_executable  # the binary shipped in the pagefind[bin] wheel

    # Permalink signs, edit buttons and the facts list (already filters) are not text to search: keep them out of titles and excerpts.
    command = [str(get_executable()), "--site", config.site_dir, "--output-subdir", "pagefind", "--exclude-selectors", ".headerlink, .md-content__button, .kb-facts"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"Pagefind could not index the site:\n{result.stdout}{result.stderr}")
    pages = re.search(r"Indexed (\d+) pages", result.stdout)
    log.info("Search index: %s pages in %.1f s", pages.group(1) if pages else "?", time.perf_counter() - started)
