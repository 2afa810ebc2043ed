"""Russian text of the records: the checker's rules for it, what lacks it, and how much of each kind has it.

Which fields a record kind may translate is said once, in the schemas (`translations.ru`, read by
`Collection.translatable_fields`). Missing Russian text is never an error: `make check` warns, the
Translation status page counts, the pull-request summary names the fields. Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..load.collections import COLLECTION_BY_NAME, COLLECTIONS, Collection, values_at
from ..load.loader import LoadedFile
from ..model.model import KnowledgeBase, Record
from ..problems import Problem
from .schemas import TRANSLATIONS, compiled, labelled_values, schema_documents, schema_translatable_fields

_COMMON = schema_documents()["common"]["$defs"]
TRANSLATED = "ru"  # the language records are translated into; English is the language of the data
OFFICIAL, EDITORIAL = "official", "editorial"  # whose text a translation is: the state's or CICA's, or the editors'
PROVENANCE_LABELS: Mapping[str, str] = labelled_values(_COMMON["translation_provenance"]) or {}  # the schema's labels


def translation_of(data: Mapping[str, Any], language: str = TRANSLATED) -> Mapping[str, Any]:
    """A record's text in `language` (`translations.<language>`), empty when it has none."""
    translations = data.get(TRANSLATIONS)
    text = translations.get(language) if isinstance(translations, Mapping) else None
    return text if isinstance(text, Mapping) else {}


def translation_problems(loaded: LoadedFile, schema: str) -> list[Problem]:
    """What the schema cannot say: a translated field needs its field in the record, a translated list as many items."""
    translations = loaded.data.get(TRANSLATIONS)
    if not isinstance(translations, Mapping):
        return []
    return [
        problem
        for language in translations
        for problem in _language_problems(loaded, schema, language, translation_of(loaded.data, language))
    ]


def _language_problems(loaded: LoadedFile, schema: str, language: str, text: Mapping[str, Any]) -> Iterator[Problem]:
    english = loaded.data
    for name, is_list in _top_fields(schema_translatable_fields(schema, language)):
        where = (TRANSLATIONS, language, name)
        if name in text and name not in english:
            message = f"the record has no {name} to translate: add {name} to the record, or remove it here"
            yield loaded.problem(where, message, key=True)
        elif name in text and is_list and _lengths_differ(text[name], english[name]):
            message = (
                f"{len(text[name])} translated {name} for the record's {len(english[name])}: "
                f"give one for each of its {name}, in the same order"
            )
            yield loaded.problem(where, message, key=True)


def _lengths_differ(translated: Any, english: Any) -> bool:
    """Two lists of different lengths (other values: the schema reports them)."""
    return isinstance(translated, list) and isinstance(english, list) and len(translated) != len(english)


def _top_fields(fields: tuple[str, ...]) -> Iterator[tuple[str, bool]]:
    """The record's own fields that translatable fields start with (`decisions` for `decisions[].text`), once each."""
    seen: set[str] = set()
    for field in fields:
        step, name = field.split(".", 1)[0], _top_name(field)
        if name not in seen:
            seen.add(name)
            yield name, step.endswith("[]")


def _top_name(field: str) -> str:
    """The record's own field a translatable field is in: `decisions` for `decisions[].text`."""
    return field.split(".", 1)[0].removesuffix("[]")


def has_text(data: Mapping[str, Any], field: str) -> bool:
    """Whether a record (or its translation) has text at a dotted field (`decisions[].text`: every decision's)."""
    found = [value for _, value in values_at(data, field)]
    return bool(found) and all(isinstance(value, str) and value.strip() for value in found)


def in_english(collection: Collection, data: Mapping[str, Any]) -> tuple[str, ...]:
    """The translatable fields a record has (in English), in schema order."""
    return tuple(field for field in collection.translatable_fields if any(True for _ in values_at(data, field)))


def texts_in(collection: Collection, data: Mapping[str, Any], language: str = TRANSLATED) -> dict[str, str]:
    """Each translatable field a record has text for in `language`, with whose text it is (official or editorial).

    An instrument's original title in that language is its title there, an official text (as `localized` shows it).
    """
    block = translation_of(data, language)
    found = {field: str(block.get("provenance")) for field in collection.translatable_fields if has_text(block, field)}
    original = data.get("original_title")
    in_language = isinstance(original, Mapping) and original.get("language") == language
    if in_language and "title" in collection.translatable_fields:
        found.setdefault("title", OFFICIAL)
    return found


def untranslated(collection: Collection, data: Mapping[str, Any], language: str = TRANSLATED) -> tuple[str, ...]:
    """The translatable fields a record has in English but not in `language`, in schema order."""
    return without_text(in_english(collection, data), texts_in(collection, data, language))


def without_text(present: tuple[str, ...], texts: Mapping[str, str]) -> tuple[str, ...]:
    """The fields a record has in English (`present`) that have no text in the other language (`texts`)."""
    return tuple(field for field in present if field not in texts)


def field_label(collection: Collection, field: str) -> str:
    """A translatable field as readers know it: the English field's title in the schema (`body`: Details)."""
    name = _top_name(field)
    node = compiled(collection.schema).schema["properties"].get(name, {})  # a field an allOf branch declares: untitled
    return str(node.get("title") or name.replace("_", " ").capitalize())


@dataclass(frozen=True)
class FieldStatus:
    """How many records of a kind have a field in English, and how many of those have it in Russian, by provenance."""

    field: str
    label: str
    english: int
    official: int
    editorial: int

    @property
    def missing(self) -> int:
        return self.english - self.official - self.editorial


@dataclass(frozen=True)
class Untranslated:
    """A record with English text in fields that have no Russian text."""

    record: Record
    fields: tuple[str, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        """The fields as readers know them (the English field's title in the schema)."""
        return tuple(field_label(COLLECTION_BY_NAME[self.record.collection], field) for field in self.fields)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """One warning per field, at the line of the English field: what `make check --untranslated` lists."""
        return tuple(
            Problem(
                self.record.path,
                self.record.line_of(_top_name(field)),
                1,
                field,
                f"warning: no Russian text; add it as {TRANSLATIONS}.{TRANSLATED}.{field}",
            )
            for field in self.fields
        )


@dataclass(frozen=True)
class KindStatus:
    """The Russian text of one record kind: per field, and the records that lack some."""

    collection: Collection
    total: int
    fields: tuple[FieldStatus, ...]
    lacking: tuple[Untranslated, ...]

    def summary_warning(self) -> str | None:
        """One line for `make check`: how many records lack Russian text, and for which fields how many."""
        if not self.lacking:
            return None
        counts = ", ".join(f"{_top_name(status.field)} {status.missing}" for status in self.fields if status.missing)
        verb = "lacks" if len(self.lacking) == 1 else "lack"
        return f"warning: {len(self.lacking)} of {self.total} {self.collection.name} {verb} Russian text ({counts})"


def kind_status(kb: KnowledgeBase, collection: Collection, language: str = TRANSLATED) -> KindStatus:
    """How much of one record kind has text in `language`."""
    records = kb.all(collection.name)
    fields = collection.translatable_fields
    english = dict.fromkeys(fields, 0)
    translated = {field: {OFFICIAL: 0, EDITORIAL: 0} for field in fields}
    lacking = []
    for record in records:
        texts = texts_in(collection, record.data, language)
        present = in_english(collection, record.data)
        for field in present:
            english[field] += 1
            if texts.get(field) in (OFFICIAL, EDITORIAL):
                translated[field][texts[field]] += 1
        missing = without_text(present, texts)  # `untranslated`, from what was read once above
        if missing:
            lacking.append(Untranslated(record, missing))
    counts = tuple(
        FieldStatus(field, field_label(collection, field), english[field], by[OFFICIAL], by[EDITORIAL])
        for field, by in translated.items()
    )
    return KindStatus(collection, len(records), counts, tuple(lacking))


def translation_status(kb: KnowledgeBase, language: str = TRANSLATED) -> tuple[KindStatus, ...]:
    """Every record kind that has translatable fields, in the collections' order."""
    return tuple(kind_status(kb, collection, language) for collection in COLLECTIONS if collection.translatable_fields)
