"""Glue between the knowledge base and MkDocs, shared by the hook and macros.py."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from .model import KnowledgeBase
from .problems import DataError
from .validate import load_knowledge_base

_cache: dict[Path, tuple[tuple, KnowledgeBase]] = {}


def _fingerprint(data_dir: Path) -> tuple:
    """Changes when any file under data/ is added, removed or modified."""
    return tuple((str(path), stat.st_mtime_ns, stat.st_size) for path in sorted(data_dir.rglob("*")) for stat in [path.stat()])


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
    _cache[data_dir] = (fingerprint, kb)
    return kb
