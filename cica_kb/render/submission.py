"""What the "Submit a practice" form needs beyond the practice schema, as one JSON document.

The form (docs/assets/submit-form.js, submit-form-model.js) builds its fields from schemas/practice.schema.json itself;
this module adds what only the build knows: the states and topics to choose from, the entries that
exist already, what a submission sets on the contributor's behalf and where GitHub's create-file
page is. The text rules come with the schemas (`x-message` in common.schema.json). A pure function
of the knowledge base and the site's context. The form's own sentences are in the js catalogue; the
schemas' titles, help and rule sentences come translated from the messages catalogue, in the build's
language (`translations`).
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from ..check.schemas import published_schema, schema_documents, schema_url
from ..i18n import N_, translator
from ..model.context import SiteContext
from ..model.model import KnowledgeBase
from .pages import PROVENANCE, STATUS
from .text import BODY_ATTRIBUTES, BODY_TAGS

SCHEMA = "practice"

# A focal point's submission is an official one and waits for consensus (see publication.py).
FIXED: dict[str, str] = {"provenance": "official-submission", "status": "pending"}
# Filled in for the contributor, as `python -m cica_kb new practice` does: the id from the title, dates today.
DERIVED: dict[str, dict[str, str]] = {
    "id": {"slug_of": "title"},
    "submitted": {"today": ""},
    "last_verified": {"today": ""},
}
# Recorded by the Secretariat once the member states agree; a contributor cannot know it.
LEFT_OUT: tuple[str, ...] = ("consensus", "sources_differ")  # sources_differ: recorded by editors comparing sources
# The instrument's title in its own language belongs to national instruments: laws and strategies.
SHOWN_WHEN: dict[str, dict[str, list[str]]] = {"original_title": {"kind": ["law", "strategy"]}}
# The country list's groups, by the states' status in CICA: members first, then observers.
STATE_GROUPS: dict[str, str] = {"member": N_("Member states"), "observer": N_("Observer states")}
SCHEMA_TEXTS = ("title", "description", "x-message")  # the annotations the form shows: labels, help, rule sentences


def country_choices(kb: KnowledgeBase, language: str) -> list[dict[str, str]]:
    """Every state may own a practice: members first, then observers, each alphabetical as on the States page,
    under its group's name in `language`."""
    tr = translator(language)
    return [
        {"value": state.key, "label": state.label, "detail": state["iso_code"], "group": tr.gettext(group)}
        for status, group in STATE_GROUPS.items()
        for state in kb.states_with_status(status)
    ]


def topic_choices(kb: KnowledgeBase) -> list[dict[str, str]]:
    """Topics by name, alphabetical, each with the dimension it belongs to."""
    return [
        {"value": topic.key, "label": topic.label, "detail": kb.get("dimensions", topic["dimension"]).label}
        for topic in kb.all("topics")
    ]


def existing_practices(kb: KnowledgeBase) -> dict[str, str]:
    """Title of every practice in this build by `<country>/<id>`: a new file must not take its name."""
    return {practice.key: practice.label for practice in kb.all("practices")}


def schemas_for(name: str) -> dict[str, dict[str, Any]]:
    """A schema and every schema it refers to (by file name in `$ref`), by short name."""
    documents = schema_documents()
    wanted, found = [name], {}
    while wanted:
        current = wanted.pop()
        found[current] = documents[current]
        refs = re.findall(r'"\$ref":\s*"([a-z-]+)\.schema\.json', json.dumps(documents[current]))
        wanted += [ref for ref in refs if ref not in found]
    return found


def form_settings(kb: KnowledgeBase, context: SiteContext) -> dict[str, Any]:
    """Everything the form needs besides the page: schemas, choices, fixed and derived fields, rules, GitHub."""
    return {
        "schema": schema_url(SCHEMA, context.site_url),
        "schemas": [published_schema(name, context.site_url) for name in schemas_for(SCHEMA)],
        "choices": {"country": country_choices(kb, context.language), "topics": topic_choices(kb)},
        "translations": form_translations(context.language),
        "fixed": FIXED,
        "derived": DERIVED,
        "left_out": list(LEFT_OUT),
        "shown_when": SHOWN_WHEN,
        "labels": {"provenance": PROVENANCE[FIXED["provenance"]], "status": STATUS[FIXED["status"]]},
        "existing": existing_practices(kb),
        "body_html": body_html(),
        "path": {"folder": "data/practices/{country}", "filename": "{id}.yml"},
        "repository": {"url": context.repo_url.rstrip("/"), "branch": context.branch},
    }


def body_html() -> dict[str, Any]:
    """The tags and attributes a practice's body keeps (text.py's allow-list): the form's preview keeps the same."""
    attributes = {tag: sorted(names) for tag, names in sorted(BODY_ATTRIBUTES.items())}
    return {"tags": sorted(BODY_TAGS), "attributes": attributes}


def schema_texts(node: Any) -> Iterator[str]:
    """Every text of a schema the form may show: titles, descriptions, rule sentences, and the names of
    untitled fields as the form words them (`last_verified` → `Last verified`)."""
    if isinstance(node, list):
        for item in node:
            yield from schema_texts(item)
    elif isinstance(node, dict):
        yield from (node[key] for key in SCHEMA_TEXTS if isinstance(node.get(key), str))
        if isinstance(node.get("properties"), dict):
            yield from (name.replace("_", " ").capitalize() for name in node["properties"])
        for key, value in node.items():
            if key not in SCHEMA_TEXTS:
                yield from schema_texts(value)


def form_translations(language: str) -> dict[str, str]:
    """English → the language's text for the schemas' texts, where the messages catalogue has them."""
    tr = translator(language)
    texts = set(schema_texts(list(schemas_for(SCHEMA).values())))
    return {text: tr.gettext(text) for text in sorted(texts) if tr.gettext(text) != text}


def script_json(value: Any) -> str:
    """JSON that is inert inside HTML: no `<`, `>`, `&` or line separators, so data can never close a tag.

    A backslash in the data is written `\\u005c`, so no `\\.` or `\\[` can be taken for a Markdown escape.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("\\\\", "\\u005c")
    for char in "<>&'\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
