"""The edge of a build: the one place that reads the environment, the clock, git and mkdocs.yml.

It makes the build context (addresses, dates, preview or publish) and the knowledge base a build
shows (validated, with the publication filter applied). Everything after it is a pure function.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Mapping

import yaml

from ..check.validate import CheckCache, Progress, load_knowledge_base
from ..load.history import file_dates
from ..model.context import SiteContext
from ..model.model import KnowledgeBase
from ..model.publication import Exclusion, publishable

CONFIG_FILE = "mkdocs.yml"
DATED_FOLDERS = (
    "data",
    "docs",
    "CONTRIBUTING.md",
    "CONTRIBUTING.ru.md",
)  # what pages are made from: their git dates are page dates


@dataclass(frozen=True)
class SiteSettings:
    """What the engine's configuration says about addresses, as the build sees it."""

    site_url: str
    repo_url: str


def as_of(environ: Mapping[str, str] = os.environ, today: date | None = None) -> date:
    """The day publication rules are applied for: CICA_KB_AS_OF (YYYY-MM-DD) or today."""
    given = environ.get("CICA_KB_AS_OF")
    return date.fromisoformat(given) if given else (today or date.today())


def build_day(environ: Mapping[str, str] = os.environ, today: date | None = None) -> str:
    """The day printed as the build's date: from SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat()
    return (today or date.today()).isoformat()


def is_preview(environ: Mapping[str, str] = os.environ) -> bool:
    """A preview (`make serve`, pull-request builds) shows entries still pending consensus, labelled."""
    return environ.get("CICA_KB_PREVIEW") == "1"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for the keys the build needs; other tags are kept as None."""

    environ: Mapping[str, str] = os.environ  # where `!ENV` looks (a subclass per call gives its own)


def _env_tag(loader: Any, node: yaml.Node) -> Any:
    """`!ENV [NAME, default]` or `!ENV NAME`: the variable's value, else the default."""
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((loader.environ[name] for name in variables if name in loader.environ), default)


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def engine_config(root: Path, environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """mkdocs.yml as a mapping, with `!ENV` resolved from `environ` like MkDocs does (other tags read as None)."""
    loader = type("Loader", (_ConfigLoader,), {"environ": environ})
    return yaml.load((root / CONFIG_FILE).read_text(encoding="utf-8"), Loader=loader) or {}


def site_settings(root: Path, environ: Mapping[str, str] = os.environ) -> SiteSettings:
    """site_url and repo_url from mkdocs.yml, with `!ENV` resolved like MkDocs does."""
    config = engine_config(root, environ)
    return SiteSettings(site_url=config.get("site_url") or "/", repo_url=config.get("repo_url") or "")


def build_context(root: Path, environ: Mapping[str, str] = os.environ, today: date | None = None) -> SiteContext:
    """Everything a build knows beyond the data, read once at the edge."""
    settings = site_settings(root, environ)
    template = root / "templates" / "practice.yml"
    return SiteContext(
        site_url=settings.site_url,
        repo_url=settings.repo_url,
        dates=file_dates(root, *DATED_FOLDERS),
        build_day=build_day(environ, today),
        as_of=as_of(environ, today).isoformat(),
        preview=is_preview(environ),
        practice_template=template.read_text(encoding="utf-8") if template.exists() else "",
    )


def site_knowledge_base(
    data_dir: Path,
    ctx: SiteContext,
    progress: Progress | None = None,
    cache: CheckCache | None = None,
) -> tuple[KnowledgeBase, list[Exclusion]]:
    """The knowledge base a build shows, and what the publication filter left out; DataError lists every problem."""
    kb = load_knowledge_base(data_dir, progress=progress, cache=cache)
    return publishable(kb, date.fromisoformat(ctx.as_of), preview=ctx.preview)
