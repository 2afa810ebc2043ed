"""Check every record file under data/ (load/discover.py finds them) and build the knowledge base,
or report every problem at once."""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import AbstractSet, Any, Callable, Iterator, Mapping, MutableMapping

from ..load.collections import values_at
from ..load.discover import DataFile, discover, record_file
from ..load.loader import FieldPath, LoadedFile, leaves, load_yaml
from ..model.dates import earliest, latest, parse_partial
from ..model.differences import difference_problems
from ..model.model import KnowledgeBase, Record, build_knowledge_base, freeze
from ..parallel import cores, ordered_map
from ..problems import DataError, Problem
from .schemas import schema_problems
from .translations import translation_problems

Progress = Callable[[int, int], None]
Reference = tuple[FieldPath, str, str]  # a reference in a file: where, the collection it names a record of, the id


@dataclass(frozen=True)
class CheckedFile:
    """A file checked on its own, with the references the checks across files look up."""

    loaded: LoadedFile
    references: tuple[Reference, ...]


CheckCache = MutableMapping[str, "tuple[tuple[int, int], CheckedFile]"]  # data file → (its stamp, its check)
_pending: list[DataFile] = []  # the files being checked: forked workers are sent a file's number, not the file


def load_knowledge_base(
    data_dir: Path, progress: Progress | None = None, cache: CheckCache | None = None
) -> KnowledgeBase:
    """The validated knowledge base; raises DataError listing every problem found.

    With a `cache` (a preview that reloads after each edit), files unchanged since the last call are not read again.
    """
    with _no_cycle_collection():  # also in the workers, which fork from here
        return _checked_knowledge_base(data_dir, progress, cache)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's collector of reference cycles paused: records are trees that need none, and with ten thousand
    files it ran so often that it took a tenth of a check."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _checked_knowledge_base(data_dir: Path, progress: Progress | None, cache: CheckCache | None) -> KnowledgeBase:
    files, problems = discover(data_dir)
    loaded: list[tuple[DataFile, LoadedFile]] = []
    records: list[Record] = []  # made while the workers check the next files: most checks find no problem
    references: list[tuple[LoadedFile, tuple[Reference, ...]]] = []
    for number, (data_file, checked) in enumerate(zip(files, _checked_files(files, cache), strict=True), 1):
        result = checked.loaded
        problems += result.problems
        if isinstance(result.data, dict):
            loaded.append((data_file, result))
            if checked.references:
                references.append((result, checked.references))
            if not result.problems:  # a file with problems stops the check: it never becomes a record
                records.append(_record(data_file, result))
        if progress:
            progress(number, len(files))
    if not files and not problems:
        problems.append(Problem(f"{data_dir.name}/", 1, 1, "(file)", "no records found; is this the data folder?"))
    taken = {(p.path, p.line, p.column, p.field) for p in problems}
    found = reference_problems(known_keys(files, loaded), references)
    problems += [p for p in found if (p.path, p.line, p.column, p.field) not in taken]
    problems += duplicate_problems(loaded)
    if problems:
        raise DataError(problems)
    return build_knowledge_base(records)


def _checked_files(files: list[DataFile], cache: CheckCache | None = None) -> Iterator[CheckedFile]:
    """Each file loaded and checked on its own, in order; on all cores for large data folders."""
    if cache is None:
        return _checked_in_order(files)
    stamps = {data_file.shown: _stamp(data_file.path) for data_file in files}
    stale = [data_file for data_file in files if cache.get(data_file.shown, (None,))[0] != stamps[data_file.shown]]
    for data_file, result in zip(stale, _checked_in_order(stale), strict=True):
        cache[data_file.shown] = (stamps[data_file.shown], result)
    for gone in set(cache) - set(stamps):
        del cache[gone]
    return iter([cache[data_file.shown][1] for data_file in files])


def _checked_in_order(files: list[DataFile]) -> Iterator[CheckedFile]:
    """`_checked_file` of each file, in order. The workers fork with the list and are sent numbers: sending each
    file (its paths made again in the worker) cost a tenth of the check. They send back plain tuples, which are read
    in a third of the time objects take."""
    _pending[:] = files
    try:
        for path, data, value_at, key_at, problems, references in ordered_map(
            _checked_number, range(len(files)), cores()
        ):
            yield CheckedFile(LoadedFile(path, data, value_at, key_at, problems), references)
    finally:
        _pending.clear()


def _checked_number(number: int) -> tuple[Any, ...]:
    checked = _checked_file(_pending[number])
    loaded = checked.loaded
    return loaded.path, loaded.data, loaded.value_at, loaded.key_at, loaded.problems, checked.references


def _stamp(path: Path) -> tuple[int, int]:
    """What tells that a file changed: its modification time and size."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def _checked_file(data_file: DataFile) -> CheckedFile:
    """A file checked on its own, keeping only the positions the checks across files may name: its fields' and
    those of its references. The rest were used by its own checks; sending them back from a worker cost more
    than reading the file."""
    result = check_file(data_file)
    if not isinstance(result.data, dict):
        return CheckedFile(result, ())
    references = tuple(_references(data_file, result.data))
    fields = [(name,) for name in result.data]
    wanted = [(), *fields, *(path for path, _, _ in references)]
    result.value_at = {path: result.value_at[path] for path in wanted if path in result.value_at}
    result.key_at = {path: result.key_at[path] for path in fields if path in result.key_at}
    return CheckedFile(result, references)


def _references(data_file: DataFile, data: Mapping[str, Any]) -> Iterator[Reference]:
    """Each id a file names a record of another collection by (other types: the schema reports them)."""
    for reference in data_file.collection.references:
        for path, value in values_at(data, reference.field):
            if isinstance(value, str):
                yield path, reference.target, value


def check_file(data_file: DataFile) -> LoadedFile:
    """One file parsed and checked against everything that needs no other file; problems on the result."""
    result = load_yaml(data_file.shown, data_file.path.read_bytes())
    if isinstance(result.data, dict):
        structure, text_rules = schema_problems(result, data_file.collection.schema)
        # A value the schema rejects may break a rule below too: that is one mistake, shown once.
        result.problems += once_per_field(structure + file_problems(data_file, result))
        result.problems += text_rules  # two text rules broken in one field are two mistakes
    elif not result.problems:
        result.problems.append(
            Problem(data_file.shown, 1, 1, "(file)", "a record must be a YAML mapping of fields (key: value)")
        )
    return result


def _record(data_file: DataFile, loaded: LoadedFile) -> Record:
    lines = MappingProxyType({name: loaded.locate((name,), key=True)[0] for name in loaded.data})
    key = data_file.key
    return Record(
        data_file.collection.name,
        key,
        data_file.shown,
        data_file.collection.page_for(key, loaded.data),
        freeze(loaded.data),
        lines=lines,
    )


def file_problems(data_file: DataFile, loaded: LoadedFile) -> list[Problem]:
    """Rules about one file that a schema cannot express: names, folders, dates, translations."""
    data, relative = loaded.data, data_file.relative
    found: list[Problem] = []
    if isinstance(data.get("id"), str) and data["id"] != relative.stem:
        found.append(
            loaded.problem(
                ("id",),
                f"id {data['id']!r} must equal the file name {relative.stem!r}; rename the file or change the id",
            )
        )
    found += _layout_problems(data_file.collection.name, relative, loaded)
    found += list(_date_problems(loaded))
    found += difference_problems(loaded, data_file.collection.schema)
    found += translation_problems(loaded, data_file.collection.schema)
    return found


def _layout_problems(collection: str, relative: PurePosixPath, loaded: LoadedFile) -> list[Problem]:
    data, folder = loaded.data, relative.parent.name
    if collection == "practices" and isinstance(data.get("country"), str) and data["country"] != folder:
        return [
            loaded.problem(
                ("country",),
                f"country {data['country']!r} must equal the folder name {folder!r} (data/practices/<country>/)",
            )
        ]
    if collection == "states" and isinstance(data.get("iso_code"), str) and data["iso_code"].lower() != relative.stem:
        return [
            loaded.problem(
                ("iso_code",), f"iso_code {data['iso_code']!r} does not match the file name {relative.stem!r}"
            )
        ]
    if collection == "meetings" and isinstance(data.get("start"), str) and isinstance(data.get("body"), str):
        expected = f"{data['start']}-{data['body']}"
        found = []
        if data["start"][:4] != folder:
            found.append(
                loaded.problem(
                    ("start",),
                    f"a meeting starting in {data['start'][:4]} goes in "
                    f"data/meetings/{data['start'][:4]}/, not {folder}/",
                )
            )
        if relative.stem != expected and not re.fullmatch(re.escape(expected) + r"-[0-9]+", relative.stem):
            found.append(loaded.problem(("id",), f"a meeting's file name is <start>-<body>: expected {expected}.yml"))
        return found
    return []


DATE_ORDER: tuple[tuple[str, str], ...] = (("start", "end"), ("from", "to"), ("observer_since", "member_since"))
MONTH_OR_DAY = re.compile(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?")  # a text that says a month or a day: is it a real one?
PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}){0,2}")


def _date_problems(loaded: LoadedFile) -> Iterator[Problem]:
    """Impossible partial dates (2024-13, 2023-02-29) and pairs that run backwards."""
    for path, value in _strings(loaded.data, ()):
        if len(value) in (7, 10) and MONTH_OR_DAY.fullmatch(value) and parse_partial(value) is None:
            yield loaded.problem(path, f"{value!r} is not a real date")
    for first, second in DATE_ORDER:
        a, b = loaded.data.get(first), loaded.data.get(second)
        parsed_a, parsed_b = _partial(a), _partial(b)
        if parsed_a and parsed_b and latest(parsed_b) < earliest(parsed_a):
            yield loaded.problem((second,), f"{b!r} is before {first} {a!r}; dates are out of order")


def _partial(value: Any) -> tuple[int, ...] | None:
    return parse_partial(value) if isinstance(value, str) and PARTIAL_DATE.fullmatch(value) else None


def _strings(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    return ((where, text) for where, text in leaves(value, path) if isinstance(text, str))


def duplicate_problems(loaded: list[tuple[DataFile, LoadedFile]]) -> list[Problem]:
    """Two files of one collection that declare the same id (practices: the same country and id)."""
    seen: dict[tuple[str, str], str] = {}
    found = []
    for data_file, result in loaded:
        declared = result.data.get("id")
        if not isinstance(declared, str):
            continue
        scope = str(data_file.relative.parent) if data_file.collection.name == "practices" else ""
        key = (data_file.collection.name, f"{scope}/{declared}")
        if key in seen:
            found.append(result.problem(("id",), f"duplicate id {declared!r}: {seen[key]} has it too"))
        else:
            seen[key] = data_file.shown
    return found


def once_per_field(problems: list[Problem]) -> list[Problem]:
    """One problem per file, position and field: the first found (the most specific) is kept."""
    seen: set[tuple[str, int, int, str]] = set()
    kept = []
    for problem in problems:
        where = (problem.path, problem.line, problem.column, problem.field)
        if where not in seen:
            seen.add(where)
            kept.append(problem)
    return kept


def known_keys(files: list[DataFile], loaded: list[tuple[DataFile, LoadedFile]]) -> dict[str, set[str]]:
    """The records a reference may name, by collection.

    A record is known by its file name even when the file itself is broken, and by the id it
    declares, so one mistake is reported once rather than again at every reference to it.
    """
    keys: dict[str, set[str]] = defaultdict(set)
    for data_file in files:
        keys[data_file.collection.name].add(data_file.key)
    for data_file, result in loaded:
        if isinstance(result.data.get("id"), str):
            renamed = data_file.relative.with_name(result.data["id"] + ".yml")
            keys[data_file.collection.name].add(data_file.collection.key_for(renamed))
    return keys


def reference_problems(
    keys: Mapping[str, AbstractSet[str]], references: list[tuple[LoadedFile, tuple[Reference, ...]]]
) -> list[Problem]:
    """Every reference names an existing record of the right collection (`keys`: collection → known keys)."""
    return [
        _unknown(result, path, target, value, keys.get(target, frozenset()))
        for result, found in references
        for path, target, value in found
        if value not in keys.get(target, ())
    ]


def references_of(data_file: DataFile, result: LoadedFile, keys: Mapping[str, AbstractSet[str]]) -> list[Problem]:
    """The references of one file that name no record in `keys` (collection → known keys)."""
    return reference_problems(keys, [(result, tuple(_references(data_file, result.data)))])


def _unknown(result: LoadedFile, path: FieldPath, target: str, value: str, known: AbstractSet[str]) -> Problem:
    hint = _closest(value, set(known))
    return result.problem(path, f"{value!r} is not a known {_singular(target)} id{hint}")


def edited_record(data_dir: Path, path: Path, keys: Mapping[str, AbstractSet[str]]) -> Record:
    """One file that already was a record, checked again on its own and against the known keys; DataError if not."""
    found = record_file(data_dir, path)
    if isinstance(found, Problem):
        raise DataError([found])
    result = check_file(found)
    problems = result.problems + (references_of(found, result, keys) if isinstance(result.data, dict) else [])
    if problems:
        raise DataError(problems)
    return _record(found, result)


def _singular(collection: str) -> str:
    return "body" if collection == "bodies" else collection[:-1]


def _closest(value: str, known: set[str]) -> str:
    match = get_close_matches(str(value), sorted(known), n=1)
    return f"; did you mean {match[0]!r}?" if match else ""
