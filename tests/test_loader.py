"""cica_kb.load.loader: YAML read exactly as written, with positions, and never an exception."""

from __future__ import annotations

import time

import pytest

from cica_kb.load.loader import MAX_DEPTH, MAX_FILE_BYTES, field_name, load_yaml
from cica_kb.problems import Problem
from conftest import yaml_text


def load(text: str):
    return load_yaml("data/x.yml", yaml_text(text).encode("utf-8"))


def only_problem(loaded) -> Problem:
    assert len(loaded.problems) == 1, loaded.problems
    return loaded.problems[0]


# --- scalars stay what the contributor wrote -------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-03-14", "2024-03-14"),  # PyYAML's SafeLoader would make a datetime.date
        ("2024-03", "2024-03"),
        ("NO", "NO"),  # Norway, not False
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("007", "007"),  # not octal 7
        ("0o17", "0o17"),
        ("0x1F", "0x1F"),
        ("1:30", "1:30"),  # not sexagesimal 90
        ("1_000", "1_000"),
        ("'2016'", "2016"),
        ("2016", 2016),
        ("-3", -3),
        ("1.5", 1.5),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
    ],
)
def test_scalars_follow_the_yaml_1_2_core_schema(written: str, expected: object) -> None:
    loaded = load(f"value: {written}\n")
    assert loaded.problems == []
    assert loaded.data == {"value": expected}
    assert type(loaded.data["value"]) is type(expected)


def test_positions_of_keys_and_values_are_recorded() -> None:
    loaded = load(
        """\
        id: kz
        sources:
          - title: CICA
            url: https://s-cica.org/
        """
    )
    assert loaded.key_at[("sources",)] == (2, 1)
    assert loaded.value_at[("sources", 0)] == (3, 5)
    assert loaded.key_at[("sources", 0, "url")] == (4, 5)
    assert loaded.value_at[("sources", 0, "url")] == (4, 10)
    assert loaded.locate(("sources", 0, "date")) == (3, 5)  # a missing field falls back to its parent


@pytest.mark.parametrize(
    ("path", "name"),
    [((), "(file)"), (("id",), "id"), (("decisions", 2, "kind"), "decisions[2].kind"), (("sources", 0), "sources[0]")],
)
def test_field_names(path: tuple, name: str) -> None:
    assert field_name(path) == name


# --- problems, each with its line and column -------------------------------------------------


def test_syntax_error_names_its_line() -> None:
    problem = only_problem(
        load(
            """\
            id: kz
            sources:
              - title: CICA
               url: https://s-cica.org/
            """
        )
    )
    assert (problem.path, problem.line, problem.field) == ("data/x.yml", 4, "YAML syntax")
    assert "did not find expected" in problem.message


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    loaded = load(
        """\
        id: kz
        name: Kazakhstan
        status: member
        name: Qazaqstan
        """
    )
    assert loaded.problems == [
        Problem("data/x.yml", 4, 1, "name", "duplicate key (first given on line 2); keep one")
    ]
    assert loaded.data["name"] == "Kazakhstan"  # the first one is kept, not silently replaced


def test_nested_duplicate_key_names_the_full_field() -> None:
    loaded = load(
        """\
        venue:
          city: Astana
          city: Almaty
        """
    )
    assert loaded.problems == [
        Problem("data/x.yml", 3, 3, "venue.city", "duplicate key (first given on line 2); keep one")
    ]


def test_non_text_field_name_is_a_problem() -> None:
    problem = only_problem(load("id: kz\n2016: year\n"))
    assert (problem.line, problem.column, problem.field) == (2, 1, "(file)")
    assert "field names must be text, not 2016" in problem.message


def test_non_utf8_file_names_line_and_column_of_the_bad_byte() -> None:
    loaded = load_yaml("data/x.yml", b"id: kz\nname: Kaz\xe9khstan\n")
    assert loaded.data is None
    assert loaded.problems == [
        Problem("data/x.yml", 2, 10, "(file)", "not valid UTF-8 (byte 0xe9); save the file as UTF-8")
    ]


def test_utf8_bom_is_accepted() -> None:
    loaded = load_yaml("data/x.yml", "\ufeffid: kz\nname: Türkiye\n".encode("utf-8"))
    assert loaded.problems == []
    assert loaded.data == {"id": "kz", "name": "Türkiye"}
    assert loaded.key_at[("id",)] == (1, 1)


@pytest.mark.parametrize("raw", [b"", b"\n\n", b"# only a comment\n"])
def test_empty_file(raw: bytes) -> None:
    loaded = load_yaml("data/x.yml", raw)
    assert loaded.problems == [Problem("data/x.yml", 1, 1, "(file)", "file is empty; a record is a YAML mapping of fields")]


def test_oversized_file_is_not_parsed() -> None:
    raw = b"a: b\n" * (MAX_FILE_BYTES // 5 + 1)
    problem = only_problem(load_yaml("data/x.yml", raw))
    assert (problem.line, problem.field) == (1, "(file)")
    assert f"the limit is {MAX_FILE_BYTES:,}" in problem.message


def test_two_documents_in_one_file_are_a_syntax_problem() -> None:
    problem = only_problem(load("id: kz\n---\nid: uz\n"))
    assert (problem.line, problem.field) == (2, "YAML syntax")
    assert "expected a single document" in problem.message


# --- hostile input is rejected with a problem, quickly, never with an exception ---------------


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_expansion_bomb_is_rejected_quickly() -> None:
    started = time.perf_counter()
    loaded = load_yaml("data/x.yml", BILLION_LAUGHS.encode())
    assert time.perf_counter() - started < 1
    problem = only_problem(loaded)
    assert (problem.path, problem.field) == ("data/x.yml", "YAML syntax")
    assert "structure too deep or too large" in problem.message
    assert "are aliases expanding?" in problem.message


def test_recursive_alias_is_rejected() -> None:
    problem = only_problem(load("a: &a [*a]\n"))
    assert (problem.line, problem.field) == (1, "YAML syntax")
    assert "structure too deep or too large" in problem.message


def test_deep_nesting_is_rejected() -> None:
    depth = MAX_DEPTH + 5
    problem = only_problem(load("a: " + "[" * depth + "]" * depth + "\n"))
    assert (problem.line, problem.field) == (1, "YAML syntax")
    assert f"more than {MAX_DEPTH} levels" in problem.message


def test_nesting_up_to_the_limit_is_accepted() -> None:
    depth = MAX_DEPTH - 1
    loaded = load("a: " + "[" * depth + "]" * depth + "\n")
    assert loaded.problems == []


def test_very_deep_nesting_is_a_problem_not_a_crash() -> None:
    depth = 600
    problem = only_problem(load("a: " + "[" * depth + "]" * depth + "\n"))
    assert (problem.line, problem.field) == (1, "(file)")
    assert "nested too deeply" in problem.message


def test_control_character_is_a_problem_not_a_crash() -> None:
    loaded = load_yaml("data/x.yml", b"id: kz\nname: Kazakh\x0cstan\n")
    problem = only_problem(loaded)
    assert (problem.line, problem.column, problem.field) == (2, 13, "(file)")
    assert "control character U+000C is not allowed" in problem.message
