"""Work spread over the cores gives the same results, in the same order, as doing it in one process."""

from __future__ import annotations

import os

import pytest

from cica_kb import parallel
from cica_kb.parallel import PARALLEL_FROM, ordered_map


def square(number: int) -> int:
    return number * number


def test_a_large_job_on_two_workers_matches_one_process() -> None:
    numbers = list(range(PARALLEL_FROM + 1))
    assert list(ordered_map(square, numbers, workers=2)) == [n * n for n in numbers]


def test_a_small_job_stays_in_this_process() -> None:
    assert list(ordered_map(square, [3, 1, 2], workers=2)) == [9, 1, 4]


def test_where_processes_cannot_be_forked_the_work_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no fork: a large site is still checked and staged there, in one process."""
    monkeypatch.setattr(parallel, "FORKS", False)
    numbers = list(range(PARALLEL_FROM + 1))
    assert parallel.cores() == 1
    assert list(ordered_map(square, numbers, workers=2)) == [n * n for n in numbers]
    assert parallel.in_child(os.getpid) == os.getpid()
