"""Read one YAML file into plain data, keeping the line and column of every key and value.

PyYAML's own loaders keep the last of two duplicate keys silently, turn `2024-03-14` into a date
object and `NO` into `False`; this loader does none of that. Values are str, int, float, bool,
None, list or dict, so the JSON Schema sees exactly what the contributor wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from ..problems import Problem

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_NODES = 20_000

Location = tuple[int, int]
FieldPath = tuple[str | int, ...]


class _CoreResolver(BaseResolver):
    """YAML 1.2 core-schema scalars: no dates, no yes/no booleans, no octal or sexagesimal ints."""


for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _CoreResolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


TOO_LARGE = (
    f"structure too deep or too large (more than {MAX_DEPTH} levels or {MAX_NODES:,} values; are aliases expanding?)"
)


class _LimitedComposer(Composer):
    """PyYAML's composer, stopping at MAX_NODES: a file of many tiny values is refused before it is all read."""

    composed = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        self.composed += 1
        if self.composed > MAX_NODES:
            raise yaml.MarkedYAMLError(problem=TOO_LARGE, problem_mark=self.peek_event().start_mark)  # type: ignore[attr-defined]
        return super().compose_node(parent, index)  # type: ignore[return-value]  # None only at the stream's end


# libyaml's parser (ten times faster than PyYAML's pure-Python scanner) feeds PyYAML's own
# composer: composing stays in Python, so very deep nesting ends in a RecursionError we report,
# never in a crash of C code.
try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # PyYAML built without libyaml: same results, slower
    _Parser = None  # type: ignore[misc, assignment]


class _PythonLoader(Reader, Scanner, Parser, _LimitedComposer, SafeConstructor, _CoreResolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _LimitedComposer.__init__(self)
        SafeConstructor.__init__(self)
        _CoreResolver.__init__(self)


if _Parser is not None:

    class _Loader(_LimitedComposer, _Parser, SafeConstructor, _CoreResolver):
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _LimitedComposer.__init__(self)
            SafeConstructor.__init__(self)
            _CoreResolver.__init__(self)

else:
    _Loader = _PythonLoader  # type: ignore[misc, assignment]


@dataclass
class LoadedFile:
    """A YAML file as data, with where each value (and each mapping key) stands in the file."""

    path: str
    data: Any = None
    value_at: dict[FieldPath, Location] = field(default_factory=dict)
    key_at: dict[FieldPath, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def locate(self, path: FieldPath, *, key: bool = False) -> Location:
        """The position of a field's key (or value), falling back to its nearest known parent."""
        table = self.key_at if key else self.value_at
        found = table.get(path)  # the common case, asked for once per field of every record
        if found:
            return found
        for depth in range(len(path), -1, -1):
            found = table.get(path[:depth]) or self.value_at.get(path[:depth])
            if found:
                return found
        return (1, 1)

    def problem(self, path: FieldPath, message: str, *, key: bool = False) -> Problem:
        line, column = self.locate(path, key=key)
        return Problem(self.path, line, column, field_name(path), message)


def leaves(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Every value of loaded data that is neither a mapping nor a list, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path, value


def field_name(path: FieldPath) -> str:
    """`decisions[2].kind` for ("decisions", 2, "kind"); `(file)` for the whole document."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(file)"


def load_yaml(path: str, raw: bytes) -> LoadedFile:
    """Parse raw bytes of a data file; problems are collected on the result, never raised."""
    loaded = LoadedFile(path)
    if len(raw) > MAX_FILE_BYTES:
        loaded.problems.append(
            Problem(path, 1, 1, "(file)", f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")
        )
        return loaded
    text = _decode(loaded, raw)
    if text is None:
        return loaded
    if _read_plain(text, loaded):
        return loaded
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            loaded.problems.append(Problem(path, 1, 1, "(file)", "file is empty; a record is a YAML mapping of fields"))
        else:
            loaded.data = _Builder(loader, loaded).build(node, (), 0)
    except yaml.MarkedYAMLError as error:
        loaded.problems.append(_syntax_problem(path, text, error))
    except yaml.YAMLError as error:  # e.g. ReaderError for a control character: it has its own position
        loaded.problems.append(_reader_problem(path, text, error))
    except RecursionError:  # PyYAML composes recursively: hundreds of nested levels exhaust the stack
        loaded.problems.append(
            Problem(path, 1, 1, "(file)", f"structure nested too deeply; records are at most {MAX_DEPTH} levels deep")
        )
    finally:
        if loader is not None:
            loader.dispose()
    return loaded


def _decode(loaded: LoadedFile, raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        loaded.problems.append(
            Problem(
                loaded.path,
                line,
                column,
                "(file)",
                f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
            )
        )
        return None


def _reader_problem(path: str, text: str, error: yaml.YAMLError) -> Problem:
    position = getattr(error, "position", None)
    if position is None:
        return Problem(path, 1, 1, "YAML syntax", str(error).splitlines()[0])
    before = text[:position]
    line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
    character = getattr(error, "character", 0)
    code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
    return Problem(
        path, line, column, "(file)", f"control character U+{code:04X} is not allowed in a data file; remove it"
    )


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


def _syntax_problem(path: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = " ".join(part for part in (error.context, error.problem) if part)
    if mark and _character_at(text, mark.line, mark.column) == "\t":  # libyaml's message omits the character
        what = "found a tab character; indent with spaces, not tabs"
    return Problem(path, line, column, "YAML syntax", what or "the file is not valid YAML")


class _Builder:
    """Turns a composed node tree into plain data, recording positions and rejecting duplicates."""

    def __init__(self, loader: _Loader, loaded: LoadedFile) -> None:
        self.loader = loader
        self.loaded = loaded
        self.nodes = 0

    def build(self, node: Node, path: FieldPath, depth: int) -> Any:
        self.nodes += 1
        if depth > MAX_DEPTH or self.nodes > MAX_NODES:
            raise yaml.MarkedYAMLError(problem=TOO_LARGE, problem_mark=node.start_mark)
        self.loaded.value_at[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self.loader.construct_object(node)

    def _mapping(self, node: MappingNode, path: FieldPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node) if isinstance(key_node, ScalarNode) else None
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key, str):
                self.loaded.problems.append(
                    Problem(self.loaded.path, *where, field_name(path), f"field names must be text, not {key!r}")
                )
                continue
            if key in result:
                first = self.loaded.key_at[(*path, key)]
                self.loaded.problems.append(
                    Problem(
                        self.loaded.path,
                        *where,
                        field_name((*path, key)),
                        f"duplicate key (first given on line {first[0]}); keep one",
                    )
                )
                continue
            self.loaded.key_at[(*path, key)] = where
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


STR = "tag:yaml.org,2002:str"
_RESOLVED_FIRST = frozenset(_CoreResolver.yaml_implicit_resolvers)  # first characters of non-text scalars


def _read_plain(text: str, loaded: LoadedFile) -> bool:
    """The common file read straight from the parser's events, a few times faster than composing nodes first.

    It takes only what needs no judgement: one document, no anchors, aliases or explicit tags, text keys given
    once, within the limits. For anything else it returns False with `loaded` untouched, and `load_yaml` reads
    the file the careful way, which says what is wrong and where.
    """
    loader = _Loader(text)
    try:
        data = _plain_events(loader, loaded)
    except (yaml.YAMLError, RecursionError):
        data = _NOT_PLAIN
    finally:
        loader.dispose()
    if data is _NOT_PLAIN:
        loaded.value_at.clear()
        loaded.key_at.clear()
        return False
    loaded.data = data
    return True


_NOT_PLAIN: Any = object()


def _plain_events(loader: _Loader, loaded: LoadedFile) -> Any:
    """The document's data from the event stream, positions recorded as `_Builder` does; `_NOT_PLAIN` if unsure."""
    get = loader.get_event
    if type(get()) is not StreamStartEvent or type(get()) is not DocumentStartEvent:
        return _NOT_PLAIN
    value_at, key_at = loaded.value_at, loaded.key_at
    stack: list[list[Any]] = []  # open mappings and lists: [container, its path, the key whose value comes next]
    nodes = 0
    while True:
        event: Any = get()  # one of the event classes: their fields differ
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            value = stack.pop()[0]
        else:
            nodes += 1
            if getattr(event, "anchor", None) is not None or nodes > MAX_NODES or len(stack) > MAX_DEPTH:
                return _NOT_PLAIN
            top = stack[-1] if stack else None
            if top is not None and type(top[0]) is dict and top[2] is None:  # a mapping's key
                key = _plain_scalar(loader, event) if kind is ScalarEvent else _NOT_PLAIN
                if type(key) is not str or key in top[0]:
                    return _NOT_PLAIN
                top[2] = key
                key_at[(*top[1], key)] = (event.start_mark.line + 1, event.start_mark.column + 1)
                continue
            path = () if top is None else (*top[1], top[2] if type(top[0]) is dict else len(top[0]))
            value_at[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.tag not in (None, "!"):
                    return _NOT_PLAIN
                stack.append([{} if kind is MappingStartEvent else [], path, None])
                continue
            value = _plain_scalar(loader, event) if kind is ScalarEvent else _NOT_PLAIN
            if value is _NOT_PLAIN:
                return _NOT_PLAIN
        if not stack:
            break
        top = stack[-1]
        if type(top[0]) is dict:
            top[0][top[2]] = value
            top[2] = None
        else:
            top[0].append(value)
    ends = type(get()) is DocumentEndEvent and type(get()) is StreamEndEvent
    return value if ends else _NOT_PLAIN


def _plain_scalar(loader: _Loader, event: Any) -> Any:
    """A scalar's value as the composer and constructor make it; `_NOT_PLAIN` for an explicit tag."""
    if event.tag not in (None, "!"):
        return _NOT_PLAIN
    if not event.implicit[0] or event.value[:1] not in _RESOLVED_FIRST:  # quoted, or text whatever its form
        return event.value
    tag = loader.resolve(ScalarNode, event.value, event.implicit)
    if tag == STR:
        return event.value
    return loader.construct_object(ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style))
