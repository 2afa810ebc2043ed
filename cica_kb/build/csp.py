"""A Content-Security-Policy for each built page, in a `<meta http-equiv>` (GitHub Pages sends no headers of ours).

A step after the engine, whichever engine it is (`write_policies`: run by the build, and by `python -m cica_kb csp`
after a build by another engine), over pure functions of the page's HTML: find the inline scripts the theme emits
(outside the page's content), hash them, write the policy, and put it first in `<head>`, before anything it governs.
The hashes are taken from the built HTML because the theme's inline scripts change with its version, the
configuration and the depth of the page (relative paths in them). The preview (`make serve`) has no policy: its live
reload adds an inline script to each page as it serves it.
Only the site's own files may run, besides those exact inline scripts; contributed text is escaped and sanitised
already, so this is the second wall: a `<script>` or `onclick` that got through would still not run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from pathlib import Path

from ..parallel import ordered_map

# `<script>` elements whose content a browser runs: no `src`, and a JavaScript type (or none).
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def _hash(text: str) -> str:
    """`'sha256-…'` of a text: how a policy names one inline script or style attribute it allows."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def script_hash(script: str) -> str:
    """The CSP source for one inline script: `'sha256-…'` of its UTF-8 text."""
    return _hash(script)


# The only inline styles the site has (measured with the browser's securitypolicyviolation events on every page
# type): Python-Markdown's column alignment in tables, `style="text-align: right;"`. Material sets its styles
# through the CSSOM, which a policy does not govern, and no page has a `<style>` element.
TABLE_ALIGNMENTS = tuple(f"text-align: {side};" for side in ("left", "right", "center"))

# Where each kind of content may come from.
POLICY = (
    ("default-src", ["'self'"]),
    # Pagefind's search runs as WebAssembly. The Submit a practice form's Ajv compiles the practice schema to a function
    # (`new Function`), and Material's instant navigation can open the form under any page's policy, so every page
    # allows 'unsafe-eval'; it lets no injected `<script>` or `on*` handler run. Ajv's standalone mode (the
    # validator generated at build time) would let it go.
    ("script-src", ["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"]),
    ("style-src", ["'self'"]),
    ("style-src-attr", ["'unsafe-hashes'", *(_hash(alignment) for alignment in TABLE_ALIGNMENTS)]),
    ("img-src", ["'self'", "data:"]),  # Material's icons and the palette toggle use data: SVGs
    ("font-src", ["'self'"]),
    ("connect-src", ["'self'"]),  # no other host: the repository link asks GitHub for nothing (partials/source.html)
    ("object-src", ["'none'"]),
    ("base-uri", ["'self'"]),
    ("form-action", ["https://github.com"]),  # the Submit a practice form continues on GitHub
)


# A comment, or a `<script …>` start tag (a quoted attribute value may hold `>`), its content and its end tag,
# ended as a browser's tokenizer ends script data: at `</script` followed by a space, `/` or `>`. Whichever comes
# first wins, so a script in a comment is not counted and a `<!--` in a script is part of it. A regular expression,
# not an HTML parser: the policy is written into every page of the site, and a parser's pass over the theme's
# navigation took 4.5 ms a page (a minute and a half of one core at 20,000 pages).
_SCRIPT_OR_COMMENT = re.compile(
    r"""<!--.*?(?:-->|\Z)|<script((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>(.*?)</script(?=[\s/>])""",
    re.IGNORECASE | re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def _runs(attributes: str) -> bool:
    """Whether a `<script>` with these attributes runs its own content: no `src`, and a JavaScript type (or none)."""
    found = {name.lower(): "".join(values) for name, *values in _ATTRIBUTE.findall(attributes)}
    return "src" not in found and unescape(found.get("type", "")).strip().lower() in SCRIPT_TYPES


def inline_scripts(page: str) -> list[str]:
    """The content of each inline script of a page that a browser would run (data blocks such as JSON excluded)."""
    found = _SCRIPT_OR_COMMENT.finditer(page)
    return [match[2] for match in found if match[2] is not None and _runs(match[1])]


def theme_scripts(html: str) -> list[str]:
    """The inline scripts outside the page's content (`<article>`): the theme's own, the only ones to allow.

    Everything a page shows from the data is inside the article; a script there is never allowed, even if it got
    past escaping and the sanitiser, which is the case the policy exists for. The article ends at the last
    `</article>`, so a forged one in the text cannot end it early.
    """
    start, end = html.find("<article"), html.rfind("</article>")
    return inline_scripts(html[:start] + html[end:] if 0 <= start < end else html)


def policy(script_hashes: list[str]) -> str:
    """The policy text, with the given inline scripts allowed by hash (each once, in a stable order)."""
    hashes = sorted(set(script_hashes))
    return "; ".join(" ".join([name, *sources, *(hashes if name == "script-src" else [])]) for name, sources in POLICY)


# `<head>` and the policy a run of the step put after it: a second run writes the same page again, not a second policy.
_HEAD = re.compile(
    r'(<head(?:\s[^>]*)?>)(?:<meta http-equiv="Content-Security-Policy" content="[^"]*">)?', re.IGNORECASE
)


def with_policy(html: str) -> str:
    """The page with its policy as the first element of `<head>`; a page without `<head>` is returned unchanged."""
    content = policy([script_hash(script) for script in theme_scripts(html)])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return _HEAD.sub(lambda head: head[1] + meta, html, count=1)


def write_policies(site_dir: Path, workers: int = 1) -> int:
    """The step after any engine: every page of a built site with its policy; the number of pages."""
    pages = sorted(site_dir.rglob("*.html"))
    for _ in ordered_map(_write_policy, pages, workers):
        pass
    return len(pages)


def _write_policy(page: Path) -> None:
    """Write one built page's policy into it, unless it has that policy already."""
    html = page.read_text(encoding="utf-8")
    secured = with_policy(html)
    if secured != html:
        page.write_text(secured, encoding="utf-8")
