"""Babel extractors for the interface text that is not in code: the schemas' labels and mkdocs.yml (`make strings`).

The schemas are the one source of the labels of enumerated values (`oneOf: [{const, title, description}]`,
or a plain `enum` labelled by its own words, as `cica_kb.schemas.value_labels` does) and of field titles:
they are extracted into the catalogue and translated there, never restated. From mkdocs.yml: the site's
name, description and copyright line, the navigation titles and the palette toggles' names.
Each extractor yields Babel's (line, function, message, comments) tuples.
"""

from __future__ import annotations

import json
from typing import IO, Any, Iterator

import yaml

Extracted = tuple[int, str, str, list[str]]


def enum_label(value: Any) -> str:
    """A plain enum value's label, as pages show it: `road-map` → `Road map`."""
    return str(value).replace("-", " ").capitalize()


def schema_messages(node: Any) -> Iterator[tuple[str, str]]:
    """(label, what it is) of every value label and field title of a schema, in the schema's order."""
    if isinstance(node, list):
        for item in node:
            yield from schema_messages(item)
        return
    if not isinstance(node, dict):
        return
    branches = node.get("oneOf")
    if isinstance(branches, list) and branches and all(isinstance(b, dict) and "const" in b for b in branches):
        for branch in branches:
            for annotation in ("title", "description"):
                if isinstance(branch.get(annotation), str):
                    yield branch[annotation], f"{annotation} of the value {branch['const']!r}"
    if isinstance(node.get("enum"), list):
        for value in node["enum"]:
            yield enum_label(value), f"label of the value {value!r}"
    if isinstance(node.get("title"), str) and "const" not in node:
        yield node["title"], "title of a field"
    for key, sub in node.items():
        if key not in ("title", "description", "const", "enum", "default", "examples"):
            yield from schema_messages(sub)


def _line_of(lines: list[str], text: str) -> int:
    encoded = json.dumps(text, ensure_ascii=False)
    return next((number for number, line in enumerate(lines, 1) if encoded in line), 1)


def extract_schema(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Extracted]:
    """Babel extractor of a JSON Schema file: its value labels and field titles."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for message, what in schema_messages(json.loads(text)):
        yield _line_of(lines, message), "gettext", message, [f"Schema: {what}"]


class _TaggedLoader(yaml.SafeLoader):
    """mkdocs.yml with its tags (`!ENV`) read as plain values."""


_TaggedLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def config_messages(config: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(text, what it is) of mkdocs.yml's translatable values."""
    for key in ("site_name", "site_description", "copyright"):
        if isinstance(config.get(key), str):
            yield config[key], key
    yield from ((title, "navigation title") for title in nav_titles(config.get("nav") or []))
    for scheme in config.get("theme", {}).get("palette") or []:
        name = (scheme.get("toggle") or {}).get("name")
        if name:
            yield name, "palette toggle"


def nav_titles(nav: list[Any]) -> Iterator[str]:
    """Every title of a MkDocs navigation, in order."""
    for item in nav:
        if isinstance(item, dict):
            for title, target in item.items():
                yield title
                if isinstance(target, list):
                    yield from nav_titles(target)


def extract_mkdocs(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Extracted]:
    """Babel extractor of mkdocs.yml."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for message, what in config_messages(yaml.load(text, Loader=_TaggedLoader)):  # noqa: S506 (a SafeLoader)
        line = next((n for n, row in enumerate(lines, 1) if message in row), 1)
        yield line, "gettext", message, [f"mkdocs.yml: {what}"]
