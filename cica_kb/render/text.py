"""Turning untrusted data text into safe Markdown and HTML.

Every value a page template prints is escaped (see `escape_output`) unless it is `Markdown`,
which only this module and the link helpers create. Contributed Markdown (a practice's `body`)
is rendered here and passed through the nh3 sanitiser before it reaches a page.
"""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Iterator

import markdown
import nh3
from markupsafe import Markup

# Characters Python-Markdown (with the tables extension) lets a backslash escape.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_WHITESPACE = re.compile(r"[^\S\u00a0\u202f]+")  # line breaks, runs of spaces; a no-break space stays (Babel's `1 000`)

BODY_TAGS = {
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "a",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sub",
    "sup",
    "abbr",
}
# "*": on every tag. nh3 keeps `lang` and `title` everywhere unless told otherwise: said here, so that the
# Submit form's preview (its settings carry this allow-list) keeps exactly what the site keeps.
BODY_ATTRIBUTES = {"*": {"lang", "title"}, "a": {"href", "title"}, "abbr": {"title"}}


class Markdown(str):
    """Text that is already safe Markdown: printed as it is by page templates."""


def escape_inline(text: Any) -> Markdown:
    """Plain text on one line, escaped so Markdown and HTML show it literally."""
    return _escaped(str(text))


@lru_cache(maxsize=65_536)
def _escaped(text: str) -> Markdown:
    """A record's labels are printed on thousands of pages: each distinct text is escaped once per process."""
    flat = _WHITESPACE.sub(" ", text)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
    # `~~~` opens a code fence (pymdownx.superfences) and Markdown has no backslash escape for `~`.
    return Markdown(escaped.replace("~", "&#126;"))


def escape_paragraphs(text: Any) -> Markdown:
    """Plain text that may have paragraphs (blank lines); each paragraph escaped on one line."""
    paragraphs = [part for part in re.split(r"\n\s*\n", str(text)) if part.strip()]
    return Markdown("\n\n".join(escape_inline(part.strip()) for part in paragraphs))


def escape_output(value: Any) -> Any:
    """Jinja `finalize`: escape every printed value unless it is Markdown, or template output marked `| safe`."""
    if isinstance(value, (Markdown, Markup)):
        return value
    return escape_inline(value)


def html_attribute(value: Any) -> str:
    return html.escape(str(value), quote=True)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    """One Markdown converter per process, reset between bodies: making one costs more than converting a body."""
    return markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")


_remembered: dict[str, Markdown] | None = None  # bodies rendered while `bodies_remembered` is on


@contextmanager
def bodies_remembered() -> Iterator[None]:
    """Render each distinct body once while on: a part of the site source makes a record's page in every language,
    and a body not yet translated is the same English text in each."""
    global _remembered
    _remembered = {}
    try:
        yield
    finally:
        _remembered = None


def render_body(source: str) -> Markdown:
    """A contributed Markdown body as sanitised HTML, in a block of its own."""
    if _remembered is None:
        return _rendered_body(source)
    known = _remembered.get(source)
    if known is None:
        known = _remembered[source] = _rendered_body(source)
    return known


def _rendered_body(source: str) -> Markdown:
    rendered = _converter().reset().convert(source)
    clean = nh3.clean(
        rendered,
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markdown(f'\n<div class="kb-body">\n{clean}\n</div>\n')
