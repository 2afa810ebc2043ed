"""The checker's fast path (compiled schemas) and jsonschema give the same verdict on every input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cica_kb.collections import COLLECTIONS
from cica_kb.loader import load_yaml
from cica_kb.schemas import fast_check_for, validator_for
from site_helpers import ROOT

SCHEMAS = sorted({collection.schema for collection in COLLECTIONS})


def fast_says_valid(schema: str, data: Any) -> bool:
    try:
        fast_check_for(schema)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


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
    | st.text(max_size=30) | st.sampled_from(["2024-02-30", "2024-03-14", "kz", "https://s-cica.org/", "x" * 301, "<b>"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_real_record_is_valid_on_both_paths(schema: str) -> None:
    collection = next(c for c in COLLECTIONS if c.schema == schema)
    for path in sorted((ROOT / "data").glob(collection.glob.removeprefix("data/"))):
        data = load_yaml(str(path), path.read_bytes()).data
        assert fast_says_valid(schema, data) and validator_for(schema).is_valid(data), path


@settings(max_examples=400, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=st.sampled_from(RECORDS), field=st.text(max_size=3) | st.sampled_from(["id", "name", "title", "sources", "status", "date", "start", "year", "order", "topics", "consensus"]), value=json_values)
def test_fast_path_agrees_with_jsonschema_when_a_field_changes(record: tuple[str, Any], field: str, value: Any) -> None:
    schema, data = record
    changed = {**data, field: value}
    assert fast_says_valid(schema, changed) == validator_for(schema).is_valid(changed), (field, value)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(record=st.sampled_from(RECORDS), value=json_values)
def test_fast_path_agrees_with_jsonschema_inside_the_first_source(record: tuple[str, Any], value: Any) -> None:
    schema, data = record
    for key in ("title", "url", "date"):
        changed = {**data, "sources": [{**data["sources"][0], key: value}]}
        assert fast_says_valid(schema, changed) == validator_for(schema).is_valid(changed), (key, value)


def test_an_impossible_date_fails_on_both_paths(tmp_path: Path) -> None:
    schema, data = next(r for r in RECORDS if r[0] == "practice")
    changed = {**data, "last_verified": "2023-02-29"}
    assert not fast_says_valid(schema, changed) and not validator_for(schema).is_valid(changed)


def test_the_fast_path_leaves_the_data_as_written() -> None:
    for schema, data in RECORDS:
        before = repr(data)
        fast_says_valid(schema, data)
        assert repr(data) == before, f"{schema}: a default was filled in"
