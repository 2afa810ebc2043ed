"""The JSON Schemas in `schemas/`: the one source of truth for the structure of every record."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterator

import fastjsonschema

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from .loader import FieldPath, LoadedFile, field_name
from .problems import Problem

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@cache
def schema_documents(schema_dir: Path = SCHEMA_DIR) -> dict[str, dict[str, Any]]:
    """Every schema by short name (`practice` for practice.schema.json)."""
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(schema_dir.glob("*.schema.json"))
    }


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """`pattern` as JSON Schema defines it (ECMA-262, as the editor and the browser form check it): a final
    `$` is the end of the text. Python's `$` also matches before a final newline, letting "kz\\n" pass."""
    if validator.is_type(instance, "string") and not re.search(_ecma_end(pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


@cache
def validator_for(schema: str, schema_dir: Path = SCHEMA_DIR) -> Validator:
    """A validator for one record kind, its `$ref`s to the sibling schemas inlined once.

    Inlining gives the same verdicts and messages as resolving each `$ref` while validating,
    at about half the cost: that matters at 10,000 files.
    """
    documents = schema_documents(schema_dir)
    return _Validator(inline_refs(documents[schema], documents, schema), format_checker=FormatChecker())


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


@cache
def fast_check_for(schema: str, schema_dir: Path = SCHEMA_DIR) -> Callable[[Any], Any]:
    """The schema compiled to Python: it only says valid or not, about 20 times faster than jsonschema.

    Nearly every file is valid, so this answers for them; jsonschema explains the others. The
    schemas use no keyword whose meaning differs between draft 7 (what fastjsonschema compiles)
    and 2020-12, and a date must be a real calendar date in both (tests/test_schemas.py).
    """
    documents = schema_documents(schema_dir)
    inlined = _ecma_anchors(inline_refs(documents[schema], documents, schema))
    inlined.pop("$schema", None)
    return fastjsonschema.compile(inlined, formats={"date": _is_calendar_date}, use_default=False)  # never fill in data


def _ecma_anchors(node: Any) -> Any:
    """Every `pattern` with a final `$` ending the text, as in ECMA-262 (see `_ecma_pattern`)."""
    if isinstance(node, list):
        return [_ecma_anchors(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {key: (_ecma_end(value) if key == "pattern" and isinstance(value, str) else _ecma_anchors(value)) for key, value in node.items()}


def _ecma_end(pattern: str) -> str:
    return re.sub(r"(?<!\\)\$$", r"\\Z", pattern)


def _is_calendar_date(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def schema_problems(loaded: LoadedFile, schema: str) -> list[Problem]:
    """All schema violations of one file, each at the line of the offending key or value."""
    try:
        fast_check_for(schema)(loaded.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # explain every problem with jsonschema's full report
    validator = validator_for(schema)
    return [problem for error in validator.iter_errors(loaded.data) for problem in _explain(loaded, error)]


def _explain(loaded: LoadedFile, error: ValidationError) -> Iterator[Problem]:
    path: FieldPath = tuple(error.absolute_path)
    keyword = error.validator
    if keyword == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        for extra in sorted(set(error.instance) - set(error.schema.get("properties", {}))):
            yield loaded.problem((*path, extra), f"unknown field; allowed fields here: {allowed}", key=True)
    elif keyword == "required":
        line, column = loaded.locate(path)
        for missing in error.validator_value:
            if isinstance(error.instance, dict) and missing not in error.instance:
                yield Problem(loaded.path, line, column, field_name((*path, missing)), "required field is missing")
    elif keyword in ("allOf", "anyOf", "oneOf") and error.context:
        for sub in error.context:
            yield from _explain(loaded, sub)
    else:
        yield loaded.problem(path, _message(error))


def _message(error: ValidationError) -> str:
    keyword, value, instance = error.validator, error.validator_value, error.instance
    described = error.schema.get("description")
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
    if keyword == "not" and described:  # a rule the schema states as "not this", e.g. the templates' example text
        shown = instance if len(instance) <= 60 else instance[:59] + "…"
        return f"{shown!r} is not allowed: {described[0].lower()}{described[1:]}"
    if keyword == "not":
        return "has a field that is not allowed with these values"
    return error.message


def _type_words(expected: str | list[str]) -> str:
    names = {"string": "text", "integer": "a whole number", "object": "a mapping of fields", "array": "a list", "boolean": "true or false", "number": "a number"}
    options = [expected] if isinstance(expected, str) else expected
    return " or ".join(names.get(option, option) for option in options)


def _type_of(instance: Any) -> str:
    for python_type, words in ((bool, "true/false"), (int, "a number"), (float, "a number"), (str, "text"), (list, "a list"), (dict, "a mapping")):
        if isinstance(instance, python_type):
            return words
    return "nothing" if instance is None else type(instance).__name__
