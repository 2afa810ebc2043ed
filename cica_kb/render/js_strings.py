"""The scripts' interface strings in the browser: `assets/kb-strings.js` of each language build.

`docs/assets/*.js` say every string a reader sees through `_()` and `ngettext()` (docs/assets/kb-i18n.js);
`make strings` extracts them with Babel's JavaScript extractor (babel-js.cfg) into `locale/js.pot` and
`locale/<language>/LC_MESSAGES/js.po`, the `js` domain of cica_kb.i18n. Each language build carries its
translations and the catalogue's plural rule as an ES module the scripts import: a file of the site, as the
Content-Security-Policy wants (no inline script).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Iterator

from babel.messages.extract import extract_from_dir

from ..i18n import JS, LANGUAGES, SOURCE_LANGUAGE, browser_messages, prefix

ROOT = Path(__file__).resolve().parents[2]
STRINGS_PATH = "assets/kb-strings.js"  # under each language build's root, beside the scripts
SCRIPTS = "docs/assets"
KEYWORDS = {"_": None, "ngettext": (1, 2)}  # what babel-js.cfg's extraction knows, Babel's defaults among them
# Where the pages of a language find the Pagefind bundle: False, each language build has its own
# (`<language root>/pagefind/`, as cica_kb.build.engine indexes each language's folder); True, one bundle for the whole
# site at its root (`/pagefind/`, one index per language inside). The scripts follow what kb-strings.js says.
SHARED_SEARCH_INDEX = False
# A gettext plural rule is a C expression of n; this is all it may contain before it becomes script.
PLURAL_RULE = re.compile(r"[n0-9%=!<>&|?:() +\-*/]+")


def plural_function(expression: str) -> str:
    """A catalogue's plural rule as a JavaScript function of n, once it is known to be nothing but arithmetic."""
    if not PLURAL_RULE.fullmatch(expression):
        raise ValueError(f"the plural rule {expression!r} of the js catalogue is not a plain expression of n")
    return f"(n) => Number({expression})"


def search_index(language: str, shared: bool = SHARED_SEARCH_INDEX) -> str:
    """The Pagefind bundle's folder, relative to the root of the language's pages: `pagefind/` or `../pagefind/`."""
    return "../" * prefix(language).count("/") * shared + "pagefind/"


@cache
def strings_module(language: str, shared_index: bool = SHARED_SEARCH_INDEX) -> str:
    """assets/kb-strings.js of a language build: its translations, plural rule, folder and search index."""
    if language not in LANGUAGES:
        raise ValueError(f"{language!r} is not a language of the site; use one of {', '.join(LANGUAGES)}")
    fields = [
        f"language: {json.dumps(language)}",
        f"prefix: {json.dumps(prefix(language))}",
        f"searchIndex: {json.dumps(search_index(language, shared_index))}",
    ]
    if language != SOURCE_LANGUAGE:
        catalogue = browser_messages(language, JS)
        messages = json.dumps(catalogue["messages"], ensure_ascii=False, indent=0, sort_keys=True)
        fields += [f"plural: {plural_function(catalogue['plural'])}", f"messages: {messages}"]
    body = ",\n".join(fields)
    return (
        f"// The scripts' interface strings of the {language!r} build, from the js catalogue\n"
        "// (cica_kb/render/js_strings.py).\n"
        'import { translator } from "./kb-i18n.js";\n\n'
        f"export default translator({{\n{body},\n}});\n"
    )


def script_messages(root: Path = ROOT) -> Iterator[tuple[str, str | tuple[str, ...]]]:
    """(file, msgid) of every string the scripts translate, as `make strings` extracts them."""
    for filename, _line, message, _comments, _context in extract_from_dir(
        root / SCRIPTS,
        method_map=[("*.js", "javascript")],
        keywords=KEYWORDS,
    ):
        yield f"{SCRIPTS}/{filename}", message
