"""A Content-Security-Policy for each built page, in a `<meta http-equiv>` (GitHub Pages sends no headers of ours).

Pure functions over the page's HTML: find the inline scripts the theme emits (outside the page's content), hash
them, write the policy, and put it first in `<head>`, before anything it governs. The hashes are taken from the
built HTML because Material's inline scripts change with its version, the configuration and the depth of the page
(relative paths in them).
Only the site's own files may run, besides those exact inline scripts; contributed text is escaped and sanitised
already, so this is the second wall: a `<script>` or `onclick` that got through would still not run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

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
    ("connect-src", ["'self'", "https://api.github.com"]),  # the repository widget's stars and forks
    ("object-src", ["'none'"]),
    ("base-uri", ["'self'"]),
    ("form-action", ["https://github.com"]),  # the Submit a practice form continues on GitHub
)


class _InlineScripts(HTMLParser):
    """Collects the text of every inline script that would run, exactly as the browser hashes it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            attributes = dict(attrs)
            runs = "src" not in attributes and (attributes.get("type") or "").strip().lower() in SCRIPT_TYPES
            self._open = [] if runs else None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.found.append("".join(self._open))
            self._open = None


def inline_scripts(html: str) -> list[str]:
    """The content of each inline script of a page that a browser would run (data blocks such as JSON excluded)."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return parser.found


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


def with_policy(html: str) -> str:
    """The page with its policy as the first element of `<head>`; a page without `<head>` is returned unchanged."""
    content = policy([script_hash(script) for script in theme_scripts(html)])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return re.sub(r"<head(\s[^>]*)?>", lambda head: head.group(0) + meta, html, count=1, flags=re.IGNORECASE)
