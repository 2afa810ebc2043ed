"""Labels live in the schemas: a value added to a schema with a title shows up everywhere, no code changed."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser, expect

from cica_kb.tools.local_site import serving
from support.site import build, project_copy_with_schemas


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
