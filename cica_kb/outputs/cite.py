""" "Cite this": a suggested citation for practice and meeting pages, with BibTeX and CSL-JSON files.

Fit for a bibliography: the knowledge base is the corporate author, the year is that of the record's
own latest change (the git date of its data file, from the build context), never the build's year,
and the permanent URL is the page's. Practices also say when they were last verified. BibTeX is
written by bibtexparser, CSL-JSON by json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter

from ..i18n import translator
from ..model.context import SiteContext
from ..model.dates import end_sentence, human_date
from ..model.model import KnowledgeBase, Record

CITED = ("practices", "meetings")
CITE_PREFIX = "cite"
AUTHOR = "CICA Knowledge Base"  # the corporate author of every citation
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
    date: str  # YYYY-MM-DD: the record's latest change (git date of its data file)
    date_label: str  # "Last verified" or "Last updated", in the page's language
    shown_date: str  # YYYY-MM-DD the label names: last verified (practices) or the latest change
    text: str

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def files(self) -> tuple[str, str]:
        """Paths of the BibTeX and CSL-JSON files under the site root."""
        base = f"{CITE_PREFIX}/{self.record.collection}/{self.record.key}"
        return f"{base}.bib", f"{base}.json"


def citation(kb: KnowledgeBase, record: Record, ctx: SiteContext) -> Citation:
    tr = translator(ctx.language)
    url = ctx.page_url(record)
    changed = ctx.dates_of(record.path).updated
    if record.collection == "practices":
        shown, label = str(record["last_verified"]), tr.gettext("Last verified")
        title = f"{record.label} ({kb.get('states', record['country']).label})"
    else:
        shown, label = changed, tr.gettext("Last updated")
        title = record.label
    author = tr.gettext(AUTHOR)
    text = f"{author} ({changed[:4]}). {title}. {end_sentence(f'{label} {human_date(shown, ctx.language)}')} {url}"
    return Citation(record, title, url, changed, label, shown, text)


def latex_text(text: str) -> str:
    """Text as a BibTeX field value: each LaTeX special character escaped."""
    return "".join(_LATEX.get(char, char) for char in text)


def bibtex(cite: Citation) -> str:
    database = BibDatabase()
    database.entries = [
        {
            "ENTRYTYPE": "misc",
            "ID": f"cica-kb-{cite.record.collection}-{cite.record.key.replace('/', '-')}",
            "author": "{" + latex_text(AUTHOR) + "}",  # in braces: a corporate author, not a person's name
            "title": latex_text(cite.title),
            "howpublished": AUTHOR,
            "year": cite.year,
            "url": cite.url,
            "note": f"{cite.date_label} {cite.shown_date}",
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
        "author": [{"literal": AUTHOR}],
        "title": cite.title,
        "container-title": AUTHOR,
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
