"""`python -m cica_kb new practice`: a new practice file from templates/practice.yml, at the right path."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path


def slug(title: str, limit: int = 60) -> str:
    """A kebab-case ASCII id from a title: `Law "On Volunteer Activity"` → `law-on-volunteer-activity`."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    text = "-".join(words)[:limit].strip("-")
    return text or "practice"


def practice_text(template: str, country: str, title: str, practice_id: str, today: date) -> str:
    """The template with its id, title, country and last_verified filled in."""
    values = {
        "id": practice_id,
        "title": json.dumps(title, ensure_ascii=False),
        "country": country,
        "last_verified": today.isoformat(),
    }
    for field, value in values.items():
        template, found = re.subn(rf"(?m)^{field}: .*$", f"{field}: {value}", template, count=1)
        if not found:
            raise ValueError(f"templates/practice.yml has no `{field}:` line")
    return template


def new_practice(
    data_dir: Path, template: Path, country: str, title: str, practice_id: str | None, today: date
) -> Path:
    """Write data/practices/<country>/<id>.yml; raises FileExistsError or ValueError with a clear message."""
    country = country.lower()
    if not (data_dir / "states" / f"{country}.yml").exists():
        raise ValueError(f"no state with code {country.upper()} in data/states/")
    practice_id = practice_id or slug(title)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", practice_id):
        raise ValueError(f"{practice_id!r} is not a valid id: use lower-case letters, digits and single hyphens")
    target = data_dir / "practices" / country / f"{practice_id}.yml"
    if target.exists():
        raise FileExistsError(f"{target} exists already; choose another --id")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        practice_text(template.read_text(encoding="utf-8"), country, title, practice_id, today), encoding="utf-8"
    )
    return target
