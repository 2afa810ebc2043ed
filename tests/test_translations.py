"""Russian text of the records: the checker's rules, the warnings of `make check`, the Translation status
page and the pull-request summary. The fields a kind may translate come from the schemas."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cica_kb.check.schemas import schema_documents, schema_translatable_fields
from cica_kb.check.validate import load_knowledge_base
from cica_kb.i18n import translator
from cica_kb.load.collections import COLLECTION_BY_NAME, COLLECTIONS, translatable_fields, values_at
from cica_kb.model.context import SiteContext
from cica_kb.model.localize import localized
from cica_kb.outputs.exports import thaw
from cica_kb.outputs.site_source import TRANSLATION_STATUS_PAGE, site_source, translation_status_page
from cica_kb.tools.cli import UNTRANSLATED_VARIABLE
from cica_kb.tools.summary import summary_markdown
from conftest import DataTree
from support.hostile import PAYLOADS, hostile_record
from support.schema_examples import is_free_text, leaves
from support.site import ROOT, project_copy_with_schemas

PRACTICE = "practices/kz/law-on-volunteer-activity.yml"
MEETING = "meetings/2024/2024-03-14-soc.yml"
SOURCE = """\
    source:
      title: "Әділет: Закон Республики Казахстан «О волонтерской деятельности»"
      url: https://adilet.zan.kz/rus/docs/Z1600000042
      language: ru
"""


def add_lines(tree: DataTree, relative: str, text: str) -> int:
    """Append YAML lines to a record of the valid tree; returns the line number of the first one."""
    path = tree.data / relative
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


RUSSIAN_PRACTICE = """\
original_title:
  text: О волонтерской деятельности
  language: ru
  source:
    title: "Әділет: Закон Республики Казахстан «О волонтерской деятельности»"
    url: https://adilet.zan.kz/rus/docs/Z1600000042
    language: ru
translations:
  ru:
    provenance: editorial
    title: Закон «О волонтерской деятельности»
    summary: Определяет цели, формы и меры поддержки волонтерской деятельности.
    body: Закон определяет цели и формы волонтерской деятельности.
"""


# --- the fields come from the schemas ----------------------------------------------------------------


def test_translatable_fields_are_read_from_the_schemas() -> None:
    assert translatable_fields("practices") == ("title", "summary", "body", "caveats[]")
    assert translatable_fields("meetings") == ("title", "summary", "decisions[].text", "decisions[].caveats[]", "chair.role", "venue.city", "caveats[]")
    assert translatable_fields("states") == (
        "name", "official_name", "sources_differ.member_since.values[].according_to", "sources_differ.member_since.note",
        "sources_differ.observer_since.values[].according_to", "sources_differ.observer_since.note", "caveats[]",
    )
    for collection in COLLECTIONS:
        ru = schema_documents()[collection.schema]["properties"]["translations"]["properties"]["ru"]
        top = {field.split(".")[0].removesuffix("[]") for field in collection.translatable_fields}
        assert top == set(ru["properties"]), collection.name
        assert top <= set(schema_documents()[collection.schema]["properties"]), f"{collection.name}: a translated field the record lacks"


def test_a_translated_field_has_the_english_field_s_rules() -> None:
    """Same `$defs` as the English field: a Russian summary of a practice has the English one's length limits."""
    practice = schema_documents()["practice"]
    ru = practice["properties"]["translations"]["properties"]["ru"]["properties"]
    assert ru["summary"] == practice["properties"]["summary"] and ru["body"] == practice["properties"]["body"]
    assert ru["title"]["$ref"] == practice["properties"]["title"]["$ref"]


def test_the_hostile_corpus_fills_the_translations_and_the_original_title() -> None:
    """Generated from the schemas: every Russian field and the original title get an attack payload."""
    for collection in COLLECTIONS:
        record = hostile_record(collection)
        ru = record["translations"]["ru"]
        assert ru["provenance"] in ("official", "editorial") and set(ru) >= {"provenance", "source"}
        for field in collection.translatable_fields:
            value = next(value for _, value in values_at(ru, field))  # `decisions[].text`: the first decision's text
            assert value in PAYLOADS, (collection.name, field)
    assert hostile_record(COLLECTION_BY_NAME["practices"])["original_title"]["text"] in PAYLOADS
    paths = {path for path, schema, _ in leaves("meeting") if is_free_text(schema)}
    assert ("translations", "ru", "decisions", 0, "text") in paths


# --- the checker ---------------------------------------------------------------------------------------


def test_a_valid_translation_and_original_title_are_accepted(tree: DataTree) -> None:
    add_lines(tree, PRACTICE, RUSSIAN_PRACTICE)
    add_lines(tree, MEETING, "translations:\n  ru:\n    provenance: official\n" + SOURCE + "    decisions:\n      - text: Комитет приветствовал обмен практиками.\n")
    kb = tree.load()
    practice = kb.get("practices", "kz/law-on-volunteer-activity")
    assert practice["translations"]["ru"]["title"] == "Закон «О волонтерской деятельности»"
    assert practice["original_title"]["language"] == "ru"


def test_an_official_translation_without_its_source_is_refused(tree: DataTree) -> None:
    line = add_lines(tree, PRACTICE, RUSSIAN_PRACTICE.replace("provenance: editorial", "provenance: official"))
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.field) == (f"data/{PRACTICE}", line + 9, "translations.ru")
    assert problem.message.startswith("an official translation needs its source")


def test_an_original_title_needs_a_source_and_a_language_code(tree: DataTree) -> None:
    line = add_lines(tree, PRACTICE, "original_title:\n  text: О волонтерской деятельности\n  language: Russian\n")
    problems = {(p.line, p.field): p.message for p in tree.problems()}
    assert problems[(line + 1, "original_title.source")] == "required field is missing"
    assert "is not in the expected form: A language, as its ISO 639-1 code" in problems[(line + 2, "original_title.language")]


def test_translated_decisions_must_match_the_decisions_in_number(tree: DataTree) -> None:
    line = add_lines(tree, MEETING, "translations:\n  ru:\n    provenance: editorial\n    decisions:\n      - text: Первое.\n      - text: Второе.\n")
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.column, problem.field) == (f"data/{MEETING}", line + 3, 5, "translations.ru.decisions")
    assert problem.message == "2 translated decisions for the record's 1: give one for each of its decisions, in the same order"


def test_translated_unconfirmed_details_must_match_them_in_number(tree: DataTree) -> None:
    line = add_lines(tree, MEETING, "caveats:\n  - One detail.\ntranslations:\n  ru:\n    provenance: editorial\n    caveats:\n      - Первое.\n      - Второе.\n")
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.column, problem.field) == (f"data/{MEETING}", line + 5, 5, "translations.ru.caveats")
    assert problem.message == "2 translated caveats for the record's 1: give one for each of its caveats, in the same order"


def test_a_translated_decision_may_not_add_unconfirmed_details_its_decision_lacks(tree: DataTree) -> None:
    text = "translations:\n  ru:\n    provenance: editorial\n    decisions:\n      - text: Первое.\n        caveats:\n          - Оговорка.\n"
    line = add_lines(tree, MEETING, text)
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.field) == (f"data/{MEETING}", line + 5, "translations.ru.decisions[0].caveats")
    assert problem.message == "the record has no caveats to translate: add caveats to the record, or remove it here"


def test_a_translation_needs_a_text_and_a_field_the_record_has(tree: DataTree) -> None:
    line = add_lines(tree, MEETING, "translations:\n  ru:\n    provenance: editorial\n    title: Совещание\n")
    add_lines(tree, "topics/volunteerism.yml", "translations:\n  ru:\n    provenance: editorial\n")
    problems = {(p.path, p.field): (p.line, p.message) for p in tree.problems()}
    assert problems[(f"data/{MEETING}", "translations.ru.title")] == (
        line + 3, "the record has no title to translate: add title to the record, or remove it here"
    )
    assert problems[("data/topics/volunteerism.yml", "translations.ru")][1].startswith("a translation needs at least one translated text")
    assert len(problems) == 2, problems


@pytest.mark.parametrize(("field", "text", "rule"), [
    ("title", "Закон <script>alert(1)</script>", "is not in the expected form"),
    ("summary", "Пишите на focal.point@mfa.kz за текстом закона.", "looks like personal contact data"),
    ("body", "См. [закон](javascript:alert(1)).", "is not a full address"),
])
def test_hostile_text_in_a_russian_field_is_refused_as_in_english(tree: DataTree, field: str, text: str, rule: str) -> None:
    english, translations = RUSSIAN_PRACTICE.split("translations:")
    russian = re.sub(rf"(?m)^    {field}: .*$", f"    {field}: {json.dumps(text, ensure_ascii=False)}", translations)
    hostile = f"{english}translations:{russian}"
    add_lines(tree, PRACTICE, hostile)
    problem = tree.only_problem()
    assert problem.field == f"translations.ru.{field}" and rule in problem.message


# --- warnings: make check ------------------------------------------------------------------------------


def run_check(data: Path, *flags: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cica_kb", "--data", str(data), "check", *flags],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )


def test_missing_russian_text_is_a_warning_per_kind_and_never_fails_the_check(tree: DataTree) -> None:
    add_lines(tree, PRACTICE, RUSSIAN_PRACTICE)
    result = run_check(tree.data)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "warning: 1 of 1 states lacks Russian text (name 1)" in lines
    assert "warning: 1 of 1 meetings lacks Russian text (summary 1, decisions 1)" not in lines  # the tree's meeting has no summary
    assert "warning: 1 of 1 meetings lacks Russian text (decisions 1, venue 1)" in lines
    assert not any("practices lack" in line for line in lines), "the practice has Russian text in every field"
    assert not any("no Russian text" in line for line in lines), "one line per kind unless asked for every record"


def test_every_record_and_field_is_listed_on_request(tree: DataTree) -> None:
    for result in (run_check(tree.data, "--untranslated"), run_check(tree.data, env={**os.environ, UNTRANSLATED_VARIABLE: "1"})):
        assert result.returncode == 0
        assert "data/practices/kz/law-on-volunteer-activity.yml:2:1: title: warning: no Russian text; add it as translations.ru.title" in result.stdout
        assert "data/meetings/2024/2024-03-14-soc.yml:8:1: decisions: warning: no Russian text; add it as translations.ru.decisions" in result.stdout


# --- the Translation status page -----------------------------------------------------------------------


def test_the_status_page_counts_russian_text_by_provenance_and_lists_the_records_lacking_it(tree: DataTree) -> None:
    add_lines(tree, PRACTICE, RUSSIAN_PRACTICE)
    add_lines(tree, "states/kz.yml", "translations:\n  ru:\n    provenance: official\n" + SOURCE + "    name: Казахстан\n")
    page = translation_status_page(tree.load(), SiteContext())
    practices = page.split("## Practices", 1)[1]
    assert "| Title | 1 | 1 | 0 | 1 | 0 |" in practices
    assert "Every record has Russian text in every field" in practices
    states = page.split("## States", 1)[1].split("##", 1)[0]
    assert "| Name | 1 | 1 | 1 | 0 | 0 |" in states
    meetings = page.split("## Meetings", 1)[1].split("##", 1)[0]
    assert "- [Senior Officials Committee, 14 March 2024](../meetings/2024/2024-03-14-soc.md): Decisions" in meetings


def test_the_status_page_is_part_of_the_site_and_its_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"Translation status: {TRANSLATION_STATUS_PAGE}" in nav
    files = site_source(load_knowledge_base(ROOT / "data"), SiteContext(), "", {})
    assert str(files[TRANSLATION_STATUS_PAGE]).startswith('---\ntitle: "Translation status"')


# --- the pull-request summary --------------------------------------------------------------------------


def test_the_summary_names_the_fields_of_a_changed_record_that_lack_russian(tree: DataTree) -> None:
    add_lines(tree, "states/kz.yml", "translations:\n  ru:\n    provenance: official\n" + SOURCE + "    name: Казахстан\n")
    add_lines(tree, PRACTICE, RUSSIAN_PRACTICE)
    text = summary_markdown(tree.load(), [f"data/{PRACTICE}", f"data/{MEETING}", "data/states/kz.yml"])
    assert "| Without Russian text | Decisions, Venue |" in text
    assert "| Russian text | every field (Unofficial translation) |" in text
    assert "| Russian text | every field (Official translation) |" in text
    assert "| Original title | О волонтерской деятельности (ru) |" in text


def test_a_field_added_to_a_schema_s_translations_is_translatable(tmp_path: Path) -> None:
    """One source of truth: the list follows the schema, with nothing else to change."""
    project = project_copy_with_schemas(tmp_path / "project")
    path = project / "schemas/body.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["translations"]["properties"]["ru"]["properties"]["abbreviation"] = schema["properties"]["abbreviation"]
    path.write_text(json.dumps(schema), encoding="utf-8")
    code = "from cica_kb.load.collections import translatable_fields; print(translatable_fields('bodies'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True)
    assert result.stdout.strip() == "('name', 'role', 'meets', 'heads[].post', 'heads[].note', 'heads[].caveats[]', 'caveats[]', 'abbreviation')", result.stderr
    assert schema_translatable_fields("body") == ("name", "role", "meets", "heads[].post", "heads[].note", "heads[].caveats[]", "caveats[]")  # this checkout's schema is unchanged


def test_an_original_title_in_russian_is_the_official_russian_title(tree: DataTree) -> None:
    """As the Russian pages show it (`localized`): the instrument's own Russian title, from its source."""
    add_lines(tree, PRACTICE, RUSSIAN_PRACTICE.split("translations:")[0])
    page = translation_status_page(tree.load(), SiteContext())
    practices = page.split("## Practices", 1)[1]
    assert "| Title | 1 | 1 | 1 | 0 | 0 |" in practices and "| Summary | 1 | 0 | 0 | 0 | 1 |" in practices
    assert "law-on-volunteer-activity.md): Summary, Details" in practices


def test_the_russian_status_page_speaks_russian(tree: DataTree) -> None:
    russian = translator("ru").gettext
    page = translation_status_page(tree.load(), SiteContext(language="ru"))
    assert f"# {russian('Translation status')}" in page and f"## {russian('Practices')}" in page
    assert russian("Practices") != "Practices"


def test_a_meeting_with_russian_decisions_is_exported_in_the_russian_build(tree: DataTree) -> None:
    """The overlaid decisions stay read-only data like the rest, so the JSON downloads of the Russian site work."""
    add_lines(tree, MEETING, "translations:\n  ru:\n    provenance: editorial\n    decisions:\n      - text: Комитет приветствовал обмен практиками.\n")
    meeting = localized(tree.load(), "ru").get("meetings", "2024-03-14-soc")
    decision = meeting["decisions"][0]
    assert decision["text"] == "Комитет приветствовал обмен практиками." and decision["kind"] == "welcomed"
    assert json.loads(json.dumps(thaw(meeting.data)))["decisions"][0]["concerns"]["states"] == ["kz"]


def test_with_thousands_of_records_the_status_page_lists_the_first_and_counts_the_rest(
    tree: DataTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 10,000 practices the full list was 1.2 MB of page: the page names how many are not listed, and where
    to find them all."""
    import cica_kb.outputs.site_source as site_source_module

    monkeypatch.setattr(site_source_module, "TRANSLATION_LIST_LIMIT", 0)
    page = translation_status_page(tree.load(), SiteContext())
    meetings = page.split("## Meetings", 1)[1].split("##", 1)[0]
    assert "2024-03-14-soc.md" not in meetings
    assert "…and 1 more record, not listed here; `CICA_KB_UNTRANSLATED=1 make check` lists every one." in meetings
