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

from .i18n import JS, LANGUAGES, SOURCE_LANGUAGE, browser_messages, prefix

ROOT = Path(__file__).resolve().parent.parent
STRINGS_PATH = "assets/kb-strings.js"  # under each language build's root, beside the scripts
SCRIPTS = "docs/assets"
KEYWORDS = {"_": None, "ngettext": (1, 2)}  # what babel-js.cfg's extraction knows, Babel's defaults among them
# A gettext plural rule is a C expression of n; this is all it may contain before it becomes script.
PLURAL_RULE = re.compile(r"[n0-9%=!<>&|?:() +\-*/]+")


def plural_function(expression: str) -> str:
    """A catalogue's plural rule as a JavaScript function of n, once it is known to be nothing but arithmetic."""
    if not PLURAL_RULE.fullmatch(expression):
        raise ValueError(f"the plural rule {expression!r} of the js catalogue is not a plain expression of n")
    return f"(n) => Number({expression})"


@cache
def strings_module(language: str) -> str:
    """assets/kb-strings.js of a language build: its translations, plural rule and folder, for kb-i18n.js."""
    if language not in LANGUAGES:
        raise ValueError(f"{language!r} is not a language of the site; use one of {', '.join(LANGUAGES)}")
    fields = [f"language: {json.dumps(language)}", f"prefix: {json.dumps(prefix(language))}"]
    if language != SOURCE_LANGUAGE:
        catalogue = browser_messages(language, JS)
        messages = json.dumps(catalogue["messages"], ensure_ascii=False, indent=0, sort_keys=True)
        fields += [f"plural: {plural_function(catalogue['plural'])}", f"messages: {messages}"]
    body = ",\n".join(fields)
    return (
        f"// The scripts' interface strings of the {language!r} build, from the js catalogue (cica_kb/js_strings.py).\n"
        'import { translator } from "./kb-i18n.js";\n\n'
        f"export default translator({{\n{body},\n}});\n"
    )


def script_messages(root: Path = ROOT) -> Iterator[tuple[str, str | tuple[str, ...]]]:
    """(file, msgid) of every string the scripts translate, as `make strings` extracts them."""
    for filename, _line, message, _comments, _context in extract_from_dir(
        root / SCRIPTS, method_map=[("*.js", "javascript")], keywords=KEYWORDS,
    ):
        yield f"{SCRIPTS}/{filename}", message
