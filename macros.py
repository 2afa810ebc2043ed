"""mkdocs-macros module: exposes the validated knowledge base and its fragments to docs/ pages.

Only pages that say `render_macros: true` in their front matter are rendered (render_by_default is
off), so generated record pages, which carry contributed text, are never evaluated as Jinja. The
knowledge base is the one the stage step checked (`.stage-cache/`), read on first use: a rebuild
that renders no page with macros (`mkdocs serve --dirty` after one edit) does not read it at all.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from cica_kb.bench.lighthouse import AUDIT_PATH, AuditReport, audit_report, read_audit
from cica_kb.bench.results import RESULTS_PATH, Report, performance_report, read_results
from cica_kb.build.site import as_of, build_context, build_day, site_knowledge_base
from cica_kb.build.stage import load_saved_knowledge_base
from cica_kb.i18n import LANGUAGES, SOURCE_LANGUAGE, translator
from cica_kb.model.context import SiteContext
from cica_kb.model.localize import localized
from cica_kb.model.model import KnowledgeBase
from cica_kb.model.review import ToReview
from cica_kb.model.review import entries_to_review as review_entries
from cica_kb.problems import DataError
from cica_kb.render.pages import render_fragment
from cica_kb.render.submission import form_settings, script_json
from cica_kb.render.text import Markdown


class StagedKnowledgeBase:
    """The knowledge base, loaded when a page first asks for it; attributes are the knowledge base's."""

    def __init__(self, root: Path, language: str) -> None:
        self._root = root
        self._language = language

    @cached_property
    def loaded(self) -> KnowledgeBase:
        """The knowledge base in the build's language (records' own text in it where they have one)."""
        return localized(self._checked(), self._language)

    def _checked(self) -> KnowledgeBase:
        saved = load_saved_knowledge_base(self._root)
        if saved is not None:
            return saved
        try:  # no stage run before this engine: check the data here
            return site_knowledge_base(self._root / "data", build_context(self._root))[0]
        except DataError as error:
            raise PluginError(f"The data has problems; nothing was built.\n{error}") from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loaded, name)


def define_env(env: Any) -> None:
    root = Path(env.project_dir)  # mkdocs-macros and Zensical's macros both say where mkdocs.yml is
    language = build_language(env.conf)  # each language is a build of its own (mkdocs.<language>.yml)
    kb = StagedKnowledgeBase(root, language)
    env.variables["kb"] = kb
    # The same day as the record pages' build context (SOURCE_DATE_EPOCH when set).
    env.variables["build_day"] = build_day()

    @env.macro
    def fragment(name: str, **context: Any) -> Markdown:
        """Render templates/fragments/<name>.md.j2 for the current page, in the build's language."""
        return render_fragment(name, kb.loaded, page_path(env.page), language, **context)

    @env.macro
    def submission_settings() -> str:
        """What the Submit a practice form needs from the data and the schemas, as inert JSON."""
        context = SiteContext(
            site_url=env.conf.get("site_url") or "/", repo_url=env.conf.get("repo_url") or "", language=language
        )
        return script_json(form_settings(kb.loaded, context))

    @env.macro
    def entries_to_review() -> tuple[ToReview, ...]:
        """What may be out of date on the build's review day (CICA_KB_AS_OF or today), for the review fragment."""
        return review_entries(kb.loaded, as_of(), translator(language))

    @env.macro
    def benchmark() -> Report:
        """The recorded `make bench` results (docs/about/performance.json), for the performance fragment,
        in the build's language."""
        return performance_report(read_results(root / RESULTS_PATH), language)

    @env.macro
    def lighthouse() -> AuditReport | None:
        """The recorded `make lighthouse` scores (docs/about/lighthouse.json), or None before its first run."""
        audit = read_audit(root / AUDIT_PATH)
        return audit_report(audit, language) if audit else None


def build_language(config: Any) -> str:
    """The language this build's pages are written in: the theme's `language` (the Russian build's config says ru)."""
    try:
        language = config["theme"]["language"]
    except (KeyError, TypeError):
        return SOURCE_LANGUAGE
    return language if language in LANGUAGES else SOURCE_LANGUAGE


def page_path(page: Any) -> str:
    """The page's path under docs_dir: mkdocs-macros passes MkDocs' Page (with its File), Zensical its own Page."""
    return page.file.src_uri if hasattr(page, "file") else page.path
