"""cica_kb.check.validate: every mistake in data/ reported with its file, line, column and field.

Each test starts from the minimal valid tree of conftest.py, breaks one thing, and asserts the
problem a contributor would see.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from cica_kb.check.validate import load_knowledge_base
from cica_kb.problems import DataError, Problem
from conftest import DataTree

ROOT = Path(__file__).resolve().parents[1]

TOPIC = "data/topics/volunteerism.yml"
STATE = "data/states/kz.yml"
PRACTICE = "data/practices/kz/law-on-volunteer-activity.yml"
MEETING = "data/meetings/2024/2024-03-14-soc.yml"
CHAIR = "data/chairmanships/2020-kz.yml"  # referenced by no other record: breaking it cannot cascade


def practice(**fields: str) -> str:
    """The valid practice with some top-level fields replaced; its layout (line numbers) is fixed:

    1 id, 2 title, 3 country, 4 kind, 5 topics, 6 - item, 7 year, 8 summary, 9 body, 10-11 body text,
    12 provenance, 13 status, 14 consensus, 15 meeting, 16 last_verified, 17 sources, 18 title, 19 url.
    """
    values = {
        "id": "law-on-volunteer-activity",
        "country": "kz",
        "kind": "law",
        "topic": "volunteerism",
        "year": "2016",
        "summary": "It sets the aims, forms and support measures for volunteering.",
        "link": "https://adilet.zan.kz/eng/docs/Z1600000042",
        "meeting": "2024-03-14-soc",
        "last_verified": "2024-11-23",
        "url": "https://s-cica.org/",
    } | fields
    return (
        f"id: {values['id']}\n"
        'title: Law "On Volunteer Activity"\n'
        f"country: {values['country']}\n"
        f"kind: {values['kind']}\n"
        "topics:\n"
        f"  - {values['topic']}\n"
        f"year: {values['year']}\n"
        f"summary: {values['summary']}\n"
        "body: |\n"
        "  The law sets the aims and forms of volunteering.\n"
        f"  See [the text]({values['link']}).\n"
        "provenance: official-submission\n"
        "status: shared\n"
        "consensus:\n"
        f"  meeting: {values['meeting']}\n"
        f"last_verified: {values['last_verified']}\n"
        "sources:\n"
        "  - title: CICA Secretariat\n"
        f"    url: {values['url']}\n"
    )


UZBEKISTAN = """\
    id: uz
    iso_code: UZ
    name: Uzbekistan
    status: member
    sources:
      - title: CICA Secretariat
        url: https://s-cica.org/
    """


def meeting_concerning(kind: str, value: str) -> str:
    """A valid meeting whose one decision concerns `value` of `kind`, at line 10, column 11."""
    return f"""\
        id: 2024-03-14-soc
        body: soc
        status: held
        start: 2024-03-14
        decisions:
          - kind: welcomed
            text: The Committee welcomed it.
            concerns:
              {kind}:
                - {value}
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """


# --- the valid trees -------------------------------------------------------------------------


def test_minimal_tree_is_valid(tree: DataTree) -> None:
    kb = tree.load()
    assert {name: kb.count(name) for name in kb.records} == {
        "states": 1, "organizations": 1, "bodies": 1, "chairmanships": 1, "dimensions": 1,
        "topics": 1, "documents": 1, "meetings": 1, "practices": 1,
    }
    assert kb.get("practices", "kz/law-on-volunteer-activity")["year"] == 2016
    assert kb.get("meetings", "2024-03-14-soc")["start"] == "2024-03-14"


def test_practice_helper_is_valid(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice())
    tree.load()


def test_real_data_is_valid() -> None:
    kb = load_knowledge_base(ROOT / "data")
    assert kb.count("states") > 0
    assert kb.get("practices", "kz/law-on-volunteer-activity")["country"] == "kz"


# --- 1-6: YAML and schema problems -----------------------------------------------------------


def test_yaml_syntax_error(tree: DataTree) -> None:
    tree.write(
        "chairmanships/2020-kz.yml",
        """\
        id: 2020-kz
        state: kz
        from: 2020-09
        to: 2024-12
        sources:
          - title: CICA Secretariat
           url: https://s-cica.org/
        """,
    )
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.column, problem.field) == (CHAIR, 7, 4, "YAML syntax")
    assert "did not find expected '-' indicator" in problem.message


def test_tab_indentation_is_a_syntax_error(tree: DataTree) -> None:
    tree.write("chairmanships/2020-kz.yml", "id: 2020-kz\nsources:\n\t- title: x\n")
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.column, problem.field) == (CHAIR, 3, 1, "YAML syntax")
    assert problem.message == "found a tab character; indent with spaces, not tabs"


def test_duplicate_key(tree: DataTree) -> None:
    tree.write(
        "states/kz.yml",
        """\
        id: kz
        iso_code: KZ
        name: Kazakhstan
        status: member
        name: Qazaqstan
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(STATE, 5, 1, "name", "duplicate key (first given on line 3); keep one")


def test_missing_required_field(tree: DataTree) -> None:
    tree.write(
        "topics/volunteerism.yml",
        """\
        id: volunteerism
        name: Volunteerism
        description: National policies and practices on volunteerism.
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(TOPIC, 1, 1, "dimension", "required field is missing")


# The volunteerism topic up to its sources, for tests of what is written under them (lines 1-5).
TOPIC_SOURCES = """\
        id: volunteerism
        name: Volunteerism
        dimension: human
        description: National policies and practices on volunteerism.
        sources:
"""


def test_missing_required_field_in_a_list_item(tree: DataTree) -> None:
    tree.write(
        "topics/volunteerism.yml",
        TOPIC_SOURCES
        + """\
          - title: CICA Secretariat
          - title: Kazinform
            date: 2024-03
        """,
    )
    assert tree.problems() == (
        Problem(TOPIC, 6, 5, "sources[0].url", "required field is missing"),
        Problem(TOPIC, 7, 5, "sources[1].url", "required field is missing"),
    )


def test_a_source_titled_in_another_script_must_say_its_language(tree: DataTree) -> None:
    # Pages mark a source's title as English unless it says otherwise: a Russian title left unsaid would be read
    # out in English by a screen reader. A publisher's name in Latin letters before the colon does not count.
    tree.write(
        "topics/volunteerism.yml",
        TOPIC_SOURCES
        + """\
          - title: "Report.az: заседание Совета министров иностранных дел СВМДА"
            url: https://report.az/ru/
          - title: "Секретариат СВМДА: пресс-релиз № 1417"
            url: https://s-cica.org/ru/
            language: en
          - title: "Секретариат СВМДА: пресс-релиз № 1672"
            url: https://s-cica.org/ru/
            language: ru
          - title: "Caravan.kz: CICA member states listed in Russian (Кыргызстан)"
            url: https://caravan.kz/
          - title: "Әділет: Закон Республики Казахстан «О волонтерской деятельности» (№ 42-VI)"
            url: https://adilet.zan.kz/rus/docs/Z1600000042
        """,
    )
    sentence = "this source's title is not in English (its words after the publisher are in another script)"
    found = tree.problems()
    # A Roman numeral in a law's number (Kazakhstan's "№ 42-VI") does not make a Russian title English.
    assert [(p.line, p.field) for p in found] == [(6, "sources[0]"), (8, "sources[1]"), (16, "sources[4]")]
    assert all(p.message.startswith(sentence) and "language: ru for Russian" in p.message for p in found)


def test_unknown_field(tree: DataTree) -> None:
    tree.write(
        "states/kz.yml",
        """\
        id: kz
        iso_code: KZ
        name: Kazakhstan
        status: member
        capital: Astana
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.column, problem.field) == (STATE, 5, 1, "capital")
    assert problem.message == (
        "unknown field; allowed fields here: id, iso_code, name, official_name, status, founding_member, "
        "member_since, observer_since, sources_differ, translations, caveats, sources"
    )


def test_unknown_nested_field_lists_the_fields_allowed_there(tree: DataTree) -> None:
    tree.write(
        "meetings/2024/2024-03-14-soc.yml",
        """\
        id: 2024-03-14-soc
        body: soc
        status: held
        start: 2024-03-14
        venue:
          cty: Astana
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(MEETING, 6, 3, "venue.cty", "unknown field; allowed fields here: mode, city, state")


def test_quoted_number_where_a_number_is_expected(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(year='"2016"'))
    assert tree.only_problem() == Problem(PRACTICE, 7, 7, "year", "expected a whole number, got text '2016'")


def test_number_where_text_is_expected_suggests_quotes(tree: DataTree) -> None:
    tree.write(
        "states/kz.yml",
        """\
        id: kz
        iso_code: KZ
        name: Kazakhstan
        status: member
        member_since: 2014
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(
        STATE, 5, 15, "member_since", 'expected text, got a number 2014; write it in quotes: "2014"'
    )


def test_yes_is_text_not_true(tree: DataTree) -> None:
    tree.write(
        "states/kz.yml",
        """\
        id: kz
        iso_code: KZ
        name: Kazakhstan
        status: member
        founding_member: yes
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(STATE, 5, 18, "founding_member", "expected true or false, got text 'yes'")


def test_bad_enum_value(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(kind="lawz"))
    assert tree.only_problem() == Problem(
        PRACTICE, 4, 7, "kind", "'lawz' is not allowed; use one of: law, strategy, programme, platform, research, practice"
    )


def test_bad_enum_value_in_a_list_item(tree: DataTree) -> None:
    tree.write("meetings/2024/2024-03-14-soc.yml", meeting_concerning("states", "kz").replace("kind: welcomed", "kind: welcome"))
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.column, problem.field) == (MEETING, 6, 11, "decisions[0].kind")
    assert problem.message.startswith("'welcome' is not allowed; use one of: adopted, approved, recommended, welcomed,")


def test_summary_longer_than_300_characters(tree: DataTree) -> None:
    summary = "It sets the aims of volunteering. " * 9  # 306 characters
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(summary=f'"{summary}"'))
    assert tree.only_problem() == Problem(PRACTICE, 8, 10, "summary", "is 306 characters long; at most 300 allowed")


def test_summary_of_exactly_300_characters_is_accepted(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(summary="x" * 300))
    tree.load()


# --- 7-9: names, folders and ids -------------------------------------------------------------


def test_file_name_differs_from_id(tree: DataTree) -> None:
    tree.write(
        "topics/volunteerism.yml",
        """\
        id: volunteering
        name: Volunteerism
        dimension: human
        description: National policies and practices on volunteerism.
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(
        TOPIC, 1, 5, "id", "id 'volunteering' must equal the file name 'volunteerism'; rename the file or change the id"
    )


def test_practice_folder_differs_from_country(tree: DataTree) -> None:
    tree.write("states/uz.yml", UZBEKISTAN)
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(country="uz"))
    assert tree.only_problem() == Problem(
        PRACTICE, 3, 10, "country", "country 'uz' must equal the folder name 'kz' (data/practices/<country>/)"
    )


def test_state_file_name_differs_from_iso_code(tree: DataTree) -> None:
    tree.write(
        "states/kz.yml",
        """\
        id: kz
        iso_code: UZ
        name: Kazakhstan
        status: member
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(STATE, 2, 11, "iso_code", "iso_code 'UZ' does not match the file name 'kz'")


def test_meeting_in_the_wrong_year_folder_with_a_duplicate_id(tree: DataTree) -> None:
    tree.write("meetings/2023/2024-03-14-soc.yml", meeting_concerning("states", "kz"))
    assert tree.problems() == (
        Problem(
            "data/meetings/2023/2024-03-14-soc.yml", 4, 8, "start",
            "a meeting starting in 2024 goes in data/meetings/2024/, not 2023/",
        ),
        Problem(MEETING, 1, 5, "id", "duplicate id '2024-03-14-soc': data/meetings/2023/2024-03-14-soc.yml has it too"),
    )


def test_two_files_declaring_the_same_id(tree: DataTree) -> None:
    tree.write(
        "topics/volunteers.yml",
        """\
        id: volunteerism
        name: Volunteers
        dimension: human
        description: A copy of the volunteerism topic.
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.problems() == (
        Problem("data/topics/volunteers.yml", 1, 5, "id", "duplicate id 'volunteerism': data/topics/volunteerism.yml has it too"),
        Problem(
            "data/topics/volunteers.yml", 1, 5, "id",
            "id 'volunteerism' must equal the file name 'volunteers'; rename the file or change the id",
        ),
    )


def test_meeting_file_name_must_be_start_and_body(tree: DataTree) -> None:
    tree.write("meetings/2024/2024-03-14-sco.yml", meeting_concerning("states", "kz").replace("id: 2024-03-14-soc", "id: 2024-03-14-sco"))
    assert tree.only_problem() == Problem(
        "data/meetings/2024/2024-03-14-sco.yml", 1, 5, "id", "a meeting's file name is <start>-<body>: expected 2024-03-14-soc.yml"
    )


def test_same_practice_id_in_two_countries_is_allowed(tree: DataTree) -> None:
    tree.write("states/uz.yml", UZBEKISTAN)
    tree.write("practices/uz/law-on-volunteer-activity.yml", practice(country="uz"))
    kb = tree.load()
    assert kb.get("practices", "uz/law-on-volunteer-activity")["country"] == "uz"


# --- 10: references --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("states", "uz", "'uz' is not a known state id"),
        ("organizations", "nope", "'nope' is not a known organization id"),
        ("bodies", "socc", "'socc' is not a known body id; did you mean 'soc'?"),
        ("documents", "road-map-2022", "'road-map-2022' is not a known document id; did you mean 'road-map-2023'?"),
        ("meetings", "2024-03-15-soc", "'2024-03-15-soc' is not a known meeting id; did you mean '2024-03-14-soc'?"),
        ("topics", "volunteering", "'volunteering' is not a known topic id; did you mean 'volunteerism'?"),
        (
            "practices",
            "kz/law-on-volunteering",
            "'kz/law-on-volunteering' is not a known practice id; did you mean 'kz/law-on-volunteer-activity'?",
        ),
    ],
)
def test_dangling_reference_in_a_decision(tree: DataTree, kind: str, value: str, message: str) -> None:
    tree.write("meetings/2024/2024-03-14-soc.yml", meeting_concerning(kind, value))
    assert tree.only_problem() == Problem(MEETING, 10, 11, f"decisions[0].concerns.{kind}[0]", message)


def test_dangling_meeting_body(tree: DataTree) -> None:
    tree.write(
        "bodies/soc.yml",
        """\
        id: soc
        name: Senior Officials Committee
        category: decision-making
        role: Follows up the decisions of CICA.
        reports_to: ministerial-council
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem("data/bodies/soc.yml", 5, 13, "reports_to", "'ministerial-council' is not a known body id")


def test_dangling_state(tree: DataTree) -> None:
    tree.write(
        "chairmanships/2020-kz.yml",
        """\
        id: 2020-kz
        state: uz
        from: 2020-09
        to: 2024-12
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem("data/chairmanships/2020-kz.yml", 2, 8, "state", "'uz' is not a known state id")


def test_dangling_topic_in_a_practice(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(topic="volunteering"))
    assert tree.only_problem() == Problem(
        PRACTICE, 6, 5, "topics[0]", "'volunteering' is not a known topic id; did you mean 'volunteerism'?"
    )


def test_dangling_consensus_meeting(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(meeting="2024-03-41-soc"))
    assert tree.only_problem() == Problem(
        PRACTICE, 15, 12, "consensus.meeting", "'2024-03-41-soc' is not a known meeting id; did you mean '2024-03-14-soc'?"
    )


def test_dangling_dimension_in_a_topic(tree: DataTree) -> None:
    tree.write(
        "topics/volunteerism.yml",
        """\
        id: volunteerism
        name: Volunteerism
        dimension: humane
        description: National policies and practices on volunteerism.
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(TOPIC, 3, 12, "dimension", "'humane' is not a known dimension id; did you mean 'human'?")


def test_dangling_document_adopted_at(tree: DataTree) -> None:
    tree.write(
        "documents/road-map-2023.yml",
        """\
        id: road-map-2023
        title: Road Map for CICA Transformation
        kind: road-map
        status: adopted
        adopted_at: 2023-09-21-ministerial-council
        summary: The Road Map has eight clusters.
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(
        "data/documents/road-map-2023.yml", 5, 13, "adopted_at", "'2023-09-21-ministerial-council' is not a known meeting id"
    )


# --- 11: dates -------------------------------------------------------------------------------


def test_impossible_full_date(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(last_verified="2023-02-29"))
    problem = tree.only_problem()  # once, although both the schema's format and the date rule catch it
    assert (problem.path, problem.line, problem.column, problem.field) == (PRACTICE, 16, 16, "last_verified")
    assert problem.message.startswith("'2023-02-29' is not a ")
    assert "date" in problem.message


def test_impossible_partial_date(tree: DataTree) -> None:
    tree.write(
        "states/kz.yml",
        """\
        id: kz
        iso_code: KZ
        name: Kazakhstan
        status: member
        member_since: 2024-13
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(STATE, 5, 15, "member_since", "'2024-13' is not in the expected form: A date as precise as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD; the checker also refuses days that do not exist, such as 2023-02-29.")


def test_impossible_date_in_a_source(tree: DataTree) -> None:
    tree.write(
        "topics/volunteerism.yml",
        """\
        id: volunteerism
        name: Volunteerism
        dimension: human
        description: National policies and practices on volunteerism.
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
            date: 2023-02-29
        """,
    )
    assert tree.only_problem() == Problem(TOPIC, 8, 11, "sources[0].date", "'2023-02-29' is not a real date")


def test_meeting_ends_before_it_starts(tree: DataTree) -> None:
    tree.write(
        "meetings/2024/2024-03-14-soc.yml",
        """\
        id: 2024-03-14-soc
        body: soc
        status: held
        start: 2024-03-14
        end: 2024-03-12
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(MEETING, 5, 6, "end", "'2024-03-12' is before start '2024-03-14'; dates are out of order")


def test_chairmanship_ends_before_it_begins(tree: DataTree) -> None:
    tree.write(
        "chairmanships/2020-kz.yml",
        """\
        id: 2020-kz
        state: kz
        from: 2020-09
        to: 2020-08
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    assert tree.only_problem() == Problem(
        "data/chairmanships/2020-kz.yml", 4, 5, "to", "'2020-08' is before from '2020-09'; dates are out of order"
    )


def test_partial_dates_that_overlap_are_in_order(tree: DataTree) -> None:
    tree.write(
        "chairmanships/2020-kz.yml",
        """\
        id: 2020-kz
        state: kz
        from: 2020-09-15
        to: 2020-09
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    tree.load()


# --- 12, 15: links and contact data ----------------------------------------------------------


@pytest.mark.parametrize("url", ["ftp://s-cica.org/file.pdf", "javascript:alert(1)", "s-cica.org"])
def test_source_url_must_be_http(tree: DataTree, url: str) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(url=url))
    assert tree.only_problem() == Problem(
        PRACTICE, 19, 10, "sources[0].url", f"{url!r} is not in the expected form: An http(s) address."
    )


def test_template_example_text_left_in_a_summary(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(summary='"Replace this: what the practice is and what it does."'))
    assert tree.only_problem() == Problem(
        PRACTICE, 8, 10, "summary",
        '"Replace this: …" is the template\'s example text: write your own, or delete an optional field you leave unused',
    )


@pytest.mark.parametrize("url", ["https://example.org/replace-with-the-source-address", "http://www.example.com", "https://example.net:8080/x"])
def test_example_address_as_a_source(tree: DataTree, url: str) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(url=url))
    assert tree.only_problem() == Problem(
        PRACTICE, 19, 10, "sources[0].url",
        f"{url.split('/')[2].split(':')[0].removeprefix('www.')} is only an example: write the address of the real source",
    )


def test_addresses_that_only_resemble_the_examples_are_real_sources(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(url="https://counterexample.org/example.com"))
    tree.load()


def test_javascript_link_in_a_practice_body(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(link="javascript:alert(1)"))
    assert tree.only_problem() == Problem(PRACTICE, 9, 7, "body", "link to 'javascript:alert(1)' is not a full address; links start with https:// (or http://)")


def test_link_scheme_check_ignores_case_and_spaces(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(link=" <JavaScript:alert(1)>"))
    problem = tree.only_problem()
    assert (problem.line, problem.field) == (9, "body")
    assert "link to 'JavaScript:alert(1)' is not a full address" in problem.message


@pytest.mark.parametrize(
    "body_link",
    ["[the text][1].\n\n  [1]: javascript:alert(1)", '<a href="javascript:alert(1)">the text</a>.', "<javascript:alert(1)>."],
    ids=["reference-style", "html", "autolink"],
)
def test_javascript_link_in_other_markdown_forms(tree: DataTree, body_link: str) -> None:
    text = practice().replace("[the text](https://adilet.zan.kz/eng/docs/Z1600000042).", body_link)
    tree.write("practices/kz/law-on-volunteer-activity.yml", text)
    problem = tree.only_problem()
    assert (problem.line, problem.column, problem.field) == (9, 7, "body")
    assert problem.message == "link to 'javascript:alert(1)' is not a full address; links start with https:// (or http://)"


def test_email_address_in_a_practice_body(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(link="https://x.kz/").replace("See [", "Write to focal.point@mfa.kz or see ["))
    assert tree.only_problem() == Problem(
        PRACTICE, 9, 7, "body", "looks like personal contact data (e-mail or phone link); leave it out"
    )


def test_phone_link_in_a_summary(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(summary="Call [the ministry](tel:+77172000000) for the text."))
    problems = tree.problems()
    assert Problem(PRACTICE, 8, 10, "summary", "looks like personal contact data (e-mail or phone link); leave it out") in problems


def test_the_word_hotel_is_not_contact_data(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(summary="'Presented at the Rixos President Hotel: Astana.'"))
    tree.load()


# --- 13: stray files -------------------------------------------------------------------------


ALL_FOLDERS = (
    "data/states/, data/organizations/, data/bodies/, data/chairmanships/, data/dimensions/, "
    "data/topics/, data/documents/, data/meetings/, data/practices/"
)


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        ("notes.txt", f"not a record: files under data/ belong in one of {ALL_FOLDERS}"),
        ("kz.yml", f"not a record: files under data/ belong in one of {ALL_FOLDERS}"),
        ("people/someone.yml", f"not a record: files under data/ belong in one of {ALL_FOLDERS}"),
        ("practices/kz/entry.yaml", "not a record: data files end in .yml; rename it to .yml"),
        ("topics/notes.md", "not a record: data files end in .yml"),
        ("states/extra/kz.yml", "not a record: files in data/states/ go at data/states/<id>.yml"),
        ("practices/entry.yml", "not a record: files in data/practices/ go at data/practices/<iso2>/<id>.yml"),
        ("meetings/2024-03-14-soc.yml", "not a record: files in data/meetings/ go at data/meetings/<year>/<id>.yml"),
    ],
)
def test_stray_file(tree: DataTree, relative: str, message: str) -> None:
    tree.write(relative, "id: kz\n")
    assert tree.only_problem() == Problem(f"data/{relative}", 1, 1, "(file)", message)


# --- 16: encodings and shapes ----------------------------------------------------------------


def test_non_utf8_file(tree: DataTree) -> None:
    tree.write_bytes("chairmanships/2020-kz.yml", b"id: 2020-kz\nstate: kz\ndescription: Kaz\xe9khstan\n")
    assert tree.only_problem() == Problem(CHAIR, 3, 17, "(file)", "not valid UTF-8 (byte 0xe9); save the file as UTF-8")


def test_empty_file(tree: DataTree) -> None:
    tree.write_bytes("chairmanships/2020-kz.yml", b"")
    assert tree.only_problem() == Problem(CHAIR, 1, 1, "(file)", "file is empty; a record is a YAML mapping of fields")


def test_an_empty_mapping_lists_every_missing_field_even_those_its_page_address_needs(tree: DataTree) -> None:
    tree.write("meetings/2024/2024-03-14-soc.yml", "{}\n")  # a meeting's page address needs its start date
    missing = {problem.field for problem in tree.problems() if problem.message == "required field is missing"}
    assert {"id", "start", "body", "status", "sources"} <= missing


def test_top_level_list(tree: DataTree) -> None:
    tree.write("chairmanships/2020-kz.yml", "- id: 2020-kz\n- state: kz\n")
    assert tree.only_problem() == Problem(CHAIR, 1, 1, "(file)", "a record must be a YAML mapping of fields (key: value)")


def test_top_level_text(tree: DataTree) -> None:
    tree.write("chairmanships/2020-kz.yml", "Chairmanship of Kazakhstan\n")
    assert tree.only_problem() == Problem(CHAIR, 1, 1, "(file)", "a record must be a YAML mapping of fields (key: value)")


def test_utf8_bom_is_accepted(tree: DataTree) -> None:
    text = (tree.data / "states/kz.yml").read_text(encoding="utf-8").replace("Kazakhstan", "Қазақстан")
    tree.write_bytes("states/kz.yml", text.encode("utf-8-sig"))
    assert (tree.data / "states/kz.yml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert tree.load().get("states", "kz")["name"] == "Қазақстан"


def test_problem_after_a_bom_is_on_the_right_line_and_column(tree: DataTree) -> None:
    tree.write_bytes("states/kz.yml", "id: kz\nflag: none\n".encode("utf-8-sig"))
    problems = tree.problems()
    assert Problem(STATE, 2, 1, "flag", problems[-1].message) in problems
    assert Problem(STATE, 1, 1, "iso_code", "required field is missing") in problems


def test_explicit_yaml_tag_does_not_sneak_in_a_date(tree: DataTree) -> None:
    tree.write(
        "meetings/2024/2024-03-14-soc.yml",
        meeting_concerning("states", "kz").replace("start: 2024-03-14", "start: !!timestamp 2024-03-14"),
    )
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.column, problem.field) == (MEETING, 4, 8, "start")
    assert problem.message.startswith("expected text, got ")


def test_python_tag_is_a_syntax_problem(tree: DataTree) -> None:
    tree.write(
        "chairmanships/2020-kz.yml",
        """\
        id: 2020-kz
        state: !!python/name:os.system
        from: 2020-09
        to: 2024-12
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """,
    )
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.column, problem.field) == (CHAIR, 2, 8, "YAML syntax")
    assert "could not determine a constructor for the tag" in problem.message


# --- 17: every problem in one run ------------------------------------------------------------


def test_all_problems_of_all_files_in_one_run(tree: DataTree) -> None:
    tree.write("chairmanships/2020-kz.yml", "id: 2020-kz\nstate: [unclosed\n")
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(kind="lawz"))
    tree.write("bodies/soc.yml", "id: soc\nname: SOC\ncategory: decision-making\nrole: Follows up.\n")
    with pytest.raises(DataError) as raised:
        tree.load()
    problems = raised.value.problems
    assert [(p.path, p.line, p.field) for p in problems] == [
        ("data/bodies/soc.yml", 1, "sources"),
        (CHAIR, 3, "YAML syntax"),
        (PRACTICE, 4, "kind"),
    ]
    report = str(raised.value).splitlines()
    assert report[0] == "data/bodies/soc.yml:1:1: sources: required field is missing"
    assert report[1].startswith(f"{CHAIR}:3:1: YAML syntax: ")
    assert report[2].startswith(f"{PRACTICE}:4:7: kind: 'lawz' is not allowed")
    assert report[-1] == "3 problems found in the data."


def test_dangling_reference_is_reported_alongside_other_problems(tree: DataTree) -> None:
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(kind="lawz"))
    tree.write("meetings/2024/2024-03-14-soc.yml", meeting_concerning("organizations", "nope"))
    assert tree.problems() == (
        Problem(MEETING, 10, 11, "decisions[0].concerns.organizations[0]", "'nope' is not a known organization id"),
        Problem(PRACTICE, 4, 7, "kind", "'lawz' is not allowed; use one of: law, strategy, programme, platform, research, practice"),
    )


def test_a_file_that_does_not_parse_does_not_make_its_references_dangling(tree: DataTree) -> None:
    tree.write("states/kz.yml", "id: kz\nname: [unclosed\n")
    problem = tree.only_problem()
    assert (problem.path, problem.field) == (STATE, "YAML syntax")


# --- the command line ------------------------------------------------------------------------


def run_check(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cica_kb", "--data", str(data), "check"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )


def test_check_command_reports_every_problem_without_a_traceback(tree: DataTree) -> None:
    tree.write("chairmanships/2020-kz.yml", "id: 2020-kz\nstate: [unclosed\n")
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(kind="lawz"))
    tree.write("notes.txt", "to do\n")
    result = run_check(tree.data)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == "3 problems found in the data."
    assert all(re.fullmatch(r"data/\S+:\d+:\d+: [^:]+: .+", line) for line in lines[:-1]), lines
    assert lines[0].startswith(f"{CHAIR}:3:1: YAML syntax: ")
    assert lines[1].startswith("data/notes.txt:1:1: (file): not a record")
    assert lines[2].startswith(f"{PRACTICE}:4:7: kind: 'lawz' is not allowed; use one of: law,")


def test_check_command_on_valid_data(tree: DataTree) -> None:
    result = run_check(tree.data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Data OK: 1 states, 1 organizations, 1 bodies,")


def test_check_command_fails_on_a_missing_data_folder(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    result = run_check(missing)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{missing}:1:1: (file): no data folder here; run from the repository root or pass --data",
        "1 problem found in the data.",
    ]



def test_dangling_references_are_reported_in_the_same_run_as_schema_problems(tree: DataTree) -> None:
    """A contributor sees every problem at once, not the references only after fixing the rest."""
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(kind="lawz"))
    tree.write("topics/volunteerism.yml", """\
        id: volunteerism
        name: Volunteerism
        dimension: humane
        description: National policies and practices on volunteerism.
        sources:
          - title: CICA Secretariat
            url: https://s-cica.org/
        """)
    fields = {(problem.path, problem.field) for problem in tree.problems()}
    assert fields == {(PRACTICE, "kind"), (TOPIC, "dimension")}


def test_every_mistake_in_a_body_is_reported(tree: DataTree) -> None:
    """Two different mistakes in one field are two problems, not one hidden behind the other."""
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(summary="Write to focal.point@example.org or see [x](javascript:alert(1)) for details."))
    messages = sorted(problem.message for problem in tree.problems())
    assert len(messages) == 2
    assert "looks like personal contact data" in messages[1] and "link to 'javascript:alert(1)'" in messages[0]


def test_an_empty_data_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    with pytest.raises(DataError) as raised:
        load_knowledge_base(tmp_path / "data")
    assert raised.value.problems[0].message == "no records found; is this the data folder?"
