""" "Cite this": a suggested citation for practice and meeting pages, with BibTeX and CSL-JSON files.

The permanent URL is the page's; the date is when the record was last verified (practices) or
last changed (meetings, from git history). BibTeX is written by bibtexparser, CSL-JSON by json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter

from .context import SiteContext
from .dates import human_date
from .model import KnowledgeBase, Record

CITED = ("practices", "meetings")
CITE_PREFIX = "cite"
# LaTeX's special characters, escaped in BibTeX values so a title can neither unbalance the braces
# that delimit a field nor start a field of its own (BibTeX counts `\{` as a brace: no backslash escapes).
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


@dataclass(frozen=True)
class Citation:
    record: Record
    title: str
    url: str
    date: str  # YYYY-MM-DD
    date_label: str  # "Last verified" or "Last updated"
    text: str

    @property
    def files(self) -> tuple[str, str]:
        """Paths of the BibTeX and CSL-JSON files under the site root."""
        base = f"{CITE_PREFIX}/{self.record.collection}/{self.record.key}"
        return f"{base}.bib", f"{base}.json"


def citation(kb: KnowledgeBase, record: Record, ctx: SiteContext) -> Citation:
    url = ctx.page_url(record)
    if record.collection == "practices":
        date, label = record["last_verified"], "Last verified"
        title = f"{record.label} ({kb.get('states', record['country']).label})"
    else:
        date, label = ctx.dates_of(record.path).updated, "Last updated"
        title = record.label
    text = f"{title}. In: CICA Knowledge Base. {label} {human_date(date)}. {url}"
    return Citation(record, title, url, date, label, text)


def latex_text(text: str) -> str:
    """Text as a BibTeX field value: each LaTeX special character escaped."""
    return "".join(_LATEX.get(char, char) for char in text)


def bibtex(cite: Citation) -> str:
    database = BibDatabase()
    database.entries = [
        {
            "ENTRYTYPE": "misc",
            "ID": f"cica-kb-{cite.record.collection}-{cite.record.key.replace('/', '-')}",
            "title": latex_text(cite.title),
            "howpublished": "CICA Knowledge Base",
            "year": cite.date[:4],
            "url": cite.url,
            "note": f"{cite.date_label} {cite.date}",
        }
    ]
    writer = BibTexWriter()
    writer.order_entries_by = None
    return writer.write(database)


def csl_json(cite: Citation) -> str:
    year, month, day = (int(part) for part in cite.date.split("-"))
    item = {
        "id": f"cica-kb/{cite.record.collection}/{cite.record.key}",
        "type": "webpage",
        "title": cite.title,
        "container-title": "CICA Knowledge Base",
        "URL": cite.url,
        "issued": {"date-parts": [[year, month, day]]},
    }
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def citation_files(kb: KnowledgeBase, ctx: SiteContext) -> dict[str, str]:
    files: dict[str, str] = {}
    for collection in CITED:
        for record in kb.all(collection):
            cite = citation(kb, record, ctx)
            bib_path, json_path = cite.files
            files[bib_path], files[json_path] = bibtex(cite), csl_json(cite)
    return files
