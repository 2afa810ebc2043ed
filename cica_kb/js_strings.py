"""The scripts' interface strings: the `js` catalogue and the file that brings it to the browser.

`docs/assets/*.js` say every string a reader sees through `_()` and `ngettext()` (docs/assets/kb-i18n.js).
Babel's JavaScript extractor collects them into `locale/js.pot`; each language other than English has its
translations in `locale/<language>/LC_MESSAGES/js.po`. Each language build carries `assets/kb-strings.js`,
an ES module with that language's translations and the catalogue's plural rule, which the scripts import
(a file of the site, as the Content-Security-Policy wants: no inline script).
"""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import LANGUAGES, SOURCE_LANGUAGE, prefix

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "js"
LOCALE = "locale"  # the catalogues' folder in the repository
SCRIPTS = "docs/assets"  # the scripts whose strings are extracted (not vendor/: those are others' files)
STRINGS_PATH = "assets/kb-strings.js"  # under each language build's root
KEYWORDS = {"_": None, "ngettext": (1, 2)}
COMMENT_TAG = "TRANSLATORS:"
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)  # the template's date stays put, so it is stale only when strings change
# A gettext plural rule is a C expression of n; this is all it may contain before it becomes script.
PLURAL_RULE = re.compile(r"[n0-9%=!<>&|?:() +\-*/]+")


def template_path(root: Path = ROOT) -> Path:
    return root / LOCALE / f"{DOMAIN}.pot"


def translation_path(language: str, root: Path = ROOT) -> Path:
    return root / LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extracted(root: Path = ROOT) -> Catalog:
    """Every string of the scripts, as Babel's JavaScript extractor finds it, with the files it is in."""
    catalogue = Catalog(project="CICA Knowledge Base", domain=DOMAIN, creation_date=FIXED_DATE, fuzzy=False)
    scripts = root / SCRIPTS
    found = extract_from_dir(
        scripts, method_map=[("*.js", "javascript")], keywords=KEYWORDS, comment_tags=(COMMENT_TAG,), strip_comment_tags=True,
    )
    for filename, _line, message, comments, context in found:
        catalogue.add(message, locations=[(f"{SCRIPTS}/{filename}", None)], auto_comments=comments, context=context)
    return catalogue


def po_text(catalogue: Catalog) -> str:
    """A catalogue as a .po/.pot file: sorted, without line numbers (which would change with every edit)."""
    out = io.BytesIO()
    write_po(out, catalogue, width=120, sort_output=True, include_lineno=False, ignore_obsolete=True)
    return out.getvalue().decode("utf-8")


def updated(translations: Catalog, template: Catalog) -> Catalog:
    """The translations with the template's strings: new ones empty, vanished ones dropped, none guessed."""
    translations.update(template, no_fuzzy_matching=True, update_header_comment=False)
    translations.revision_date = FIXED_DATE
    return translations


def read_catalogue(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def new_translations(language: str, template: Catalog) -> Catalog:
    """A language's empty catalogue, with the plural rule Babel knows for it."""
    catalogue = Catalog(locale=language, domain=DOMAIN, project="CICA Knowledge Base", creation_date=FIXED_DATE, fuzzy=False)
    return updated(catalogue, template)


def translated(catalogue: Catalog) -> dict[str, str | list[str]]:
    """msgid → msgstr (plural forms as a list) of every string translated and not marked fuzzy."""
    found: dict[str, str | list[str]] = {}
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (list, tuple)):
            forms = list(message.string)
            if all(forms):
                found[message.id[0]] = forms
        elif message.string:
            found[message.id] = message.string
    return found


def plural_rule(catalogue: Catalog) -> str:
    """The catalogue's plural rule as a JavaScript function of n, once it is known to be nothing but arithmetic."""
    expression = catalogue.plural_expr
    if not PLURAL_RULE.fullmatch(expression):
        raise ValueError(f"{catalogue.locale}: the plural rule {expression!r} is not a plain expression of n")
    return f"(n) => Number({expression})"


@cache
def strings_module(language: str, root: Path = ROOT) -> str:
    """assets/kb-strings.js of a language build: its translations, plural rule and folder, for kb-i18n.js."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; the site's languages are {', '.join(LANGUAGES)}")
    fields = [f"language: {json.dumps(language)}", f"prefix: {json.dumps(prefix(language))}"]
    if language != SOURCE_LANGUAGE:
        catalogue = read_catalogue(translation_path(language, root), language)
        fields += [f"plural: {plural_rule(catalogue)}", f"messages: {json.dumps(translated(catalogue), ensure_ascii=False, indent=0, sort_keys=True)}"]
    body = ",\n".join(fields)
    return (
        f"// The scripts' interface strings for the {language!r} build, from the js catalogue (cica_kb/js_strings.py).\n"
        'import { translator } from "./kb-i18n.js";\n\n'
        f"export default translator({{\n{body},\n}});\n"
    )


def catalogue_files(root: Path = ROOT) -> dict[Path, str]:
    """The js catalogue's files as they should be: the template and each language's translations, updated."""
    template = extracted(root)
    files = {template_path(root): po_text(template)}
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        path = translation_path(language, root)
        current = read_catalogue(path, language) if path.exists() else new_translations(language, template)
        files[path] = po_text(updated(current, template))
    return files
