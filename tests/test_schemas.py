"""The checker's one validator (jsonschema-rs, draft 2020-12 in full): real data, the reference implementation,
keywords a second path would miss, and the schemas read by other tools."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from cica_kb.check.schemas import compiled, inline_refs, published_schema, schema_documents, validator_of
from cica_kb.load.collections import COLLECTIONS
from cica_kb.load.loader import load_yaml
from support.schema_examples import is_free_text, leaves
from support.site import ROOT, check, project_copy_with_schemas

SCHEMAS = sorted({collection.schema for collection in COLLECTIONS})


def says_valid(schema: str, data: Any) -> bool:
    return bool(compiled(schema).validator.is_valid(data))


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Any:
    """`pattern` as ECMA-262 reads it: a final `$` is the end of the text (Python's would allow a final newline)."""
    if validator.is_type(instance, "string") and not re.search(re.sub(r"(?<!\\)\$$", r"\\Z", pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Reference = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


def reference_says_valid(schema: str, data: Any) -> bool:
    """The verdict of `jsonschema`, the reference implementation in Python, on the same inlined schema."""
    documents = schema_documents()
    return _Reference(inline_refs(documents[schema], documents, schema), format_checker=FormatChecker()).is_valid(data)


def real_records() -> list[tuple[str, Any]]:
    """(schema, data) of one real record of each collection."""
    found = []
    for collection in COLLECTIONS:
        path = sorted((ROOT / "data").glob(collection.glob.removeprefix("data/")))[0]
        found.append((collection.schema, load_yaml(str(path), path.read_bytes()).data))
    return found


RECORDS = real_records()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3000) | st.floats(allow_nan=False, width=32)
    | st.text(max_size=30) | st.sampled_from([
        "2024-02-30", "2024-03-14", "2024-13-14", "kz", "https://s-cica.org/", "x" * 301, "<b>", "a@b.org",
        "[x](www.x.kz)", "[x](https://x.kz)", "tel:+7", "a\x01b",
    ]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_real_record_is_valid(schema: str) -> None:
    collection = next(c for c in COLLECTIONS if c.schema == schema)
    for path in sorted((ROOT / "data").glob(collection.glob.removeprefix("data/"))):
        data = load_yaml(str(path), path.read_bytes()).data
        assert says_valid(schema, data) and reference_says_valid(schema, data), path


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=st.sampled_from(RECORDS), field=st.text(max_size=3) | st.sampled_from(["id", "name", "title", "sources", "status", "date", "start", "year", "order", "topics", "consensus", "summary"]), value=json_values)
def test_the_checker_agrees_with_the_reference_implementation(record: tuple[str, Any], field: str, value: Any) -> None:
    schema, data = record
    changed = {**data, field: value}
    assert says_valid(schema, changed) == reference_says_valid(schema, changed), (field, value)


def test_an_impossible_date_and_month_13_are_refused() -> None:
    schema, data = next(r for r in RECORDS if r[0] == "practice")
    assert not says_valid(schema, {**data, "last_verified": "2023-02-29"})
    assert not says_valid(schema, {**data, "sources": [{**data["sources"][0], "date": "2024-13-14"}]})


def test_checking_leaves_the_data_as_written() -> None:
    for schema, data in RECORDS:
        before = repr(data)
        says_valid(schema, data)
        assert repr(data) == before, f"{schema}: a default was filled in"


# Every keyword of draft 2020-12 (core, applicator, validation, unevaluated, format, content, meta-data)
# and the project's own annotations. A keyword outside this list is a typo that every validator ignores.
DRAFT_2020_12 = set("""
    $schema $id $ref $anchor $dynamicRef $dynamicAnchor $vocabulary $comment $defs
    allOf anyOf oneOf not if then else dependentSchemas prefixItems items contains properties
    patternProperties additionalProperties propertyNames unevaluatedItems unevaluatedProperties
    type enum const multipleOf maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern
    maxItems minItems uniqueItems maxContains minContains maxProperties minProperties required dependentRequired
    format contentEncoding contentMediaType contentSchema
    title description default deprecated readOnly writeOnly examples
""".split())
ANNOTATIONS = {"x-message", "x-refused", "x-references"}
NAMED_MAPS = {"properties", "patternProperties", "$defs", "dependentSchemas"}  # keys are names, not keywords


def keywords(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*map(keywords, node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = set(node)
    for key, value in node.items():
        if key in NAMED_MAPS:
            found |= set().union(*map(keywords, value.values())) if value else set()
        elif key not in ("enum", "const", "examples", "default", "required", "x-refused"):
            found |= keywords(value)
    return found


@pytest.mark.parametrize("schema", sorted(schema_documents()))
def test_every_keyword_is_one_the_validator_implements(schema: str) -> None:
    """jsonschema-rs implements all of draft 2020-12: a keyword outside it would be ignored in silence."""
    unknown = keywords(schema_documents()[schema]) - DRAFT_2020_12 - ANNOTATIONS
    assert not unknown, f"{schema}.schema.json uses {sorted(unknown)}: not a draft 2020-12 keyword (typo?)"


def test_unevaluated_properties_in_an_all_of_branch_is_reported_with_file_and_line(tmp_path: Path) -> None:
    """Draft 2020-12 in full: a record with a field no branch declares is refused (draft 7 tools ignore the keyword)."""
    project = project_copy_with_schemas(tmp_path / "project")
    path = project / "schemas/practice.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    body = schema["properties"].pop("body")
    schema.pop("additionalProperties")
    schema["allOf"].append({"properties": {"body": body}})  # a field declared in a branch only
    schema["unevaluatedProperties"] = False
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    assert check(project).returncode == 0, "the real data (with bodies) follows the changed schema"
    record = project / "data/practices/kz/law-on-volunteer-activity.yml"
    lines = record.read_text(encoding="utf-8").splitlines()
    line = next(number for number, content in enumerate(lines, 1) if content.startswith("body:"))
    lines.insert(line - 1, "notes: an extra field")
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = check(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"data/practices/kz/law-on-volunteer-activity.yml:{line}:1: notes: unknown field; allowed fields here: id, title," in result.stdout + result.stderr


def test_schemas_resolve_from_their_files_and_get_their_address_at_publication() -> None:
    """Editors and check-jsonschema resolve `common.schema.json#/...` next to the file, offline; the site sets `$id`."""
    for name, document in schema_documents().items():
        assert "$id" not in document, f"{name}.schema.json: `$id` is set at publication (schemas.published_schema)"
        refs = re.findall(r'"\$ref": "([^"]*)"', json.dumps(document))
        assert all(re.fullmatch(r"([a-z]+\.schema\.json)?#/\$defs/[a-z_]+", ref) for ref in refs), refs
        assert published_schema(name, "https://example.org/kb/")["$id"] == f"https://example.org/kb/schemas/{name}.schema.json"


TEXT_RULES = [name for name, node in schema_documents()["common"]["$defs"].items() if "x-message" in node]


@pytest.mark.parametrize("kind", sorted({collection.schema for collection in COLLECTIONS}))
def test_every_free_text_field_follows_every_text_rule(kind: str) -> None:
    """A text field added to a schema without the rules (`$ref: common.schema.json#/$defs/text`) fails here."""
    rules = schema_documents()["common"]["$defs"]
    missing = []
    for path, schema, _ in leaves(kind):
        if not is_free_text(schema):
            continue
        validator = validator_of(schema)
        for rule in TEXT_RULES:
            if any(validator.is_valid(text) for text in rules[rule]["x-refused"]):
                missing.append(f"{'.'.join(map(str, path))}: {rule}")
    assert not missing, f"{kind}.schema.json: text fields without the text rules: {missing}"
