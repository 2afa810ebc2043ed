"""The site's languages. English is the source language, at the site's root; Russian is under /ru/."""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "ru")  # the first is the source language of data, templates and catalogues
SOURCE_LANGUAGE = LANGUAGES[0]


def prefix(language: str) -> str:
    """The folder of a language's pages in the site: "" for the source language, "ru/" for Russian."""
    return "" if language == SOURCE_LANGUAGE else f"{language}/"


class _Untranslated:
    """Until the catalogues land: every string as it is (English). Replaced by Babel's translations."""

    def gettext(self, message: str) -> str:
        return message


def translator(language: str) -> _Untranslated:
    return _Untranslated()
