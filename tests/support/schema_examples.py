"""Records made from the JSON Schemas alone: every field of a record kind, found by walking its schema.

Tests that need "every field" (the hostile corpus, the property tests) take the fields from here,
so a field added to a schema is covered without touching a test.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

import jsonschema_rs

from cica_kb.check.schemas import compiled, inline_refs, labelled_values, schema_documents
from cica_kb.load.collections import Collection
from cica_kb.model.differences import DIFFER, earliest_value, field_value

Schema = dict[str, Any]
FieldPath = tuple[str | int, ...]
TextFor = Callable[[FieldPath, Schema], str | None]

# A valid value for each structured form of string the schemas use (ids, codes, dates), by pattern.
# A schema with a new pattern makes `example` fail, naming the pattern to add here.
STRUCTURED: dict[str, str] = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "hostile",
    "^[a-z]{2}$": "zz",
    "^[A-Z]{2}$": "ZZ",
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$": "2001-02-03",
    "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$": "2001-02-03",
    "^[a-z]{2}/[a-z0-9]+(-[a-z0-9]+)*$": "zz/hostile",
}


def resolved(schema: Schema, document: Schema) -> tuple[Schema, Schema]:
    """The schema with its `$ref`s merged in (the rules it inherits too), and the document it came from."""
    while "$ref" in schema:
        file, _, pointer = schema["$ref"].partition("#")
        if file:
            document = schema_documents()[file.removesuffix(".schema.json")]
        target: Any = document
        for part in pointer.strip("/").split("/") if pointer.strip("/") else ():
            target = target[part]
        schema = {**target, **{key: value for key, value in schema.items() if key != "$ref"}}
    base = next(name for name, candidate in schema_documents().items() if candidate is document)
    return inline_refs(schema, schema_documents(), base), document


def is_free_text(schema: Schema) -> bool:
    """A string the contributor writes freely (names, text, addresses), not an id, code, date or choice."""
    return schema.get("type") == "string" and "format" not in schema and schema.get("pattern") not in STRUCTURED


def accepts(schema: Schema, value: Any) -> bool:
    """Whether a value is valid for one field's (resolved) schema."""
    return jsonschema_rs.validator_for(schema, pattern_options=jsonschema_rs.RegexOptions()).is_valid(value)


def example(kind: str, text_for: TextFor) -> dict[str, Any]:
    """A record of a kind with every field filled: free text from `text_for`, the rest from STRUCTURED."""
    document = schema_documents()[kind]
    return _value(document, document, (), text_for)


def _value(schema: Schema, document: Schema, path: FieldPath, text_for: TextFor) -> Any:
    schema, document = resolved(schema, document)
    if "enum" in schema or "const" in schema:
        return schema.get("const", (schema.get("enum") or [None])[0])
    if labelled_values(schema):  # oneOf: [{const, title}, ...]
        return next(iter(labelled_values(schema) or {}))
    kind = schema.get("type")
    if kind == "object":
        return {name: _value(sub, document, (*path, name), text_for) for name, sub in properties(schema).items()}
    if kind == "array":
        return [_value(schema["items"], document, (*path, index), text_for) for index in range(max(1, schema.get("minItems", 1)))]
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    if kind == "string" and is_free_text(schema):
        text = text_for(path, schema)
        assert text is not None, f"no text for {path}"
        return text
    if kind == "string":
        assert schema.get("pattern") in STRUCTURED, f"{path}: add an example value for pattern {schema.get('pattern')!r} to STRUCTURED"
        return STRUCTURED[schema["pattern"]]
    raise AssertionError(f"{path}: no example for a schema of type {kind!r}")


def properties(schema: Schema) -> dict[str, Schema]:
    """An object's fields, with those its `allOf` branches declare (a translation's provenance and source)."""
    found: dict[str, Schema] = {}
    for branch in schema.get("allOf", []):
        found |= properties(branch)
    return found | schema.get("properties", {})


def leaves(kind: str) -> Iterator[tuple[FieldPath, Schema, Schema]]:
    """Every field of a record kind that holds a value (list items as index 0): path, schema, document."""
    document = schema_documents()[kind]
    yield from _leaves(document, document, ())


def _leaves(schema: Schema, document: Schema, path: FieldPath) -> Iterator[tuple[FieldPath, Schema, Schema]]:
    schema, document = resolved(schema, document)
    if schema.get("type") == "object" and "enum" not in schema:
        for name, sub in properties(schema).items():
            yield from _leaves(sub, document, (*path, name))
    elif schema.get("type") == "array":
        yield from _leaves(schema["items"], document, (*path, 0))
    else:
        yield path, schema, document


def set_at(record: dict[str, Any], path: FieldPath, value: Any) -> None:
    """Replace the value at a field path of a record (made by `example`, so every step exists)."""
    target: Any = record
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def record_for(collection: Collection, text_for: TextFor, keys: Mapping[str, str]) -> dict[str, Any]:
    """A valid record of a collection, every field filled, whose id is `keys[collection]` and whose
    references (from the collections table) name `keys[target]`. A meeting's key must be <start>-<body>."""
    record = example(collection.schema, text_for)
    record["id"] = keys[collection.name].rsplit("/", 1)[-1]
    _agree_with_differences(record, collection.schema)
    for reference in collection.references:
        path = tuple(part for step in reference.field.split(".") for part in _steps(step))
        set_at(record, path, keys[reference.target])
    return record


def _agree_with_differences(record: dict[str, Any], kind: str) -> None:
    """A field whose sources differ holds the earliest of their values, as the checker requires."""
    properties = compiled(kind).schema["properties"]
    for field, differ in record.get(DIFFER, {}).items():
        record[field] = field_value(earliest_value(differ["values"]), properties[field].get("type"))


def _steps(step: str) -> tuple[str | int, ...]:
    """`topics[]` → ("topics", 0): records made by `example` have one item in every list."""
    return (step.removesuffix("[]"), 0) if step.endswith("[]") else (step,)


def record_file(collection: Collection, record: Mapping[str, Any], key: str) -> str:
    """Where a record with this key goes under data/."""
    if collection.name == "meetings":
        return f"meetings/{record['start'][:4]}/{key}.yml"
    return f"{collection.name}/{key}.yml"
