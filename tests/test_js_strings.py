"""The scripts' strings (domain `js`): the catalogue follows the scripts, Russian has every string, and each
language build gives the browser its own strings file (cica_kb/render/js_strings.py, docs/assets/kb-i18n.js)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from cica_kb.check.schemas import schema_documents
from cica_kb.i18n import JS, LANGUAGES, SOURCE_LANGUAGE, catalogue_path, template_path
from cica_kb.model.context import SiteContext
from cica_kb.model.model import KnowledgeBase
from cica_kb.outputs.site_source import site_source
from cica_kb.render.js_strings import STRINGS_PATH, plural_function, script_messages, search_index, strings_module
from cica_kb.render.submission import form_translations, schema_texts, schemas_for

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]
STALE = "run `make strings` and translate what it adds"


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=JS)


def ids(catalogue: Catalog) -> set[str | tuple[str, ...]]:
    return {message.id for message in catalogue if message.id}


def test_the_template_has_exactly_the_strings_of_the_scripts() -> None:
    used = {message for _file, message in script_messages()}
    listed = ids(read(template_path(JS)))
    assert not used - listed, f"strings of docs/assets/*.js missing from locale/js.pot ({STALE}): {sorted(map(str, used - listed))}"
    assert not listed - used, f"locale/js.pot lists strings no script says ({STALE}): {sorted(map(str, listed - used))}"


def test_every_script_that_speaks_is_in_the_template() -> None:
    files = {file for file, _message in script_messages()}
    assert {"docs/assets/kb-search.js", "docs/assets/kb-finder-state.js", "docs/assets/submit-form.js", "docs/assets/kb-preview.js"} <= files


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_of_the_scripts_is_translated(language: str) -> None:
    translations = read(catalogue_path(language, JS), language)
    assert ids(translations) == ids(read(template_path(JS))), f"{catalogue_path(language, JS)} is not up to date with js.pot: {STALE}"
    untranslated = [message.id for message in translations if message.id and (message.fuzzy or not all(
        message.string if isinstance(message.string, tuple) else [message.string]))]
    assert not untranslated, f"{language}: strings without a translation (or marked fuzzy) in js.po: {untranslated}"
    assert translations.num_plurals == 3 and all(len(message.string) == 3 for message in translations if message.pluralizable)
    # Babel's own checks: the placeholders of each translation are the msgid's (python-format).
    assert [(message.id, [str(error) for error in errors]) for message, errors in translations.check()] == []


def test_each_language_build_writes_its_strings_file(kb: KnowledgeBase) -> None:
    english = site_source(kb, SiteContext(), "", {})[STRINGS_PATH]
    russian = site_source(kb, SiteContext(language="ru"), "", {})[STRINGS_PATH]
    assert 'prefix: ""' in english and "messages" not in english
    assert 'prefix: "ru/"' in russian and "Поиск…" in russian


def test_the_scripts_find_the_search_index_in_either_layout() -> None:
    """Each language its own bundle (pagefind/ under its root), or one bundle at the site's root (../pagefind/ from /ru/)."""
    assert [search_index("en", shared) for shared in (False, True)] == ["pagefind/", "pagefind/"]
    assert [search_index("ru", shared) for shared in (False, True)] == ["pagefind/", "../pagefind/"]
    assert 'searchIndex: "../pagefind/"' in strings_module("ru", shared_index=True)


def run_node(script: str, folder: Path) -> str:
    result = subprocess.run(["node", "--input-type=module", "-e", script], cwd=folder, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_russian_strings_file_speaks_russian_with_three_plural_forms(tmp_path: Path) -> None:
    """The file as the browser imports it, beside kb-i18n.js: the catalogue's own plural rule picks the form."""
    shutil.copy(ROOT / "docs/assets/kb-i18n.js", tmp_path / "kb-i18n.js")
    (tmp_path / "kb-strings.js").write_text(strings_module("ru"), encoding="utf-8")
    said = run_node(
        'import t from "./kb-strings.js";\n'
        'console.log(JSON.stringify([1, 3, 5, 21].map((n) => t.ngettext("%(num)d practice.", "%(num)d practices.", n)).concat(t._("Searching…"))));',
        tmp_path,
    )
    assert json.loads(said) == ["1 практика.", "3 практики.", "5 практик.", "21 практика.", "Поиск…"]


def test_a_plural_rule_that_is_not_arithmetic_never_becomes_script() -> None:
    assert plural_function("(n != 1)") == "(n) => Number((n != 1))"
    with pytest.raises(ValueError, match="not a plain expression"):
        plural_function("alert(1)")


def test_the_form_looks_up_every_text_it_takes_from_the_schemas() -> None:
    """Titles, help, value labels, the rules' sentences and untitled fields' names go through the messages catalogue."""
    texts = set(schema_texts(list(schemas_for("practice").values())))
    common = schema_documents()["common"]
    assert {"Short name", "Details", "Last verified", "Sources"} <= texts
    assert common["$defs"]["no_contact_data"]["x-message"] in texts
    assert common["$defs"]["url"]["description"] in texts
    assert form_translations(SOURCE_LANGUAGE) == {}  # English is the text itself


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    from cica_kb.check.validate import load_knowledge_base

    return load_knowledge_base(ROOT / "data")
