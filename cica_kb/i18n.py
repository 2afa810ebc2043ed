"""The site's languages and their interface text: one gettext catalogue (`.po`, Babel) per language and domain.

English is the source language, at the site's root; Russian is under /ru/. English msgids are the English
text, so the source language needs no catalogue. Catalogues are read from `locale/` and compiled in memory
at build time: no compiled `.mo` file is committed or written. Two domains: `messages` (Python, Jinja
templates, schema labels, mkdocs.yml, overrides/) and `js` (the browser's scripts, delivered as a dict by
`browser_messages`).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, Mapping

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LANGUAGES: tuple[str, ...] = ("en", "ru")  # the first is the source language of data, templates and catalogues
SOURCE_LANGUAGE = LANGUAGES[0]
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
MESSAGES = "messages"  # Python, templates, schemas, mkdocs.yml, overrides/
JS = "js"  # docs/assets/*.js


def prefix(language: str) -> str:
    """The folder of a language's pages in the site: "" for the source language, "ru/" for Russian."""
    return "" if language == SOURCE_LANGUAGE else f"{language}/"


def N_(message: str) -> str:
    """Marks a string for the catalogue where it is defined; it is translated where it is shown."""
    return message


def catalogue_path(language: str, domain: str = MESSAGES, root: Path = LOCALE_DIR) -> Path:
    """`locale/<language>/LC_MESSAGES/<domain>.po`."""
    return root / language / "LC_MESSAGES" / f"{domain}.po"


def template_path(domain: str = MESSAGES, root: Path = LOCALE_DIR) -> Path:
    """`locale/<domain>.pot`: every msgid of the sources, as `make strings` extracts them."""
    return root / f"{domain}.pot"


@cache
def catalogue(language: str, domain: str = MESSAGES) -> Catalog:
    """The parsed `.po` of a language (an empty catalogue for the source language or a missing file)."""
    path = catalogue_path(language, domain)
    if language == SOURCE_LANGUAGE or not path.exists():
        return Catalog(locale=language, domain=domain)
    with path.open("rb") as po:
        return read_po(po, locale=language, domain=domain)


@cache
def translations(language: str, domain: str = MESSAGES) -> gettext.NullTranslations:
    """gettext translations of a language, compiled in memory; fuzzy and empty entries fall back to English."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    compiled = BytesIO()
    write_mo(compiled, catalogue(language, domain), use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@dataclass(frozen=True)
class Translator:
    """The interface text of one language: `gettext` and `ngettext` with named values, as the templates use them.

    New-style, as Jinja's i18n extension: `tr.gettext("Practices of %(state)s", state=name)`, and
    `tr.ngettext("%(num)d practice", "%(num)d practices", n)` where `num` is the count.
    """

    language: str

    @property
    def _translations(self) -> gettext.NullTranslations:
        return translations(self.language)

    def gettext(self, message: str, **values: Any) -> str:
        text = self._translations.gettext(message)
        return text % values if values else text

    def pgettext(self, context: str, message: str, **values: Any) -> str:
        """A message whose translation depends on where it is used (`Planned` as a heading of meetings)."""
        text = self._translations.pgettext(context, message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: Any) -> str:
        text = self._translations.ngettext(singular, plural, count)
        return text % {"num": count, **values}

    def label(self, labels: Mapping[Any, str], value: Any) -> str:
        """A value's label (English, from `labels`) in the language."""
        return self.gettext(labels[value])

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    def number(self, value: float, digits: int = 0, grouped: bool = True) -> str:
        """`value` with `digits` decimals as the language writes it: `1,234.5` in English, `1 234,5` in Russian.

        Russian is Babel's; English is Python's own formatting (`grouped=False` is `f"{value:.1f}"`, no thousands
        separator). Python rounds once, for every language, so both show the same digits.
        """
        rounded = f"{value:{',' if grouped else ''}.{digits}f}"
        if self.language == SOURCE_LANGUAGE:
            return rounded
        pattern = ("#,##0" if grouped else "0") + ("." + "0" * digits if digits else "")
        return format_decimal(Decimal(f"{value:.{digits}f}"), format=pattern, locale=self.locale)

    def percent(self, share: float) -> str:
        """A share as a whole percentage: `64%` in English, `64 %` in Russian (Babel's)."""
        if self.language == SOURCE_LANGUAGE:
            return f"{share:.0%}"
        return format_percent(Decimal(f"{share * 100:.0f}") / 100, locale=self.locale)


@cache
def translator(language: str) -> Translator:
    """The translator of a language of the site."""
    if language not in LANGUAGES:
        raise ValueError(f"{language!r} is not a language of the site; use one of {', '.join(LANGUAGES)}")
    return Translator(language)


SOURCE = Translator(SOURCE_LANGUAGE)  # English: where a caller gives no language (the checker, the CLI)


THEME_DIR = "overrides"  # the theme templates of the project; their words come from `config.extra.kb_strings`


def theme_strings(language: str) -> dict[str, str]:
    """English → the language's text of the words in overrides/ (partials/kb-strings.html), for the `extra.kb_strings`
    of the language's engine configuration; empty for the source language, whose templates say the English."""
    return {
        str(message.id): message.string
        for message in catalogue(language)
        if isinstance(message.id, str)
        and isinstance(message.string, str)
        and message.string
        and not message.fuzzy
        and not message.context
        and any(path.startswith(f"{THEME_DIR}/") for path, _ in message.locations)
    }


def browser_messages(language: str, domain: str = JS) -> dict[str, Any]:
    """A domain's catalogue as JSON-ready data for the browser: translated messages only (the rest stays English).

    `messages` maps a msgid to its text, or a plural msgid to the list of its forms; `plural` is the
    catalogue's C expression of `n` that picks a form (Russian: three), `nplurals` their number.
    Context-free msgids only, as the extractors write them.
    """
    found = catalogue(language, domain)
    messages: dict[str, str | list[str]] = {}
    for message in found:
        if not message.id or message.fuzzy or not message.string:
            continue
        if message.context:
            continue  # the scripts' catalogue has no contexts; a context's text must not replace the plain one
        if isinstance(message.id, (list, tuple)):
            forms = [str(form) for form in message.string]
            if all(forms):
                messages[str(message.id[0])] = forms
        elif isinstance(message.string, str):
            messages[str(message.id)] = message.string
    return {"language": language, "plural": found.plural_expr, "nplurals": found.num_plurals, "messages": messages}
