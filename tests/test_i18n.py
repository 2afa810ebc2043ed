"""The interface in English and Russian: the catalogue is complete and current, pages speak the build's language."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po

from cica_kb.adapters.extract import _TaggedLoader, source_messages
from cica_kb.build.language_config import language_config
from cica_kb.check.validate import load_knowledge_base
from cica_kb.i18n import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    browser_messages,
    catalogue_path,
    template_path,
    theme_strings,
    translator,
)
from cica_kb.load.collections import COLLECTIONS, values_at
from cica_kb.model.context import SiteContext
from cica_kb.model.dates import human_date, human_range
from cica_kb.model.localize import localized
from cica_kb.model.model import KnowledgeBase
from cica_kb.render.pages import plan_pages, render_fragment

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]
# Latin words a Russian page may keep: names of formats and services, and the site's own abbreviations.
LATIN_ALLOWED = {"BibTeX", "CSL-JSON", "JSON", "CSV", "YAML", "GitHub", "Atom", "ISO", "JavaScript", "Markdown"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(ROOT / "data")


def _key(message: str | tuple[str, ...], context: str | None) -> tuple[str, str | None]:
    return (message if isinstance(message, str) else message[0], context)


@pytest.fixture(scope="module")
def extracted() -> dict[tuple[str, str | None], str]:
    """Every msgid of the sources, extracted afresh with babel.cfg's rules: {(msgid, context): the first file}."""
    found: dict[tuple[str, str | None], str] = {}
    for filename, message, context in source_messages(ROOT):
        found.setdefault(_key(message, context), filename)
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_msgid_of_the_sources_has_a_translation(language: str, extracted: dict[tuple[str, str | None], str]) -> None:
    with catalogue_path(language).open("rb") as po:
        translated = read_po(po, locale=language)
    messages = {_key(message.id, message.context): message for message in translated if message.id}
    missing = [f"{file}: {msgid!r}" for (msgid, context), file in extracted.items() if (msgid, context) not in messages]
    unfinished = [
        f"{extracted.get(key, '?')}: {key[0]!r}"
        for key, message in messages.items()
        if message.fuzzy or not all(message.string if isinstance(message.string, (list, tuple)) else [message.string])
    ]
    assert not missing, f"not in {catalogue_path(language).relative_to(ROOT)} (run `make strings`, then translate):\n" + "\n".join(missing)
    assert not unfinished, "fuzzy or without a translation:\n" + "\n".join(unfinished)
    forms = [message.string for message in translated if isinstance(message.id, tuple)]
    assert forms and all(len(form) == translated.num_plurals for form in forms)


def test_the_catalogues_are_current_with_the_sources(extracted: dict[tuple[str, str | None], str]) -> None:
    """A msgid that no source has any more, or one the template lacks, means `make strings` was not run."""
    with template_path().open("rb") as pot:
        template = {_key(message.id, message.context) for message in read_po(pot) if message.id}
    assert template == set(extracted), "locale/messages.pot is out of date: run `make strings`"
    for language in TRANSLATED:
        with catalogue_path(language).open("rb") as po:
            stale = {_key(m.id, m.context) for m in read_po(po) if m.id} - set(extracted)
        assert not stale, f"{language}: msgids no source has any more (run `make strings`): {sorted(stale)}"


def test_russian_plurals_and_dates_come_from_babel() -> None:
    tr = translator("ru")
    assert [tr.ngettext("%(num)d practice", "%(num)d practices", n) for n in (1, 3, 5, 21)] == [
        "1 практика", "3 практики", "5 практик", "21 практика",
    ]
    year = "\N{NARROW NO-BREAK SPACE}г."  # CLDR's Russian: the year's abbreviation never wraps away from it
    assert human_date("2024-03-14", "ru") == f"14 марта 2024{year}"
    assert human_date("2024-03", "ru") == f"март 2024{year}"
    assert tr.gettext("until %(date)s", date=human_date("2010-06", "ru", governed=True)) == f"до июня 2010{year}"
    assert human_range("2022-10-12", "2022-10-13", "ru") == f"12–13 октября 2022{year}"
    assert human_date("2024-03-14") == "14 March 2024"


def _data_texts(kb: KnowledgeBase) -> list[str]:
    """Every text of the records (names, titles, summaries, labels): pages show it as the data gives it."""
    texts: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            texts.add(value)
        elif isinstance(value, dict) or hasattr(value, "items"):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    for group in kb.records.values():
        for record in group.values():
            walk(record.data)
            texts.add(record.label)
    return sorted(texts, key=len, reverse=True)


def english_left(markdown: str, data: list[str]) -> set[str]:
    """The Latin words of a page that are neither the records' own text nor allowed names: interface left in English."""
    text = markdown.split("\n---\n", 1)[-1]  # front matter: the title is the record's
    text = re.sub(r'(?s)<div class="kb-search-data".*?</div>', " ", text)  # hidden facet data, translated or codes
    text = re.sub(r'(?s)<div class="kb-body">.*?</div>', " ", text)  # a practice's own Markdown body, rendered
    text = re.sub(r'(?s)<text class="kb-structure__name"[^>]*>.*?</text>', " ", text)  # body names, wrapped in boxes
    text = re.sub(r"(?s)<[^>]*>", " ", text)  # tags and their attributes (classes, addresses)
    text = re.sub(r"\]\([^)]*\)", "] ", text)  # link targets
    text = html.unescape(text.replace("\\", ""))  # Markdown's and HTML's escapes
    for value in data:
        text = text.replace(value, " ")
    text = re.sub(r"\S*/\S*", " ", text)  # addresses and paths
    text = re.sub(r"!!! \w+", " ", text)  # admonition kinds
    return set(re.findall(r"[A-Za-z][A-Za-z-]{2,}", text)) - LATIN_ALLOWED


@pytest.fixture(scope="module")
def russian_pages(kb: KnowledgeBase) -> dict[str, str]:
    ctx = SiteContext(language="ru", repo_url="https://github.com/cica-secretariat/cica-kb", as_of="2026-12-01")
    return {path: page.markdown for path, page in plan_pages(kb, ctx).items()}


@pytest.mark.parametrize("page", [
    "states/kz.md", "meetings/2024/2024-03-14-soc.md", "practices/kz/law-on-volunteer-activity.md",
    "bodies/secretariat.md", "documents/charter.md", "topics/volunteerism.md",
])
def test_a_russian_record_page_has_no_english_interface_text(page: str, russian_pages: dict[str, str], kb: KnowledgeBase) -> None:
    markdown = russian_pages[page]
    assert english_left(markdown, _data_texts(kb)) == set()
    assert "## Источники" in markdown


def test_every_russian_record_page_is_in_russian(russian_pages: dict[str, str], kb: KnowledgeBase) -> None:
    data = _data_texts(kb)
    left = {path: words for path, markdown in russian_pages.items() if (words := english_left(markdown, data))}
    assert left == {}


def test_record_text_translated_into_russian_is_shown_in_russian(kb: KnowledgeBase) -> None:
    """Every text a record has in Russian, at any depth (a caveat, a priority area's name, a decision's caveat, a
    head's post, a relation, a venue's city), replaces its English text on every Russian page."""
    ctx = SiteContext(language="ru", as_of="2026-12-01")
    sources = re.compile(r'(?s)<a [^>]*rel="nofollow noopener"[^>]*>.*?</a>')  # a source's own title is in its language
    pages = {path: sources.sub(" ", page.markdown.replace("\\", "")) for path, page in plan_pages(localized(kb, "ru"), ctx).items()}
    translated = []
    for collection in COLLECTIONS:
        for record in kb.all(collection.name):
            russian = (record.get("translations") or {}).get("ru") or {}
            for field in collection.translatable_fields:
                given = dict(values_at(russian, field))
                translated += [(english, given[path]) for path, english in values_at(record.data, field) if path in given]
    assert len(translated) >= 400
    long = [english for english, _ in translated if len(english.split()) >= 4 and english not in {r for _, r in translated}]
    shown = sorted({english for english in long if any(english in page for page in pages.values())})
    assert shown == []
    assert "15 государств подписали Декларацию 1999 года" in pages["states/kz.md"]
    assert "Военно-политическое измерение (в целом)" in pages["states/kz.md"]
    assert "Military-political dimension (general)" not in pages["states/kz.md"]
    assert "Генеральный секретарь" in pages["bodies/secretariat.md"] and "Secretary General" not in pages["bodies/secretariat.md"]
    assert "Астана" in pages["meetings/2022/2022-10-12-summit.md"] and "Astana," not in pages["meetings/2022/2022-10-12-summit.md"]
    assert "Посол по особым поручениям" in pages["meetings/2024/2024-03-12-swg.md"]


@pytest.mark.parametrize("fragment", ["home", "finder", "structure", "coverage", "states_table", "latest", "documents"])
def test_a_russian_fragment_has_no_english_interface_text(fragment: str, kb: KnowledgeBase) -> None:
    extra = {"day": "2025-01-01", "status": "member"}
    russian = render_fragment(fragment, kb, "index.md", "ru", **extra)
    english = render_fragment(fragment, kb, "index.md", "en", **extra)
    assert english_left(russian, _data_texts(kb)) == set()
    assert russian != english


def test_english_stays_english(kb: KnowledgeBase) -> None:
    home = render_fragment("home", kb, "index.md", day="2025-01-01")
    assert "Search national policies and practices" in home and "Current Chair of CICA:" in home
    page = plan_pages(kb, SiteContext())["states/kz.md"].markdown
    assert "## Sources" in page and "Источники" not in page


def test_the_finder_filters_by_russian_names_on_russian_pages(russian_pages: dict[str, str]) -> None:
    practice = russian_pages["practices/kz/law-on-volunteer-activity.md"]
    assert '<span data-pagefind-filter="kind">Закон</span>' in practice
    assert 'data-pagefind-filter="type"' not in practice  # pages that are not practices carry the finder's "type"


def test_the_scripts_get_a_catalogue_as_data() -> None:
    messages = browser_messages("ru", "messages")
    assert messages["nplurals"] == 3 and "n%10==1" in messages["plural"]
    assert messages["messages"]["Sources"] == "Источники"
    assert messages["messages"]["%(num)d practice"] == ["%(num)d практика", "%(num)d практики", "%(num)d практик"]
    assert browser_messages("en", "messages")["messages"] == {}


def test_the_russian_engine_config_has_russian_navigation_and_theme_words() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TaggedLoader)  # noqa: S506
    generated = yaml.safe_load(language_config(config, "ru", "https://example.invalid/kb/", "staged-docs/ru", translator("ru").gettext))
    titles = [next(iter(item)) for item in generated["nav"]]
    assert titles[:3] == ["Главная", "Государства", "Практики"]
    assert [entry["toggle"]["name"] for entry in generated["theme"]["palette"]] == ["Включить темную тему", "Включить светлую тему"]
    assert generated["extra"]["kb_strings"] == theme_strings("ru")
    assert theme_strings("ru")["Page not found"] == "Страница не найдена"


def test_russian_labels_of_meetings_and_chairmanships_have_russian_dates(kb: KnowledgeBase) -> None:
    from cica_kb.model.localize import localized

    russian = localized(kb, "ru")
    meeting = russian.get("meetings", "2024-03-14-soc")
    assert meeting.label.endswith("14 марта 2024\N{NARROW NO-BREAK SPACE}г.")
    assert all(chair.label.startswith("Председательство: ") for chair in russian.all("chairmanships"))
    assert kb.get("meetings", "2024-03-14-soc").label.endswith("14 March 2024")


def test_materials_copyright_partial_differs_only_in_its_phrase_through_the_catalogue() -> None:
    import material

    theirs = (Path(material.__file__).parent / "templates/partials/copyright.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides/partials/copyright.html").read_text(encoding="utf-8")
    strip = lambda text: re.sub(r"(?s)\{#-.*?-#\}\n?", "", text)  # noqa: E731
    expected = strip(theirs).replace("    Made with\n", '    {{ gettext("Made with") }}\n')
    assert strip(ours) == '{% from "partials/kb-strings.html" import gettext with context %}\n' + expected
