"""The JSON Schemas in `schemas/`: the one source of truth for the structure, rules and labels of every record.

One validator gives the verdict and the messages: jsonschema-rs, which implements draft 2020-12 in full
(`unevaluatedProperties`, `dependentRequired`, ...). Its patterns run on Rust's `regex` engine: linear time
on any input, ECMA-262's meaning of `$` (the end of the text), and no look-around, so a pattern written
for it means the same in the browser form (Ajv) and in editors.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Iterator

import jsonschema_rs

from ..load.loader import FieldPath, LoadedFile, field_name, leaves
from ..problems import Problem

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
MESSAGE = "x-message"  # a rule's sentence for the contributor: the checker and the form both show it
REFUSED = "x-refused"  # texts a rule refuses: the parity test runs each through the checker and the form


@cache
def schema_documents(schema_dir: Path = SCHEMA_DIR) -> dict[str, dict[str, Any]]:
    """Every schema by short name (`practice` for practice.schema.json)."""
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(schema_dir.glob("*.schema.json"))
    }


def schema_url(name: str, site_url: str) -> str:
    """Where the site publishes a schema: the one place its address is made (`$id` and the form's key)."""
    return f"{site_url.rstrip('/')}/schemas/{name}.schema.json"


def published_schema(name: str, site_url: str) -> dict[str, Any]:
    """A schema as the site publishes it, with `$id` set to its address.

    The files in schemas/ have no `$id`: their relative `$ref`s resolve from the file itself, so
    editors and `check-jsonschema` work offline and before the site is published.
    """
    document = schema_documents()[name]
    return {"$schema": document["$schema"], "$id": schema_url(name, site_url), **document}


def published_schema_text(name: str, site_url: str) -> str:
    return json.dumps(published_schema(name, site_url), indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class CompiledSchema:
    """One record kind's schema with its `$ref`s inlined, and the validator built from it."""

    schema: dict[str, Any]
    validator: Any  # jsonschema_rs.Validator (the package ships no type stubs for it)

    def node(self, schema_path: Any) -> Any:
        """The schema node at a path of keywords and indexes, as jsonschema-rs reports it."""
        node: Any = self.schema
        for step in schema_path:
            node = node[step]
        return node


@cache
def compiled(schema: str, schema_dir: Path = SCHEMA_DIR) -> CompiledSchema:
    """The validator for one record kind.

    With every `$ref` inlined, an error's schema path leads to the very node that failed, so its
    `description` and `x-message` can be read for the message.
    """
    documents = schema_documents(schema_dir)
    inlined = inline_refs(documents[schema], documents, schema)
    return CompiledSchema(inlined, validator_of(inlined))


def validator_of(inlined: dict[str, Any]) -> Any:
    """jsonschema-rs for a schema without `$ref`s: formats checked, patterns on the linear-time `regex` engine."""
    return jsonschema_rs.validator_for(inlined, validate_formats=True, pattern_options=jsonschema_rs.RegexOptions())


def inline_refs(node: Any, documents: dict[str, dict[str, Any]], base: str) -> Any:
    """The schema with every `{"$ref": "other.schema.json#/$defs/x", ...}` replaced by its target.

    Keywords beside a `$ref` (only annotations such as `description` here) give way to the target's,
    as `$ref` does when it reports an error. The schemas have no recursive references.
    """
    if isinstance(node, list):
        return [inline_refs(item, documents, base) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" not in node:
        return {key: inline_refs(value, documents, base) for key, value in node.items()}
    document, _, pointer = node["$ref"].partition("#")
    base = document.removesuffix(".schema.json") or base
    target: Any = documents[base]
    for part in filter(None, pointer.split("/")):
        target = target[part]
    siblings = {key: value for key, value in node.items() if key != "$ref"}
    return inline_refs({**siblings, **target}, documents, base)


def schema_problems(loaded: LoadedFile, schema: str) -> tuple[list[Problem], list[Problem]]:
    """All schema violations of one file, each at the line of the offending key or value.

    Returned apart: what breaks the structure, and what breaks a text rule (`x-message`); two rules
    broken in one field are two mistakes, shown both.
    """
    schema_of = compiled(schema)
    data, originals = loaded.data, {}
    try:
        errors = list(schema_of.validator.iter_errors(data))
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in quotes) has no UTF-8 form to check
        return [], list(_surrogate_problems(loaded))
    except ValueError:  # an explicit YAML tag (`!!timestamp`) made a value JSON has no type for
        originals = {path: value for path, value in leaves(loaded.data) if not isinstance(value, JSON_TYPES)}
        data = _replaced(loaded.data, (), originals)
        errors = list(schema_of.validator.iter_errors(data))
    structure: list[Problem] = []
    rules: list[Problem] = []
    for error in errors:
        for problem, is_rule in _explain(loaded, schema_of, error, originals):
            (rules if is_rule else structure).append(problem)
    return structure, rules


def _explain(
    loaded: LoadedFile, schema_of: CompiledSchema, error: Any, originals: dict[FieldPath, Any]
) -> Iterator[tuple[Problem, bool]]:
    path: FieldPath = tuple(error.instance_path)
    *parent_path, keyword = list(error.schema_path)
    parent = schema_of.node(parent_path)
    instance = originals.get(path, error.instance)
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        allowed = ", ".join(_evaluated_names(parent))
        # A field an `allOf` branch always declares is unevaluated only when that branch failed: its error says why.
        declared = _declared_names(parent) if keyword == "unevaluatedProperties" else set()
        for extra in (name for name in error.kind.unexpected if name not in declared):
            yield loaded.problem((*path, extra), f"unknown field; allowed fields here: {allowed}", key=True), False
    elif keyword == "required":
        line, column = loaded.locate(path)
        yield (
            Problem(loaded.path, line, column, field_name((*path, error.kind.property)), "required field is missing"),
            False,
        )
    elif keyword == "oneOf" and labelled_values(parent) is None:
        for branch in error.kind.context:
            for sub in branch:
                yield from _explain(loaded, schema_of, sub, originals)
    elif keyword == "not" and MESSAGE in parent:
        yield loaded.problem(path, rule_message(parent, instance)), True
    else:
        yield loaded.problem(path, _message(keyword, parent, instance)), False


def _evaluated_names(node: dict[str, Any]) -> list[str]:
    """The fields a node declares, with those of its `allOf`/`anyOf`/`oneOf` and `then`/`else` branches."""
    names = list(node.get("properties", {}))
    for keyword in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(keyword, []):
            names += [name for name in _evaluated_names(branch) if name not in names]
    for keyword in ("then", "else"):
        if isinstance(node.get(keyword), dict):
            names += [name for name in _evaluated_names(node[keyword]) if name not in names]
    return names


def _declared_names(node: dict[str, Any]) -> set[str]:
    """The fields a node declares whatever the value: its own and those of its `allOf` branches."""
    return set(node.get("properties", {})).union(*(_declared_names(branch) for branch in node.get("allOf", [])))


def rule_message(rule: dict[str, Any], text: Any) -> str:
    """A text rule's sentence, `{match}` filled with what its pattern found and `{code}` with its first character."""
    pattern = rule["not"].get("pattern")
    found = re.search(pattern, text) if isinstance(text, str) and pattern else None
    match = next((group for group in found.groups() if group), found.group()) if found else ""
    code = f"U+{ord(match[0]):04X}" if match else ""
    return str(rule[MESSAGE]).replace("{match}", match).replace("{code}", code)


def labelled_values(node: dict[str, Any], annotation: str = "title") -> dict[str, str] | None:
    """An enumeration written as `oneOf: [{const, title, description}, ...]`: each value with its label
    (or its `description`, the longer label, falling back to the title); None for any other node."""
    branches = node.get("oneOf")
    if not isinstance(branches, list) or not all(isinstance(b, dict) and "const" in b for b in branches):
        return None
    return {branch["const"]: branch.get(annotation) or branch.get("title", branch["const"]) for branch in branches}


def field_schema(schema: str, field: str) -> dict[str, Any]:
    """The inlined schema of a field, by a dotted path where `name[]` is each item of the list `name`."""
    node: dict[str, Any] = compiled(schema).schema
    for step in field.split("."):
        node = node["properties"][step.removesuffix("[]")]
        if step.endswith("[]"):
            node = node["items"]
    return node


REFERENCES = "x-references"  # the collection whose record a field's value names


@cache
def schema_references(schema: str) -> tuple[tuple[str, str], ...]:
    """Every field of a record kind that names another record, as (dotted field, collection), in schema order.

    Read from `x-references` in the schema; `name[]` means each item of the list `name`. A record's
    own `id` is not a reference, though a state's id has the form of a state reference.
    """
    found: list[tuple[str, str]] = []

    def walk(node: Any, field: str) -> None:
        if not isinstance(node, dict):
            return
        if REFERENCES in node and field != "id":
            found.append((field + ("[]" if node.get("type") == "array" else ""), node[REFERENCES]))
        for name, sub in node.get("properties", {}).items():
            walk(sub, f"{field}.{name}" if field else name)
        if isinstance(node.get("items"), dict) and REFERENCES not in node:
            walk(node["items"], field + "[]")

    walk(compiled(schema).schema, "")
    return tuple(found)


TRANSLATIONS = "translations"  # a record's text in other languages: `translations.<language>.<field>`


@cache
def schema_translatable_fields(schema: str, language: str = "ru") -> tuple[str, ...]:
    """The free-text fields of a record kind that may have text in `language`, as dotted fields in schema order.

    Read from `translations.<language>` in the schema: its own properties are the translatable fields
    (its provenance and source come from `common.schema.json#/$defs/translation`); `name[]` is each
    item of the list `name`, e.g. `decisions[].text`.
    """
    languages = compiled(schema).schema["properties"].get(TRANSLATIONS, {}).get("properties", {})
    return tuple(_text_fields(languages[language], "")) if language in languages else ()


def _text_fields(node: dict[str, Any], field: str) -> Iterator[str]:
    if node.get("type") == "array":
        yield from _text_fields(node["items"], field + "[]")
    elif node.get("type") == "object" or "properties" in node:
        for name, sub in node.get("properties", {}).items():
            yield from _text_fields(sub, f"{field}.{name}" if field else name)
    else:
        yield field


@cache
def value_labels(schema: str, field: str, annotation: str = "title") -> dict[str, str]:
    """Every value a field allows, in the schema's order, with its label from the schema.

    A new value added to the schema with a `title` shows up on pages, in the finder and in the form;
    values of a plain `enum` are labelled by their own words (`road-map` → `Road map`).
    """
    node = field_schema(schema, field)
    labelled = labelled_values(node, annotation)
    if labelled is not None:
        return labelled
    return {value: str(value).replace("-", " ").capitalize() for value in node["enum"]}


def _message(keyword: str, schema: dict[str, Any], instance: Any) -> str:
    value: Any = schema.get(keyword)
    described = schema.get("description")
    if keyword == "oneOf":  # labelled values
        return f"{instance!r} is not allowed; use one of: {', '.join(map(str, labelled_values(schema) or {}))}"
    if keyword == "enum":
        return f"{instance!r} is not allowed; use one of: {', '.join(map(str, value))}"
    if keyword == "const":
        return f"{instance!r} is not allowed here; it must be {value!r}"
    if keyword == "type":
        quote = f'; write it in quotes: "{instance}"' if value == "string" and type(instance) in (int, float) else ""
        return f"expected {_type_words(value)}, got {_type_of(instance)} {instance!r}{quote}"
    if keyword == "pattern":
        return f"{instance!r} is not in the expected form" + (f": {described}" if described else f" ({value})")
    if keyword == "format":
        return f"{instance!r} is not a valid {value} (a real calendar date, YYYY-MM-DD)"
    if keyword == "maxLength":
        return f"is {len(instance)} characters long; at most {value} allowed"
    if keyword == "minLength":
        return f"is {len(instance)} characters long; at least {value} needed"
    if keyword == "minItems":
        return f"needs at least {value} item{'s' if value != 1 else ''}"
    if keyword == "uniqueItems":
        return "lists the same value twice"
    if keyword in ("minimum", "maximum"):
        return f"{instance!r} is out of range ({keyword} {value})"
    if keyword == "not":
        return "has a field that is not allowed with these values"
    if keyword == "minProperties":
        return f"needs at least {value} field{'s' if value != 1 else ''}"
    return f"is not allowed here ({keyword})"


def _type_words(expected: str | list[str]) -> str:
    names = {
        "string": "text",
        "integer": "a whole number",
        "object": "a mapping of fields",
        "array": "a list",
        "boolean": "true or false",
        "number": "a number",
    }
    options = [expected] if isinstance(expected, str) else expected
    return " or ".join(names.get(option, option) for option in options)


def _type_of(instance: Any) -> str:
    kinds = (
        (bool, "true/false"),
        (int, "a number"),
        (float, "a number"),
        (str, "text"),
        (list, "a list"),
        (dict, "a mapping"),
    )
    for python_type, words in kinds:
        if isinstance(instance, python_type):
            return words
    return "nothing" if instance is None else type(instance).__name__


def _surrogate_problems(loaded: LoadedFile) -> Iterator[Problem]:
    """Each text with a lone surrogate, in the words of the control-character rule."""
    rule = schema_documents()["common"]["$defs"]["no_control_characters"]
    for path, value in leaves(loaded.data):
        odd = next((char for char in value if 0xD800 <= ord(char) <= 0xDFFF), None) if isinstance(value, str) else None
        if odd:
            yield loaded.problem(path, str(rule[MESSAGE]).replace("{code}", f"U+{ord(odd):04X}"))


JSON_TYPES = (str, int, float, bool, type(None), list, dict)


def _replaced(value: Any, path: FieldPath, originals: dict[FieldPath, Any]) -> Any:
    """The data with each foreign value as null: the schema then says what belongs there instead."""
    if path in originals:
        return None
    if isinstance(value, dict):
        return {key: _replaced(item, (*path, key), originals) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, (*path, index), originals) for index, item in enumerate(value)]
    return value
