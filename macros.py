"""mkdocs-macros module: exposes the validated knowledge base and its fragments to docs/ pages.

Only pages that say `render_macros: true` in their front matter are rendered (render_by_default is
off), so generated record pages, which carry contributed text, are never evaluated as Jinja.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cica_kb.bench import RESULTS_PATH, Report, performance_report, read_results
from cica_kb.context import SiteContext
from cica_kb.pages import render_fragment
from cica_kb.site import site_knowledge_base
from cica_kb.submission import form_settings, script_json
from cica_kb.text import Markdown


def define_env(env: Any) -> None:
    root = Path(env.conf["config_file_path"]).resolve().parent
    kb = site_knowledge_base(root)
    env.variables["kb"] = kb

    @env.macro
    def fragment(name: str, **context: Any) -> Markdown:
        """Render templates/fragments/<name>.md.j2 for the current page."""
        return render_fragment(name, kb, env.page.file.src_uri, **context)

    @env.macro
    def submission_settings() -> str:
        """What the Submit a practice form needs from the data and the schemas, as inert JSON."""
        context = SiteContext(site_url=env.conf["site_url"] or "/", repo_url=env.conf["repo_url"] or "")
        return script_json(form_settings(kb, context))

    @env.macro
    def benchmark() -> Report:
        """The recorded `make bench` results (docs/about/performance.json), for the performance fragment."""
        return performance_report(read_results(root / RESULTS_PATH))
