"""The search index: Pagefind over a built site, a step after any engine (`python -m cica_kb index`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
# Permalink signs, edit buttons, the facts list (already filters), a record's "Suggest an edit · Report outdated
# information" and the page's revision date are not text to search: on every page, they made a search for
# "information" or "edit" find them all. Kept out of titles and excerpts too.
EXCLUDED = ".headerlink, .md-content__button, .kb-facts, .kb-actions, .md-source-file"
# Pagefind closes a chunk of its word index once it holds this many word locations (default 20,000): a query loads
# the chunks its words sort into, so smaller chunks carry fewer words that were not asked for (at 10,000 practices
# "volunteer" loads 137 kB instead of 198 kB, and the meta file grows by 0.6 kB). A word on every page still fills
# a chunk of its own. Pagefind reads it from the environment only (1.5: PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE).
CHUNK_SIZE = 5_000
# Pagefind's allocator (jemalloc, read from this variable) keeps freed memory for ten seconds by default; after
# reading every page Pagefind copies them all to build the index, so at 10,000 practices it peaked at 1,137 MiB.
# Returning freed memory at once: 891 MiB, the same index, 1.5 s slower. Ignored by a Pagefind built without it.
ALLOCATOR = "dirty_decay_ms:0,muzzy_decay_ms:0"


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message holds what it printed."""


def index_site(site_dir: Path, gently: bool = False) -> int:
    """Write `<site>/pagefind/` for the pages of a built site; the number of pages indexed.

    `gently` (a preview indexing in the background) runs Pagefind at the lowest priority, behind the edits.
    """
    from pagefind_bin import get_executable  # the binary shipped in the pagefind[bin] wheel

    command = [
        str(get_executable()),
        "--site",
        str(site_dir),
        "--output-subdir",
        OUTPUT_SUBDIR,
        "--exclude-selectors",
        EXCLUDED,
    ]
    nice = shutil.which("nice") if gently else None  # not preexec_fn: the hook runs this from a thread
    environment = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(CHUNK_SIZE), "_RJEM_MALLOC_CONF": ALLOCATOR}
    result = subprocess.run(
        [nice, "-n", "19", *command] if nice else command, capture_output=True, text=True, env=environment
    )
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index the site:\n{result.stdout}{result.stderr}")
    pages = re.search(r"Indexed (\d+) pages", result.stdout)
    return int(pages.group(1)) if pages else 0


def index_languages(site_dir: Path, folders: tuple[str, ...]) -> dict[str, int]:
    """Index a merged site one language at a time, each into its own folder's `pagefind/` (`folders`: "" for the
    site's root language, then e.g. "ru"); the other languages' folders are set aside while the root is indexed."""
    aside = {
        folder: site_dir.with_name(f".{site_dir.name}.{folder}.aside")
        for folder in folders
        if folder and (site_dir / folder).is_dir()
    }
    for folder, place in aside.items():
        (site_dir / folder).rename(place)
    try:
        counts = {"": index_site(site_dir)}
    finally:
        for folder, place in aside.items():
            place.rename(site_dir / folder)
    counts.update({folder: index_site(site_dir / folder) for folder in aside})
    return counts
