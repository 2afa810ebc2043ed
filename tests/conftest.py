"""Shared fixtures: a minimal valid data tree in tmp_path that each test breaks in one place.

YAML is always written as literal text (textwrap.dedent), never with yaml.dump, so every test
knows the exact line and column a problem must name.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cica_kb.check.validate import load_knowledge_base
from cica_kb.problems import DataError, Problem
from support.site import ROOT, build

pytest_plugins = ["support.browser"]

SOURCES = """\
sources:
  - title: CICA Secretariat
    url: https://s-cica.org/
"""

# The smallest tree in which every collection has one record and every kind of reference is used.
VALID: dict[str, str] = {
    "states/kz.yml": """\
        id: kz
        iso_code: KZ
        name: Kazakhstan
        status: member
        member_since: 1999-09
        """,
    "bodies/soc.yml": """\
        id: soc
        name: Senior Officials Committee
        category: decision-making
        role: Follows up the decisions of CICA.
        """,
    "dimensions/human.yml": """\
        id: human
        name: Human dimension
        order: 5
        description: One of the five dimensions of the CICA confidence building measures.
        priority_areas:
          - id: human-general
            name: Human dimension (general)
            coordinator: kz
        """,
    "topics/volunteerism.yml": """\
        id: volunteerism
        name: Volunteerism
        dimension: human
        description: National policies and practices on volunteerism.
        """,
    "organizations/escap.yml": """\
        id: escap
        name: United Nations Economic and Social Commission for Asia and the Pacific
        relations:
          - type: partnership
            since: 2024-03-14
            description: The Senior Officials Committee approved a partnership.
        """,
    "documents/road-map-2023.yml": """\
        id: road-map-2023
        title: Road Map for CICA Transformation
        kind: road-map
        status: adopted
        date: 2023-09-21
        summary: The Road Map has eight clusters.
        """,
    "chairmanships/2020-kz.yml": """\
        id: 2020-kz
        state: kz
        from: 2020-09
        to: 2024-12
        """,
    "meetings/2024/2024-03-14-soc.yml": """\
        id: 2024-03-14-soc
        body: soc
        status: held
        start: 2024-03-14
        venue:
          city: Astana
          state: kz
        decisions:
          - kind: welcomed
            text: The Committee welcomed sharing practices on volunteerism.
            concerns:
              states:
                - kz
              organizations:
                - escap
              bodies:
                - soc
              documents:
                - road-map-2023
              topics:
                - volunteerism
              practices:
                - kz/law-on-volunteer-activity
        """,
    "practices/kz/law-on-volunteer-activity.yml": """\
        id: law-on-volunteer-activity
        title: Law "On Volunteer Activity"
        country: kz
        kind: law
        topics:
          - volunteerism
        year: 2016
        summary: It sets the aims, forms and support measures for volunteering.
        body: |
          The law sets the aims and forms of volunteering.
          See [the text](https://adilet.zan.kz/eng/docs/Z1600000042).
        provenance: official-submission
        status: shared
        consensus:
          meeting: 2024-03-14-soc
        last_verified: 2024-11-23
        """,
}


def yaml_text(text: str) -> str:
    """Dedented YAML exactly as given (line 1 is the first line after the opening quotes)."""
    return textwrap.dedent(text)


class DataTree:
    """A data/ folder in tmp_path: write or break files, then collect the checker's problems."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"

    def write(self, relative: str, text: str) -> Path:
        """Write YAML text (dedented) at data/<relative>, exactly as given."""
        return self.write_bytes(relative, yaml_text(text).encode("utf-8"))

    def write_bytes(self, relative: str, raw: bytes) -> Path:
        path = self.data / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        return path

    def remove(self, relative: str) -> None:
        (self.data / relative).unlink()

    def load(self):
        return load_knowledge_base(self.data)

    def problems(self) -> tuple[Problem, ...]:
        """The problems of a broken tree; fails the test if the tree loads cleanly."""
        with pytest.raises(DataError) as raised:
            self.load()
        return raised.value.problems

    def only_problem(self) -> Problem:
        """The single problem of a tree broken in exactly one place."""
        problems = self.problems()
        assert len(problems) == 1, "expected exactly one problem, got:\n" + "\n".join(map(str, problems))
        return problems[0]


def write_valid_tree(tree: DataTree) -> None:
    for relative, text in VALID.items():
        tree.write(relative, yaml_text(text) + SOURCES)


@pytest.fixture
def tree(tmp_path: Path) -> DataTree:
    """A minimal valid data tree (checked to load) for one test to break."""
    data_tree = DataTree(tmp_path)
    write_valid_tree(data_tree)
    return data_tree


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session."""
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING -" not in result.stderr
    return out
