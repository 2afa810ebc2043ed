"""A link checker for a built site: every internal link and #fragment resolves, every page is reachable.

Reads the built HTML with html.parser only; knows nothing of how the pages were made.
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

# Attributes that point at another file: links a reader follows and resources the browser loads.
LINK_ATTRIBUTES = {("a", "href"), ("a", "xlink:href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src")}


@dataclass
class ParsedPage:
    """The ids a page defines and the internal addresses it points to."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, address as written)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES:
                self.page.links.append((tag, value))

    handle_startendtag = handle_starttag


def parse_page(html: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


def site_pages(site: Path) -> dict[str, ParsedPage]:
    """Every HTML file of a built site by its path relative to the site, e.g. `states/kz/index.html`."""
    return {path.relative_to(site).as_posix(): parse_page(path.read_text(encoding="utf-8")) for path in sorted(site.rglob("*.html"))}


def resolve(page: str, address: str, site_url: str) -> tuple[str, str] | None:
    """(file relative to the site, fragment) an address on `page` points to; None if it leaves the site."""
    base = urlsplit(site_url)
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(base.path):
            return None
        path = parts.path.removeprefix(base.path)
    elif parts.path.startswith("/"):
        path = parts.path.removeprefix(base.path) if parts.path.startswith(base.path) else parts.path.lstrip("/")
    else:
        path = posixpath.join(posixpath.dirname(page), parts.path) if parts.path else page
    path = posixpath.normpath(unquote(path)) if path else "."
    return ("" if path == "." else path), unquote(parts.fragment)


def target_file(site: Path, path: str) -> str | None:
    """The file a resolved path serves, as a server would: a folder serves its index.html."""
    candidate = site / path
    if candidate.is_dir() and (candidate / "index.html").is_file():
        return posixpath.join(path, "index.html") if path else "index.html"
    return path if candidate.is_file() and not path.startswith("..") else None


def broken_links(site: Path, pages: dict[str, ParsedPage], site_url: str) -> list[str]:
    """`page: <tag> address (why)` for every internal address that does not resolve."""
    broken = []
    for page, parsed in pages.items():
        for tag, address in parsed.links:
            resolved = resolve(page, address, site_url)
            if resolved is None:
                continue
            path, fragment = resolved
            target = target_file(site, path)
            if target is None:
                broken.append(f"{page}: <{tag}> {address} (no such file)")
            elif fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{page}: <{tag}> {address} (no id {fragment!r} in {target})")
    return broken


def reachable(site: Path, pages: dict[str, ParsedPage], site_url: str, start: str = "index.html") -> set[str]:
    """The pages a reader reaches from `start` by following links (<a href>, SVG links included)."""
    seen, queue = {start}, deque([start])
    while queue:
        page = queue.popleft()
        for tag, address in pages[page].links:
            resolved = resolve(page, address, site_url) if tag == "a" else None
            target = target_file(site, resolved[0]) if resolved else None
            if target in pages and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def site_url_of(site: Path) -> str:
    """The address the site was built for, from the home page's canonical link."""
    found = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
    assert found, "the home page has no canonical link"
    return found.group(1)


def html_of(markdown_page: str) -> str:
    """The HTML file MkDocs writes for a Markdown page (directory URLs): `a/b.md` → `a/b/index.html`."""
    page = PurePosixPath(markdown_page)
    folder = page.parent if page.stem == "index" else page.with_suffix("")
    return (folder / "index.html").as_posix().removeprefix("./")
