"""Problems found in the data: one per mistake, each naming file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, at the line and column of the offending key or value."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{visible(self.path)}:{self.line}:{self.column}: {visible(self.field)}: {self.message}"


def visible(text: str) -> str:
    """Text with invisible and control characters shown as escapes (`\\u202e`), so a terminal shows what is there."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


class DataError(Exception):
    """Raised at the edges (CLI, MkDocs hook) when the data has problems; carries all of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__(report(self.problems))


def report(problems: Iterable[Problem]) -> str:
    """The text shown to a contributor: every problem on its own line, then a count."""
    listed = sorted(problems)
    lines = [str(problem) for problem in listed]
    noun = "problem" if len(listed) == 1 else "problems"
    lines.append(f"{len(listed)} {noun} found in the data.")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, level: str = "error") -> str:
    """A GitHub Actions workflow command that shows the problem (or, with level "warning", a warning)
    on its line of the diff."""
    where = (
        f"file={_escape_property(problem.path)},line={problem.line},col={problem.column},"
        f"title={_escape_property(problem.field)}"
    )
    return f"::{level} {where}::{_escape_data(problem.message)}"
