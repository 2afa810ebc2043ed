"""One way to spread work over every core: checking a large data folder, planning a large site."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
PARALLEL_FROM = 2_000  # items; below this, starting worker processes costs more than it saves
# Workers are forked: they inherit what the parent loaded. Windows cannot fork, so there the work stays in one process.
FORKS = "fork" in multiprocessing.get_all_start_methods()


def cores() -> int:
    """The worker processes worth starting on this machine (one where processes cannot be forked)."""
    return min(os.cpu_count() or 1, 8) if FORKS else 1


def ordered_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int,
    parallel_from: int = PARALLEL_FROM,
    chunksize: int = 250,
) -> Iterator[Result]:
    """`function` over `items`, results in order: in forked worker processes when there are enough items.

    A few large jobs (the open-data files of a large site) say so with a small `parallel_from` and `chunksize`.
    """
    if workers < 2 or len(items) < parallel_from or not FORKS:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(function, items, chunksize=chunksize)


def in_child(function: Callable[..., Result], *args: Any) -> Result:
    """`function(*args)` in a forked process of its own, its result (or its exception) returned here: the memory it
    took is given back when it ends, which a long step's own process cannot count on. Where processes cannot be
    forked, it runs here."""
    if not FORKS:
        return function(*args)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        return pool.submit(function, *args).result()
