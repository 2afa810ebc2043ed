"""Hostile input to the checker: invisible characters in names, escaped control characters, links that
would point into the site, and files built to exhaust the loader. One fixture per kind of problem,
each asserting the message and the line a contributor sees, and that it comes quickly.
"""

from __future__ import annotations

import time

import pytest

from cica_kb.load.loader import MAX_DEPTH, MAX_FILE_BYTES
from cica_kb.problems import Problem
from conftest import DataTree
from test_loader import BILLION_LAUGHS
from test_validate import CHAIR, PRACTICE, STATE, TOPIC, practice

# --- invisible and look-alike characters in ids and file names ------------------------------------


@pytest.mark.parametrize(
    ("character", "name"),
    [("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\u200b", "ZERO WIDTH SPACE"), ("\u2066", "LEFT-TO-RIGHT ISOLATE"), ("\u0456", "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I")],
)
def test_file_name_with_an_invisible_or_look_alike_character(tree: DataTree, character: str, name: str) -> None:
    relative = f"topics/volunteer{character}ism.yml"
    tree.write(relative, (tree.data / "topics/volunteerism.yml").read_text(encoding="utf-8"))
    problem = tree.only_problem()
    assert problem == Problem(f"data/{relative}", 1, 1, "(file)", f"not a record: the file name has the character U+{ord(character):04X} ({name}); names use a-z, 0-9 and hyphens")
    shown = character if character.isprintable() else f"\\u{ord(character):04x}"  # an invisible one is shown, not applied
    assert str(problem).startswith(f"data/topics/volunteer{shown}ism.yml:1:1: (file): ")


def test_folder_name_with_an_invisible_character(tree: DataTree) -> None:
    tree.write("practices/k\u200bz/law-on-volunteer-activity.yml", practice())
    problems = tree.problems()
    assert problems[0] == Problem(
        "data/practices/k\u200bz/law-on-volunteer-activity.yml", 1, 1, "(file)",
        "not a record: the file name has the character U+200B (ZERO WIDTH SPACE); names use a-z, 0-9 and hyphens",
    )
    assert len(problems) == 1


@pytest.mark.parametrize("character", ["\u202e", "\u200b", "\ufeff"])
def test_id_with_an_invisible_character(tree: DataTree, character: str) -> None:
    text = (tree.data / "topics/volunteerism.yml").read_text(encoding="utf-8").replace("id: volunteerism", f'id: "volunteer{character}ism"')
    tree.write("topics/volunteerism.yml", text)
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.column, problem.field) == (TOPIC, 1, 5, "id")
    assert problem.message.startswith(f"'volunteer\\u{ord(character):04x}ism' is not in the expected form: Kebab-case identifier")


def test_unknown_field_with_a_right_to_left_override_is_shown_escaped(tree: DataTree) -> None:
    tree.write("chairmanships/2020-kz.yml", "id: 2020-kz\nstate: kz\nto: 2024-12\n\"no\u202ete\": x\nsources:\n  - title: T\n    url: https://s-cica.org/\n")
    problem = tree.only_problem()
    assert (problem.path, problem.line, problem.column, problem.field) == (CHAIR, 4, 1, "no\u202ete")
    assert str(problem).startswith(f"{CHAIR}:4:1: no\\u202ete: unknown field")


# --- text: line breaks where one line is expected, control characters, links into the site --------


def test_a_name_that_ends_in_a_line_break(tree: DataTree) -> None:
    """JSON Schema patterns are ECMA-262: `$` is the end of the text (Python's `$` would allow a final newline)."""
    text = (tree.data / "states/kz.yml").read_text(encoding="utf-8").replace("name: Kazakhstan", 'name: "Kazakhstan\\n"')
    tree.write("states/kz.yml", text)
    assert tree.only_problem() == Problem(STATE, 3, 7, "name", "'Kazakhstan\\n' is not in the expected form: A name or title: plain text on one line, without < or >.")



@pytest.mark.parametrize("escape", ["\\x01", "\\0", "\\e", "\\x7f", "\\x9b", "\\uFFFE"])
def test_control_character_written_as_an_escape(tree: DataTree, escape: str) -> None:
    """The file itself is clean; the escape makes a character that feeds (XML) and terminals choke on."""
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice(summary=f'"It sets the aims {escape} and forms of volunteering."'))
    code = ord(escape.encode().decode("unicode_escape")) if escape != "\\e" else 0x1B
    assert tree.only_problem() == Problem(PRACTICE, 8, 10, "summary", f"control character U+{code:04X} is not allowed in text; remove it")


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("[the text](../../states/kz/)", "../../states/kz/"),
        ("[the text](#sources)", "#sources"),
        ("[the text](//pwned.example/x)", "//pwned.example/x"),
        ('<a href="law.pdf">the text</a>', "law.pdf"),
        ('<a href="&#106;avascript:alert(1)">the text</a>', "&#106;avascript:alert(1)"),
        ("[the text][1]\n\n  [1]: ../kz.yml\n\n  More", "../kz.yml"),
    ],
    ids=["relative", "fragment", "protocol-relative", "html", "entity-encoded-scheme", "reference"],
)
def test_link_that_is_not_a_full_address(tree: DataTree, link: str, target: str) -> None:
    """Such a link would point into this site, where nothing checks it exists: only full addresses."""
    text = practice().replace("[the text](https://adilet.zan.kz/eng/docs/Z1600000042)", link)
    tree.write("practices/kz/law-on-volunteer-activity.yml", text)
    assert tree.only_problem() == Problem(PRACTICE, 9, 7, "body", f"link to {target!r} is not a full address; links start with https:// (or http://)")


def test_full_addresses_and_plain_brackets_are_fine(tree: DataTree) -> None:
    body = "[the text](https://adilet.zan.kz/eng/docs/Z1600000042) and [a reference][r], a list [1, 2] (two).\n\n  [r]: http://example.org/"
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice().replace("[the text](https://adilet.zan.kz/eng/docs/Z1600000042)", body))
    tree.load()


# --- files built to exhaust the loader: rejected quickly, with a clear message ------------------


def quickly(tree: DataTree) -> Problem:
    started = time.perf_counter()
    problem = tree.only_problem()
    assert time.perf_counter() - started < 2, "the checker took too long"
    return problem


def test_oversized_file(tree: DataTree) -> None:
    raw = b"id: 2020-kz\n" + b"# padding\n" * (4 * MAX_FILE_BYTES // 10)
    tree.write_bytes("chairmanships/2020-kz.yml", raw)
    assert quickly(tree) == Problem(CHAIR, 1, 1, "(file)", f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")


def test_alias_expansion_bomb(tree: DataTree) -> None:
    tree.write_bytes("chairmanships/2020-kz.yml", BILLION_LAUGHS.encode())
    problem = quickly(tree)
    assert (problem.path, problem.field) == (CHAIR, "YAML syntax")
    assert problem.message.startswith(f"structure too deep or too large (more than {MAX_DEPTH} levels or 20,000 values; are aliases expanding?)")


def test_deeply_nested_structure(tree: DataTree) -> None:
    tree.write_bytes("chairmanships/2020-kz.yml", b"id: 2020-kz\ncaveats: " + b"[" * 5000 + b"]" * 5000 + b"\n")
    assert quickly(tree) == Problem(CHAIR, 1, 1, "(file)", f"structure nested too deeply; records are at most {MAX_DEPTH} levels deep")


def test_many_small_values_just_under_the_size_limit(tree: DataTree) -> None:
    tree.write_bytes("chairmanships/2020-kz.yml", b"caveats: [" + b"x," * (MAX_FILE_BYTES // 2 - 20) + b"x]\n")
    problem = quickly(tree)
    assert (problem.line, problem.field) == (1, "YAML syntax") and "20,000 values" in problem.message
    assert problem.column < MAX_FILE_BYTES // 4  # reading stopped at the 20,001st value, far from the end
