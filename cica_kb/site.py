"""Glue between the knowledge base and MkDocs, shared by the hook and macros.py."""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from mkdocs.exceptions import PluginError

from .clock import as_of
from .model import KnowledgeBase
from .problems import DataError
from .publication import publishable
from .validate import load_knowledge_base

log = logging.getLogger("mkdocs.plugins.cica_kb")
_cache: dict[Path, tuple[tuple, KnowledgeBase]] = {}


def _fingerprint(data_dir: Path) -> tuple:
    """Changes when any file under data/ (or the publication settings) changes."""
    return (os.environ.get("CICA_KB_AS_OF"), os.environ.get("CICA_KB_PREVIEW"), date.today()) + tuple((str(path), stat.st_mtime_ns, stat.st_size) for path in sorted(data_dir.rglob("*")) for stat in [path.stat()])


def site_knowledge_base(project_root: Path) -> KnowledgeBase:
    """The validated knowledge base for a build, loaded once per change of data/.

    Problems stop the build with every one of them listed (a PluginError prints without traceback).
    """
    data_dir = project_root / "data"
    fingerprint = _fingerprint(data_dir)
    cached = _cache.get(data_dir)
    if cached and cached[0] == fingerprint:
        return cached[1]
    try:
        kb = load_knowledge_base(data_dir)
    except DataError as error:
        raise PluginError(f"The data has problems; nothing was built.\n{error}") from None
    kb, excluded = publishable(kb, as_of(), preview=os.environ.get("CICA_KB_PREVIEW") == "1")
    if excluded:
        log.info("Not published, %d entr%s pending consensus (shown in previews only):", len(excluded), "y" if len(excluded) == 1 else "ies")
        for exclusion in excluded:
            log.info("  %s: %s", exclusion.path, exclusion.reason)
    _cache[data_dir] = (fingerprint, kb)
    return kb
