"""One sitemap for the site in every language: each page's address in each language, with its alternates.

Each language's build writes its own `sitemap.xml`; after the merge the site's `sitemap.xml` lists every page
in every language, each with `xhtml:link rel="alternate" hreflang` to the same page in the others (the form
search engines read for multilingual sites).
"""

from __future__ import annotations

import gzip
from typing import Mapping
from xml.etree import ElementTree

SITEMAP = "sitemap.xml"
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
        alternates = "".join(
            f'\n    <xhtml:link rel="alternate" hreflang="{language}" href="{_escaped(site_root + folders[language] + path)}"/>'
            for language in folders if language in dates
        )
        for language in folders:
            if language in dates:
                lastmod = f"\n    <lastmod>{dates[language]}</lastmod>" if dates[language] else ""
                lines.append(f"  <url>\n    <loc>{_escaped(site_root + folders[language] + path)}</loc>{lastmod}{alternates}\n  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def gzipped(content: bytes) -> bytes:
    """`sitemap.xml.gz`, byte for byte the same on every build of the same site (no time in its header)."""
    return gzip.compress(content, mtime=0)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
