"""The search's own vocabulary, for "did you mean": the words of every record's title and summary.

Pagefind has no typo tolerance. When a search finds nothing, the browser (docs/assets/kb-finder-state.js)
looks for the nearest words of this list by edit distance and offers, then runs, the corrected search.
Words are folded as the browser folds them (no accents, lower case), most used first.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

from ..load.collections import COLLECTIONS
from ..model.model import KnowledgeBase

VOCABULARY_PATH = "search/vocabulary.json"
_WORD = re.compile(r"[^\W_]+")
SHORTEST = 4  # shorter words are too close to each other to correct safely


def fold(text: str) -> str:
    """Without accents and in lower case, like the browser's `fold`."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def record_words(title: str, summary: str) -> set[str]:
    """The distinct folded words of one record's title and summary, digits excluded."""
    return {word for word in _WORD.findall(fold(f"{title} {summary}")) if len(word) >= SHORTEST and not word.isdigit()}


def search_vocabulary(kb: KnowledgeBase) -> str:
    """JSON list of the words of every title and summary, the words of more records first."""
    used: Counter[str] = Counter()
    for collection in COLLECTIONS:
        for record in kb.all(collection.name):
            used.update(record_words(record.label, str(record.get("summary") or "")))
    words = sorted(used, key=lambda word: (-used[word], word))
    return json.dumps(words, ensure_ascii=False, separators=(",", ":"))
