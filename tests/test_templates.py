"""The commented templates in templates/: each one validates inside the real data tree, and names
every field of its schema, so a template cannot drift from the schema it explains.

Each template is checked twice: as it is (optional fields commented out) and "filled in", with every
commented-out field uncommented the way a contributor would do it (deleting the "# " in front).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest

from cica_kb.check.validate import load_knowledge_base
from cica_kb.load.collections import COLLECTIONS, Collection
from cica_kb.load.loader import load_yaml
from cica_kb.problems import DataError
from cica_kb.tools.scaffold import practice_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEMPLATES = ROOT / "templates"
SCHEMAS = ROOT / "schemas"

KINDS = [collection.schema for collection in COLLECTIONS]
COLLECTION_OF = {collection.schema: collection for collection in COLLECTIONS}

# A commented-out field: `# key: value`, `#   - key: value` or `#   - item` (after the "# ").
FIELD = re.compile(r" *(?:- )?[a-z_]+:(?: .*)?| *- \S.*")
COMMENT = re.compile(r"( *)#(?: (.*))?")
BLOCK_SCALAR = re.compile(r".*:\s*[|>][-+]?\s*")


def template_text(kind: str) -> str:
    return (TEMPLATES / f"{kind}.yml").read_text(encoding="utf-8")


def parse(text: str, shown: str) -> dict[str, Any]:
    loaded = load_yaml(shown, text.encode("utf-8"))
    assert not loaded.problems, "\n".join(map(str, loaded.problems))
    assert isinstance(loaded.data, dict), f"{shown} is not a YAML mapping"
    return loaded.data


def record_path(collection: Collection, data: dict[str, Any]) -> str:
    """Where a record goes under data/: the rules of validate.py (file name = id, folders)."""
    if collection.name == "practices":
        return f"practices/{data['country']}/{data['id']}.yml"
    if collection.name == "meetings":
        return f"meetings/{str(data['start'])[:4]}/{data['id']}.yml"
    return f"{collection.name}/{data['id']}.yml"


def fill_in(text: str) -> str:
    """The template with every commented-out field uncommented, as a contributor would do it.

    A comment line is a field when, after its "# ", it reads `key: ...`, `- key: ...` or `- item`;
    the lines of a commented-out block scalar (`body: |`) are uncommented with it. Prose comments,
    and comments nested inside a commented-out block (`#   # note`), stay comments.
    """
    lines: list[str] = []
    block: int | None = None  # a block scalar's lines are indented deeper than its key
    for line in text.splitlines():
        match = COMMENT.fullmatch(line)
        if block is not None and match:
            content = match.group(1) + (match.group(2) or "")
            if not content.strip() or len(content) - len(content.lstrip()) > block:
                lines.append(content.rstrip())
                continue
        block = None
        if match and match.group(2) is not None and FIELD.fullmatch(match.group(2)):
            content = match.group(1) + match.group(2)
            lines.append(content)
            if BLOCK_SCALAR.fullmatch(content):
                block = len(content) - len(content.lstrip())
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


# What a template leaves for the contributor to write: its example text and its example address.
EXAMPLE_TEXT = re.compile(r"Replace this: (\w)")
EXAMPLE_ADDRESS = re.compile(r"https://example\.org/replace-with-[a-z-]+")


def written(text: str) -> str:
    """The template with its example text and addresses replaced by the contributor's own, as the checker demands."""
    return EXAMPLE_ADDRESS.sub("https://s-cica.org/", EXAMPLE_TEXT.sub(lambda match: match.group(1).upper(), text))


def load_with(kind: str, text: str, tmp_path: Path) -> tuple[str, Any]:
    """Copy the real data tree, add the template text at its record's path and load it all."""
    collection = COLLECTION_OF[kind]
    data = parse(text, f"templates/{kind}.yml")
    relative = record_path(collection, data)
    tree = tmp_path / "data"
    shutil.copytree(DATA, tree)
    target = tree / relative
    assert not target.exists(), f"templates/{kind}.yml would replace the real record data/{relative}; choose another example id"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    try:
        kb = load_knowledge_base(tree)
    except DataError as error:
        pytest.fail(f"templates/{kind}.yml as data/{relative} does not validate:\n" + "\n".join(map(str, error.problems)))
    key = collection.key_for(Path(relative).relative_to(collection.name))
    assert kb.has(collection.name, key), f"{key} is not in the knowledge base"
    return relative, kb


def _resolve(node: dict[str, Any], schema_file: str) -> tuple[dict[str, Any], str]:
    ref = node.get("$ref")
    if not ref:
        return node, schema_file
    file_part, _, pointer = ref.partition("#")
    schema_file = file_part or schema_file
    target: Any = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
    for step in filter(None, pointer.split("/")):
        target = target[step]
    return _resolve(target, schema_file)


def schema_fields(node: dict[str, Any], schema_file: str, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted path, name) of every property in a schema, nested objects and list items included."""
    node, schema_file = _resolve(node, schema_file)
    for branch in node.get("allOf", []):  # fields every value has, declared in a shared part (a translation's provenance)
        if "properties" in _resolve(branch, schema_file)[0]:
            yield from schema_fields(branch, schema_file, path)
    for name, sub in node.get("properties", {}).items():
        yield (f"{path}.{name}" if path else name), name
        yield from schema_fields(sub, schema_file, f"{path}.{name}" if path else name)
    if isinstance(node.get("items"), dict):
        yield from schema_fields(node["items"], schema_file, f"{path}[]")


def all_fields(kind: str) -> list[tuple[str, str]]:
    schema_file = f"{kind}.schema.json"
    schema = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
    return sorted(set(schema_fields(schema, schema_file)))


def keys_in(value: Any, path: str = "") -> Iterator[str]:
    """Dotted paths of every key in the data, in the form schema_fields gives them."""
    if isinstance(value, dict):
        for name, sub in value.items():
            here = f"{path}.{name}" if path else name
            yield here
            yield from keys_in(sub, here)
    elif isinstance(value, list):
        for item in value:
            yield from keys_in(item, f"{path}[]")


def test_one_template_per_record_kind() -> None:
    assert sorted(path.stem for path in TEMPLATES.glob("*.yml")) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_template_header_says_where_the_file_goes(kind: str) -> None:
    text = template_text(kind)
    header = text[: text.index("\n\n")]
    assert all(line.startswith("#") for line in header.splitlines())
    assert f"data/{COLLECTION_OF[kind].name}/" in header
    assert f"schemas/{kind}.schema.json" in header
    assert "personal contact data" in header


@pytest.mark.parametrize("kind", KINDS)
def test_template_validates_in_the_real_data_tree_once_written(kind: str, tmp_path: Path) -> None:
    load_with(kind, written(template_text(kind)), tmp_path)


@pytest.mark.parametrize("kind", KINDS)
def test_template_left_as_it_is_is_refused_at_each_example_with_what_to_write(kind: str, tmp_path: Path) -> None:
    text = fill_in(template_text(kind))
    collection = COLLECTION_OF[kind]
    relative = record_path(collection, parse(text, kind))
    tree = tmp_path / "data"
    shutil.copytree(DATA, tree)
    (tree / relative).parent.mkdir(parents=True, exist_ok=True)
    (tree / relative).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_knowledge_base(tree)
    lines = text.splitlines()
    examples = [number for number, line in enumerate(lines, 1) if ("Replace this:" in line or EXAMPLE_ADDRESS.search(line)) and not line.lstrip().startswith("#")]
    # A block scalar (`body: |`) is reported at its key, the line before its text.
    found = {problem.line + (lines[problem.line - 1].rstrip().endswith("|")): problem for problem in raised.value.problems}
    assert examples and sorted(found) == examples, "\n".join(map(str, raised.value.problems))
    for problem in found.values():
        assert problem.path == f"data/{relative}"
        if problem.field.endswith("url"):
            assert problem.message == "example.org is only an example: write the address of the real source"
        else:
            assert problem.message == '"Replace this: …" is the template\'s example text: write your own, or delete an optional field you leave unused'


@pytest.mark.parametrize("kind", KINDS)
def test_template_names_every_schema_field(kind: str) -> None:
    text = template_text(kind)
    missing = [
        path
        for path, name in all_fields(kind)
        if not re.search(rf"(?m)^[ \t]*(?:#[ \t]*)?(?:-[ \t]+)?{re.escape(name)}:", text)
    ]
    assert not missing, f"templates/{kind}.yml does not mention these schema fields: {', '.join(missing)}"


def test_practice_template_names_the_consensus_fields() -> None:
    text = template_text("practice")
    for name in ("meeting", "procedure", "date", "objection", "note"):
        assert re.search(rf"(?m)^#[ \t]+{name}:", text), name


@pytest.mark.parametrize("kind", KINDS)
def test_template_validates_with_every_optional_field_filled_in(kind: str, tmp_path: Path) -> None:
    text = fill_in(template_text(kind))
    assert text != template_text(kind)
    data = parse(text, f"templates/{kind}.yml (filled in)")
    present = set(keys_in(data))
    absent = [path for path, _ in all_fields(kind) if path not in present]
    assert not absent, f"templates/{kind}.yml has no example (commented out or not) for: {', '.join(absent)}"
    load_with(kind, written(text), tmp_path)


def test_practice_template_is_submitted_as_pending_official_submission() -> None:
    data = parse(template_text("practice"), "templates/practice.yml")
    assert data["status"] == "pending"
    assert data["provenance"] == "official-submission"
    assert "consensus" not in data


def test_new_practice_command_fills_in_the_template(tmp_path: Path) -> None:
    """`python -m cica_kb new practice` rewrites the id, title, country and last_verified lines."""
    text = practice_text(template_text("practice"), "kz", 'Law "On Example": a title', "law-on-example", date(2026, 1, 1))
    _, kb = load_with("practice", written(text), tmp_path)
    record = kb.get("practices", "kz/law-on-example")
    assert record["title"] == 'Law "On Example": a title'
