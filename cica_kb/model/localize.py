"""The knowledge base in a language: each record's own text in it where the record has one, else its English text.

Pure: `localized(kb, "ru")` overlays every record's `translations.ru` on its fields and notes, per record, with
what provenance the text is in the language and which of its translatable fields fell back to English, so the
pages can say so. The English knowledge base is the data as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from ..i18n import SOURCE_LANGUAGE
from ..load.collections import translatable_fields as of_collection
from .model import KnowledgeBase, Record, build_knowledge_base, freeze

ABOUT_TRANSLATION = ("provenance", "source")  # the parts of a translation block that are not text of the record


@dataclass(frozen=True)
class Translation:
    """How a record's page in a language got its text."""

    language: str
    provenance: str = ""  # official or editorial; "" when the record has no text in the language
    source: Mapping[str, Any] | None = None  # where an official text is published
    translated: tuple[str, ...] = ()  # the fields shown in the language
    in_english: tuple[str, ...] = ()  # translatable fields the record has only in English

    @property
    def untranslated(self) -> bool:
        return not self.translated


def localized(kb: KnowledgeBase, language: str) -> KnowledgeBase:
    """The knowledge base with every record's text in `language` where it has one; indexes and order follow it."""
    if language == SOURCE_LANGUAGE:
        return kb
    records = (in_language(record, language) for group in kb.records.values() for record in group.values())
    return build_knowledge_base(records, language)


def in_language(record: Record, language: str) -> Record:
    """The record with its text in `language` laid over the English, and a note of what was laid."""
    block: Mapping[str, Any] = (record.data.get("translations") or {}).get(language) or {}
    texts = {name: value for name, value in block.items() if name not in ABOUT_TRANSLATION}
    data = {name: _overlaid(record.data.get(name), value) for name, value in texts.items()}
    provenance, source = str(block.get("provenance", "")), block.get("source")
    original = record.data.get("original_title")
    if "title" not in texts and original and original.get("language") == language:
        data["title"] = texts["title"] = original["text"]  # the instrument's own title is official in its language
        provenance, source = provenance or "official", source or (original["source"] if len(texts) == 1 else None)
    fields = dict.fromkeys(_top(field) for field in translatable_fields(record, language))
    translatable = [name for name in fields if name in record.data]
    translation = Translation(
        language=language,
        provenance=provenance,
        source=source,
        translated=tuple(name for name in translatable if name in texts),
        in_english=tuple(name for name in translatable if name not in texts),
    )
    return replace(record, data=freeze({**record.data, **data}), translation=translation)


def _overlaid(english: Any, translated: Any) -> Any:
    """A translated value over the English one: lists item by item (a meeting's decisions, a record's caveats), an
    object's translated fields over its own, so that what is not text (a decision's kind) stays."""
    if isinstance(english, tuple) and isinstance(translated, (list, tuple)):
        return [  # a list, so that `freeze` makes each item read-only again
            _overlaid(item, translated[number]) if number < len(translated) else item
            for number, item in enumerate(english)
        ]
    if isinstance(english, Mapping) and isinstance(translated, Mapping):
        return {**english, **{name: _overlaid(english.get(name), value) for name, value in translated.items()}}
    return translated


def _top(field: str) -> str:
    """The record's own field a dotted field is in (`decisions[].text` → `decisions`)."""
    return field.split(".", 1)[0].removesuffix("[]")


def translatable_fields(record: Record, language: str) -> tuple[str, ...]:
    """The record's fields that may carry text in the language: the `translations` properties of its schema."""
    return of_collection(record.collection, language)
