"""Babel extractors for the interface text that is not in code: the schemas' labels and mkdocs.yml (`make strings`).

The schemas are the one source of the labels of enumerated values (`oneOf: [{const, title, description}]`,
or a plain `enum` labelled by its own words, as `cica_kb.check.schemas.value_labels` does) and of field titles:
they are extracted into the catalogue and translated there, never restated. From mkdocs.yml: the site's
name, description and copyright line, the navigation titles and the palette toggles' names.
Each extractor yields Babel's (line, function, message, comments) tuples.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any, Iterator

import yaml
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

Extracted = tuple[int, str, str, list[str]]
TRANSLATIONS = "translations"  # a record's text in other languages: its properties name the translatable fields
DIFFER = "sources_differ"  # its fields are named on pages where the sources give different values
VALUES = ("const", "enum", "default", "examples", "x-refused")  # values, not text: a `title` in them is data


def enum_label(value: Any) -> str:
    """A plain enum value's label, as pages show it: `road-map` → `Road map`."""
    return str(value).replace("-", " ").capitalize()


def field_label(name: str) -> str:
    """A field's name as pages show it where no title is given: `member_since` → `Member since`."""
    return name.replace("_", " ").capitalize()


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
    yield from translatable_messages(node)
    differing = node.get("properties", {}).get(DIFFER, {})
    for name in differing.get("properties", {}) if isinstance(differing, dict) else ():
        yield field_label(name), f"name of the field {name!r} where sources differ"
    for key, sub in node.items():
        if key not in ("title", "description", *VALUES):
            yield from schema_messages(sub)


FORM_TEXTS = ("title", "description", "x-message")  # what the Submit form shows of its schemas: labels, help, rules


def form_messages(node: Any) -> Iterator[tuple[str, str]]:
    """Every text of a schema the Submit form may show (cica_kb.render.submission): titles, descriptions, rule
    sentences, and the names of fields as the form words them where they have no title (`last_verified`)."""
    if isinstance(node, list):
        for item in node:
            yield from form_messages(item)
        return
    if not isinstance(node, dict):
        return
    yield from ((node[key], f"{key} (Submit form)") for key in FORM_TEXTS if isinstance(node.get(key), str))
    if isinstance(node.get("properties"), dict):
        yield from ((field_label(name), f"name of the field {name!r} (Submit form)") for name in node["properties"])
    for key, value in node.items():
        if key not in (*FORM_TEXTS, *VALUES):
            yield from form_messages(value)


def translatable_messages(node: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The names of a record kind's translatable fields without a title, as the Translation status page shows them."""
    properties = node.get("properties", {})
    languages = properties.get(TRANSLATIONS, {}).get("properties", {}) if isinstance(properties, dict) else {}
    for language in languages.values():
        for name in language.get("properties", {}):
            if not isinstance(properties.get(name, {}).get("title"), str):
                yield field_label(name), f"name of the translatable field {name!r}"


def _line_of(lines: list[str], text: str) -> int:
    encoded = json.dumps(text, ensure_ascii=False)
    return next((number for number, line in enumerate(lines, 1) if encoded in line), 1)


def extract_schema(
    fileobj: IO[bytes],
    keywords: Any,
    comment_tags: Any,
    options: dict[str, str],
) -> Iterator[Extracted]:
    """Babel extractor of a JSON Schema file: its value labels and field titles; with `form = true` (babel.cfg),
    also every text the Submit form shows of it."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    schema = json.loads(text)
    found = list(schema_messages(schema))
    if str(options.get("form", "")).lower() == "true":
        found += form_messages(schema)
    for message, what in found:
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


STRINGS_CONFIG = "babel.cfg"  # the extraction rules `make strings` uses (pybabel extract -F babel.cfg)
SOURCE_FOLDERS = ("cica_kb", "overrides", "schemas")  # where babel.cfg's rules find text (and mkdocs.yml at the root)


def source_messages(root: Path) -> list[tuple[str, str | tuple[str, ...], str | None]]:
    """Every message of the sources under babel.cfg's rules, as `make strings` extracts them: (file, msgid, context).

    A plural message's msgid is its (singular, plural) pair. Used by the test that the catalogues are complete.
    """
    with (root / STRINGS_CONFIG).open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)

    def wanted(folder: str) -> bool:
        relative = Path(folder).resolve().relative_to(root.resolve()).parts
        return not relative or relative[0] in SOURCE_FOLDERS

    found = extract_from_dir(root, method_map, options_map, DEFAULT_KEYWORDS, directory_filter=wanted)
    return [(filename, message, context) for filename, _, message, _, context in found]
