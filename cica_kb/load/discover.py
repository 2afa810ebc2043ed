"""Finding the record files under data/: which collection each belongs to, and every file that is not a record."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from ..problems import Problem
from .collections import COLLECTION_BY_NAME, COLLECTIONS, Collection

_NOT_PLAIN_ASCII = re.compile(r"[^\x20-\x7e]")  # in a file name: invisible, right-to-left or look-alike


@dataclass(frozen=True)
class DataFile:
    """A file found under data/ that belongs to a collection."""

    collection: Collection
    relative: PurePosixPath  # relative to data/<folder>/
    path: Path

    @cached_property
    def shown(self) -> str:
        return f"data/{self.collection.name}/{self.relative}"

    @cached_property
    def key(self) -> str:
        """The record's key in its collection, from the file's name."""
        return self.collection.key_for(self.relative)


def discover(data_dir: Path) -> tuple[list[DataFile], list[Problem]]:
    """Every file under data/, sorted: records of a collection, or a problem naming the stray file."""
    files: list[DataFile] = []
    problems: list[Problem] = []
    if not data_dir.is_dir():
        return files, [
            Problem(str(data_dir), 1, 1, "(file)", "no data folder here; run from the repository root or pass --data")
        ]
    for parts, path in sorted(_files_under(str(data_dir), ()), key=lambda found: found[0]):
        found = _record_file(parts, Path(path))
        if isinstance(found, Problem):
            problems.append(found)
        else:
            files.append(found)
    return files, problems


def _files_under(folder: str, parts: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every file below `folder` (symbolic links to files included, links to folders not followed), as
    `Path.rglob` finds them, from the directory entries alone: no second look at each file. Each with its path's
    parts below the data folder, which sort as `Path.parts` do."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files_under(entry.path, (*parts, entry.name))
            elif entry.is_file():
                yield (*parts, entry.name), entry.path


def record_file(data_dir: Path, path: Path) -> DataFile | Problem:
    """A file under data/ as the record file of its collection, or the problem naming why it is not one."""
    return _record_file(PurePosixPath(path.relative_to(data_dir).as_posix()).parts, path)


def _record_file(parts: tuple[str, ...], path: Path) -> DataFile | Problem:
    """`record_file` of the file at `path`, `parts` below the data folder (made once: a check makes ten thousand)."""
    collection = COLLECTION_BY_NAME.get(parts[0]) if len(parts) > 1 else None
    reason = _stray_reason(parts, collection)
    if reason or collection is None:
        return Problem(f"data/{'/'.join(parts)}", 1, 1, "(file)", reason or "not a record")
    return DataFile(collection, PurePosixPath(*parts[1:]), path)


def _stray_reason(parts: tuple[str, ...], collection: Collection | None) -> str | None:
    if collection is None:
        folders = ", ".join(f"data/{c.name}/" for c in COLLECTIONS)
        return f"not a record: files under data/ belong in one of {folders}"
    suffix = _suffix(parts[-1])
    if suffix != ".yml":
        hint = "; rename it to .yml" if suffix == ".yaml" else ""
        return f"not a record: data files end in .yml{hint}"
    if len(parts) - 1 != collection.depth:
        layout = (
            "<id>.yml"
            if collection.depth == 1
            else ("<year>/<id>.yml" if collection.name == "meetings" else "<iso2>/<id>.yml")
        )
        return f"not a record: files in data/{collection.name}/ go at data/{collection.name}/{layout}"
    odd = _NOT_PLAIN_ASCII.search("/".join(parts))
    if odd:  # invisible, right-to-left or look-alike characters: the name would not be what it seems
        character = f"U+{ord(odd[0]):04X} ({unicodedata.name(odd[0], 'unnamed')})"
        return f"not a record: the file name has the character {character}; names use a-z, 0-9 and hyphens"
    return None


def _suffix(name: str) -> str:
    """A file name's suffix as `PurePosixPath.suffix` says it (`.yml`; none for `.yml` alone or `name.`)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""
