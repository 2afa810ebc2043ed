"""The engine configuration of each language after the first: `mkdocs.<language>.yml`, made from `mkdocs.yml`.

Every language is a plain MkDocs project of its own (its own `docs_dir` in `staged-docs/`, its theme language,
its addresses under `/<language>/`), so any engine that reads `mkdocs.yml` builds each one; the build merges them
into one site. The file inherits everything else from `mkdocs.yml` (`INHERIT`), and only its interface words
(navigation titles, the palette toggles, the site's name and description) come from the language's catalogue.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import yaml

from ..i18n import N_, prefix, theme_strings

Translate = Callable[[str], str]
GENERATED_NOTE = "# Made by `python -m cica_kb stage` from mkdocs.yml and locale/; do not edit (git-ignored).\n"


def config_file(language: str) -> str:
    """The engine configuration of a language after the first, beside mkdocs.yml."""
    return f"mkdocs.{language}.yml"


def language_config(base: Mapping[str, Any], language: str, site_url: str, docs_dir: str, translate: Translate) -> str:
    """The YAML of `mkdocs.<language>.yml`: `mkdocs.yml` with the language's addresses and interface words."""
    config: dict[str, Any] = {
        "INHERIT": "mkdocs.yml",
        "docs_dir": docs_dir,
        "site_url": f"{site_url.rstrip('/')}/{prefix(language)}",
        "site_name": translate(base["site_name"]),
        "edit_uri": f"{base.get('edit_uri', 'edit/main/docs/').rstrip('/')}/{prefix(language)}",
        "theme": {"language": language, "palette": [_palette(entry, translate) for entry in _palettes(base)]},
        "extra": {"kb_language": language, "kb_strings": theme_strings(language)},  # the words of overrides/
        "nav": [_nav_item(item, translate) for item in base.get("nav", [])],
        "markdown_extensions": [_extension(entry, translate) for entry in base.get("markdown_extensions") or []],
    }
    for key in ("site_description", "copyright"):
        if base.get(key):
            config[key] = translate(base[key])
    return GENERATED_NOTE + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120)


def _extension(entry: Any, translate: Translate) -> Any:
    """A Markdown extension as mkdocs.yml sets it; the heading anchors' tooltip in the language."""
    if isinstance(entry, Mapping) and "toc" in entry:
        return {"toc": {**(entry["toc"] or {}), "permalink_title": translate(N_("Permanent link"))}}
    return entry


def _palettes(base: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(base.get("theme", {}).get("palette") or [])


def _palette(entry: Mapping[str, Any], translate: Translate) -> dict[str, Any]:
    toggle = entry.get("toggle")
    return {**entry, "toggle": {**toggle, "name": translate(toggle["name"])}} if toggle else dict(entry)


def _nav_item(item: Any, translate: Translate) -> Any:
    """A navigation entry with its title in the language: `path`, `{title: path}` or `{title: [entries]}`."""
    if isinstance(item, str):
        return item
    ((title, value),) = item.items()
    return {translate(title): [_nav_item(entry, translate) for entry in value] if isinstance(value, list) else value}
