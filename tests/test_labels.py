"""Labels live in the schemas: a value added to a schema with a title shows up everywhere, no code changed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

from playwright.sync_api import Browser, expect

from cica_kb.tools.local_site import serving
from support.site import ROOT, build, project_copy_with_schemas


def test_a_new_practice_kind_in_the_schema_shows_its_label_on_the_page_in_the_finder_and_in_the_form(tmp_path: Path, browser: Browser) -> None:
    project = project_copy_with_schemas(tmp_path / "project")
    path = project / "schemas/practice.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["kind"]["oneOf"].append({"const": "guidance", "title": "Guidance note"})
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    record = project / "data/practices/kz/law-on-volunteer-activity.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("kind: law\n", "kind: guidance\n"), encoding="utf-8")

    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr

    page_html = (site / "practices/kz/law-on-volunteer-activity/index.html").read_text(encoding="utf-8")
    assert "Guidance note" in page_html
    finder = json.loads((site / "search/practices.json").read_text(encoding="utf-8"))
    assert "Guidance note" in finder["values"]["kind"]
    with serving(site) as url:
        context = browser.new_context()
        context.route(lambda address: not address.startswith(url), lambda route: route.fulfill(status=200, body="{}"))
        form = context.new_page()
        form.goto(url + "submit/")
        expect(form.locator("#kb-f-kind option", has_text="Guidance note")).to_have_attribute("value", "guidance")
        context.close()


NEW_VALUES = (  # (schema, field as a path of schema properties, new value, its title, its description)
    ("body", ("category",), "forum", "Forum of experts", "Forums of experts"),
    ("document", ("kind",), "communique", "Joint communiqué", None),
    ("document", ("status",), "superseded", "Superseded by a later text", None),
    ("meeting", ("type",), "extraordinary", "Extraordinary session", None),
    ("meeting", ("status",), "postponed", "Postponed until further notice", None),
    ("meeting", ("venue", "mode"), "video-link", "By video link", None),
    ("meeting", ("decisions", "kind"), "ratified", "Ratified by the meeting", None),
    ("state", ("status",), "partner", "Dialogue partner", "Dialogue partner state"),
)
RECORDS = {  # a record of each kind, and the text to put in it
    "body": ("data/bodies/business-council.yml", "category: advisory\n", "category: forum\n"),
    "document": ("data/documents/almaty-act-2002.yml", "kind: act\nstatus: adopted\n", "kind: communique\nstatus: superseded\n"),
    "meeting": (
        "data/meetings/2024/2024-swg.yml",
        "status: held\nstart: \"2024\"\nvenue:\n  mode: online\n",
        "type: extraordinary\nstatus: postponed\nstart: \"2024\"\nvenue:\n  mode: video-link\n",
    ),
    "state": ("data/states/by.yml", "status: observer\n", "status: partner\n"),
}


def _field_node(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node = schema
    for name in path:
        node = node["properties"][name]
        node = node.get("items", node)
    return node


def test_a_new_value_of_any_enum_in_the_schemas_shows_its_label_on_the_pages_where_the_field_shows(tmp_path: Path) -> None:
    project = project_copy_with_schemas(tmp_path / "project")
    for schema_name, path, value, title, description in NEW_VALUES:
        schema_file = project / f"schemas/{schema_name}.schema.json"
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        _field_node(schema, path)["oneOf"].append({"const": value, "title": title, **({"description": description} if description else {})})
        schema_file.write_text(json.dumps(schema, indent=2, ensure_ascii=False), encoding="utf-8")
    for file, old, new in RECORDS.values():
        record = project / file
        text = record.read_text(encoding="utf-8")
        assert old in text, file
        record.write_text(text.replace(old, new).replace("  - kind: reviewed\n", "  - kind: ratified\n", 1), encoding="utf-8")

    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr

    def page(path: str) -> str:
        return (site / path / "index.html").read_text(encoding="utf-8")

    body, structure = page("bodies/business-council"), page("bodies")
    assert "Forum of experts" in body
    assert re.search(r"<h2[^>]*>Forums of experts", structure), "the structure page's heading of the new kind of body"
    assert "Forum of experts" in structure, "the diagram's band of the new kind of body"
    document = page("documents/almaty-act-2002")
    assert "Joint communiqué" in document and "Superseded by a later text" in document
    assert "Superseded by a later text" in page("documents"), "the list of documents gives each one's status"
    meeting = page("meetings/2024/2024-swg")
    for label in ("Extraordinary session", "Postponed until further notice", "By video link", "Ratified by the meeting"):
        assert label in meeting, label
    assert "By video link" in (site / "calendar/meetings.ics").read_text(encoding="utf-8")
    assert "Dialogue partner state" in page("states/by")


def _unlabelled_enums(node: Any, where: str) -> Iterator[str]:
    """Every enumeration of values in a schema without a title for each value: a plain `enum`, or a `oneOf` of
    `const`s of which one has no title. The `enum` of `propertyNames` lists field names, not values."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _unlabelled_enums(item, f"{where}/{index}")
        return
    if not isinstance(node, dict):
        return
    if "enum" in node:
        yield f"{where}: enum {node['enum']} has no labels; write it as oneOf: [{{const, title}}, ...]"
    branches = node.get("oneOf")
    if isinstance(branches, list) and all(isinstance(branch, dict) and "const" in branch for branch in branches):
        yield from (
            f"{where}/oneOf: {branch['const']!r} has no title"
            for branch in branches
            if not (isinstance(branch.get("title"), str) and branch["title"].strip())
        )
    for key, sub in node.items():
        if key not in ("propertyNames", "const", "default", "examples", "x-refused"):
            yield from _unlabelled_enums(sub, f"{where}/{key}")


def test_every_enum_in_the_schemas_gives_a_title_for_each_value() -> None:
    problems = [
        problem
        for file in sorted((ROOT / "schemas").glob("*.schema.json"))
        for problem in _unlabelled_enums(json.loads(file.read_text(encoding="utf-8")), file.name + "#")
    ]
    assert not problems, "\n".join(problems)


def test_the_check_for_labels_finds_an_enum_without_them() -> None:
    schema = {"properties": {"status": {"enum": ["a"]}, "kind": {"oneOf": [{"const": "x", "title": "X"}, {"const": "y"}]}}}
    assert [problem.split(":")[0] for problem in _unlabelled_enums(schema, "s#")] == [
        "s#/properties/status",
        "s#/properties/kind/oneOf",
    ]
