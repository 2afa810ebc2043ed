"""Synthetic practices for the benchmark: schema-valid, deterministic, about 300 words each.

They are written into a copy of the project's data next to the real records; nothing here is ever
published. The words come from a fixed vocabulary so that queries in the benchmark have known hits.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from ..check.schemas import value_labels

KINDS = tuple(value_labels("practice", "kind"))  # every kind the schema allows
VOCABULARY = (
    "volunteer volunteers volunteering youth education health environment water energy transport trade "
    "tourism culture heritage women children migration labour digital governance statistics disaster "
    "resilience climate agriculture food security innovation science research training capacity "
    "partnership cooperation dialogue confidence community civil society register platform strategy "
    "programme national regional local ministry agency council committee report review assessment "
    "implementation monitoring evaluation funding grant support measures services access inclusion "
    "rights protection standards guidelines network centre institute university school hospital "
    "emergency response recovery planning coordination information exchange best practice policy"
).split()
MARKER = "benchmarkterm"  # appears in exactly one synthetic practice: the benchmark's rare query
# Russian text, as few records have it: an editorial translation of one practice in TRANSLATED_EVERY, and
# an original title for one law in ORIGINAL_TITLE_EVERY. Drawn from their own generator, so the English
# text of every practice is the same as without them.
RUSSIAN_VOCABULARY = (
    "волонтер волонтеры добровольчество молодежь образование здравоохранение экология вода энергетика "
    "транспорт торговля туризм культура наследие женщины дети миграция труд цифровой управление статистика "
    "бедствие устойчивость климат сельское хозяйство продовольствие безопасность инновации наука исследование "
    "обучение партнерство сотрудничество диалог доверие общество реестр платформа стратегия программа "
    "национальный региональный министерство агентство совет комитет доклад оценка мониторинг поддержка"
).split()
RUSSIAN_MARKER = "контрольноеслово"  # in the Russian text of exactly one synthetic practice
TRANSLATED_EVERY = 25  # 4 % of synthetic practices have Russian text
ORIGINAL_TITLE_EVERY = 3  # a third of synthetic laws have an original title
ORIGINAL_LANGUAGES = ("ru", "kk", "ky", "tg", "uz", "az")


@dataclass(frozen=True)
class Corpus:
    """What the generator can refer to: ids of real records in the data folder."""

    states: tuple[str, ...]
    topics: tuple[str, ...]


def corpus_of(data_dir: Path) -> Corpus:
    """The state and topic ids of a data folder (practices may only refer to these)."""
    states = tuple(sorted(path.stem for path in (data_dir / "states").glob("*.yml")))
    topics = tuple(sorted(path.stem for path in (data_dir / "topics").glob("*.yml")))
    return Corpus(states, topics)


def _words(rng: random.Random, count: int, vocabulary: tuple[str, ...] | list[str] = VOCABULARY) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def _paragraphs(rng: random.Random, words: int, vocabulary: tuple[str, ...] | list[str] = VOCABULARY) -> str:
    sentences = [_words(rng, rng.randint(8, 16), vocabulary).capitalize() + "." for _ in range(words // 12)]
    return "\n\n".join(" ".join(sentences[start : start + 5]) for start in range(0, len(sentences), 5))


def synthetic_practice(number: int, corpus: Corpus, seed: int = 2024) -> tuple[str, str]:
    """Practice number `number`: its path under data/ and its YAML text (JSON-quoted scalars)."""
    rng = random.Random(seed * 1_000_003 + number)
    country = corpus.states[number % len(corpus.states)]
    practice_id = f"synthetic-{number:05d}"
    body = _paragraphs(rng, 280)
    if number == 7:
        body += f"\n\nThis entry alone mentions {MARKER}."
    record = {
        "id": practice_id,
        "title": f"Synthetic {rng.choice(KINDS)} on {_words(rng, 3)} No. {number}",
        "country": country,
        "kind": rng.choice(KINDS),
        "topics": sorted(set(rng.sample(corpus.topics, rng.randint(1, min(2, len(corpus.topics)))))),
        "year": rng.randint(1995, 2026),
        "summary": f"Synthetic benchmark entry on {_words(rng, 12)}.",
        "body": body,
        "provenance": "public-source",
        "status": "reference",
        "last_verified": "2026-01-01",
        "sources": [
            {"title": "Benchmark source", "url": f"https://benchmark.invalid/source/{number}"}
        ],  # .invalid never resolves (RFC 6761)
    }
    record.update(_russian(number, str(record["kind"]), seed))
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in record.items()]
    return f"practices/{country}/{practice_id}.yml", "\n".join(lines) + "\n"


def _russian(number: int, kind: str, seed: int) -> dict[str, object]:
    """The Russian text of a synthetic practice, if it has any: an editorial translation, an original title."""
    rng = random.Random(seed * 2_000_003 + number)
    fields: dict[str, object] = {}
    if kind == "law" and number % ORIGINAL_TITLE_EVERY == 0:
        fields["original_title"] = {
            "text": f"Закон о {_words(rng, 3, RUSSIAN_VOCABULARY)} № {number}",
            "language": ORIGINAL_LANGUAGES[number % len(ORIGINAL_LANGUAGES)],
            "source": {"title": "Benchmark legal portal", "url": f"https://benchmark.invalid/law/{number}"},
        }
    if number % TRANSLATED_EVERY == 0:
        body = _paragraphs(rng, 280, RUSSIAN_VOCABULARY)
        if number == TRANSLATED_EVERY:
            body += f"\n\nТолько эта запись упоминает {RUSSIAN_MARKER}."
        fields["translations"] = {
            "ru": {
                "provenance": "editorial",
                "title": f"Синтетическая практика: {_words(rng, 3, RUSSIAN_VOCABULARY)} № {number}",
                "summary": f"Синтетическая запись для измерений: {_words(rng, 12, RUSSIAN_VOCABULARY)}.",
                "body": body,
            }
        }
    return fields


def write_synthetic(data_dir: Path, count: int) -> None:
    """Add `count` synthetic practices to a data folder (a copy: never the real one)."""
    corpus = corpus_of(data_dir)
    for number in range(count):
        relative, text = synthetic_practice(number, corpus)
        target = data_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
