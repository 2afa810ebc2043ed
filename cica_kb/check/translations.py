"""Russian text of the records: the checker's rules for it, what lacks it, and how much of each kind has it.

Which fields a record kind may translate is said once, in the schemas (`translations.ru`, read by
`Collection.translatable_fields`). Missing Russian text is never an error: `make check` warns, the
Translation status page counts, the pull-request summary names the fields. Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
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
    names = dict.fromkeys(_top_name(field) for field in schema_translatable_fields(schema, language))
    for name in names:
        if name in text:
            yield from _mismatches(loaded, (TRANSLATIONS, language), name, text[name], loaded.data.get(name))


def _mismatches(
    loaded: LoadedFile, at: tuple[str | int, ...], name: str | int, translated: Any, english: Any
) -> Iterator[Problem]:
    """A translated value laid over the English one, where it does not fit: a field the record lacks, a list of
    another length (a meeting's decisions; each decision's caveats), at any depth. Other shapes: the schema's."""
    where = (*at, name)
    if english is None:
        message = f"the record has no {name} to translate: add {name} to the record, or remove it here"
        yield loaded.problem(where, message, key=True)
    elif isinstance(translated, list) and isinstance(english, list):
        if len(translated) != len(english):
            message = (
                f"{len(translated)} translated {name} for the record's {len(english)}: "
                f"give one for each of its {name}, in the same order"
            )
            yield loaded.problem(where, message, key=True)
        for number, (item, own) in enumerate(zip(translated, english, strict=False)):  # a length apart: said above
            if isinstance(item, Mapping) and isinstance(own, Mapping):
                for key, value in item.items():
                    yield from _mismatches(loaded, (*where, number), key, value, own.get(key))
    elif isinstance(translated, Mapping) and isinstance(english, Mapping):
        for key, value in translated.items():
            yield from _mismatches(loaded, where, key, value, english.get(key))


def _top_name(field: str) -> str:
    """The record's own field a translatable field is in: `decisions` for `decisions[].text`."""
    return field.split(".", 1)[0].removesuffix("[]")


@cache  # asked for every record: the schema does not change within a run
def translated_fields(collection: Collection) -> tuple[str, ...]:
    """The record's own fields that hold translatable text, in schema order: `decisions` holds `decisions[].text` and
    `decisions[].caveats[]`. The status page, the warnings and the summary count these."""
    return tuple(dict.fromkeys(_top_name(field) for field in collection.translatable_fields))


@cache
def _texts_under(collection: Collection, name: str) -> tuple[str, ...]:
    """The translatable dotted fields in the record's field `name`."""
    return tuple(field for field in collection.translatable_fields if _top_name(field) == name)


def _texts_at(data: Mapping[str, Any], fields: tuple[str, ...]) -> dict[tuple[str | int, ...], Any]:
    return {path: value for field in fields for path, value in values_at(data, field)}


def covers(block: Mapping[str, Any], english: Mapping[str, Any], fields: tuple[str, ...]) -> bool:
    """Whether a translation has text wherever the English record has text in these dotted fields (each decision's
    text, and the caveats of those decisions that have some), and the English has some."""
    wanted, given = _texts_at(english, fields), _texts_at(block, fields)
    return bool(wanted) and all(isinstance(given.get(path), str) and given[path].strip() for path in wanted)


def in_english(collection: Collection, data: Mapping[str, Any]) -> tuple[str, ...]:
    """The record's fields with translatable text (in English), in schema order."""
    return tuple(name for name in translated_fields(collection) if _texts_at(data, _texts_under(collection, name)))


def texts_in(collection: Collection, data: Mapping[str, Any], language: str = TRANSLATED) -> dict[str, str]:
    """Each of the record's fields whose text is all in `language`, with whose text it is (official or editorial).

    An instrument's original title in that language is its title there, an official text (as `localized` shows it).
    """
    block = translation_of(data, language)
    provenance = str(block.get("provenance"))
    found = {
        name: provenance
        for name in translated_fields(collection)
        if covers(block, data, _texts_under(collection, name))
    }
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
    fields = translated_fields(collection)
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
        if english[field]  # a field no record of the kind has (yet) is not a row of zeros
    )
    return KindStatus(collection, len(records), counts, tuple(lacking))


def translation_status(kb: KnowledgeBase, language: str = TRANSLATED) -> tuple[KindStatus, ...]:
    """Every record kind that has translatable fields, in the collections' order."""
    return tuple(kind_status(kb, collection, language) for collection in COLLECTIONS if collection.translatable_fields)
