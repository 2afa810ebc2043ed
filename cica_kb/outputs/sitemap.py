"""One sitemap for the site in every language: each page's address in each language, with its alternates.

Each language's build writes its own `sitemap.xml` (`/sitemap.xml`, `/ru/sitemap.xml`), which Material's instant
navigation reads: it keeps a reader's clicks within a language, so a switch of language loads the other
language's page and scripts in full. Beside them, `sitemap-languages.xml` lists every page in every language, each
with `xhtml:link rel="alternate" hreflang` to the same page in the others: the form search engines read for
multilingual sites (submit it to them; a project site cannot name it in the host's robots.txt).
"""

from __future__ import annotations

from typing import Mapping
from xml.etree import ElementTree

SITEMAP = "sitemap.xml"
LANGUAGES_SITEMAP = "sitemap-languages.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def merged_sitemap(sitemaps: Mapping[str, bytes], folders: Mapping[str, str], site_root: str) -> bytes:
    """The site's sitemap from each language's (`folders`: the language's folder under `site_root`, "" or "ru/")."""
    paths: dict[str, dict[str, str]] = {}  # page path → language → lastmod
    for language, text in sitemaps.items():
        base = site_root + folders[language]
        for entry in ElementTree.fromstring(text).iter(f"{{{SITEMAP_NS}}}url"):
            loc = entry.findtext(f"{{{SITEMAP_NS}}}loc", "")
            path = loc.removeprefix(base) if loc.startswith(base) else loc
            paths.setdefault(path, {})[language] = entry.findtext(f"{{{SITEMAP_NS}}}lastmod", "")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
    for path, dates in sorted(paths.items()):
        addresses = {language: site_root + folders[language] + path for language in folders if language in dates}
        lines += _entries(addresses, dates)
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def _entries(addresses: Mapping[str, str], dates: Mapping[str, str]) -> list[str]:
    """One page's `<url>` in each of its languages, each with the page's address in every language."""
    link = '\n    <xhtml:link rel="alternate" hreflang="{}" href="{}"/>'
    links = "".join(link.format(code, _escaped(at)) for code, at in addresses.items())
    entries = []
    for code, href in addresses.items():
        lastmod = f"\n    <lastmod>{dates[code]}</lastmod>" if dates[code] else ""
        entries.append(f"  <url>\n    <loc>{_escaped(href)}</loc>{lastmod}{links}\n  </url>")
    return entries


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
