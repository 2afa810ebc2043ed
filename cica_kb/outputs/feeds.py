"""Atom feeds of new and updated practices (site-wide, per country, per topic) and of meetings.

Entries use the record's permanent page URL as id and dates from git history (or the build's
fixed date when a file is not committed yet), so rebuilding never makes a feed reader show
duplicates. XML is written by feedgen, never by hand.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from ..i18n import SOURCE_LANGUAGE, translator
from ..model.context import SiteContext
from ..model.model import KnowledgeBase, Record

FEED_PREFIX = "feeds"


@dataclass(frozen=True)
class Feed:
    path: str  # under the site root
    title: str
    records: tuple[Record, ...]


def feed_plan(kb: KnowledgeBase, language: str = SOURCE_LANGUAGE) -> tuple[Feed, ...]:
    """Every feed of the site: what it is called (in the language) and which records it carries."""
    tr = translator(language)
    feeds = [Feed(f"{FEED_PREFIX}/practices.xml", tr.gettext("CICA Knowledge Base: practices"), kb.all("practices"))]
    for state in kb.all("states"):
        practices = kb.index("practices_by_country", state.key)
        if practices:
            feeds.append(
                Feed(
                    f"{FEED_PREFIX}/practices/{state.key}.xml",
                    tr.gettext("CICA Knowledge Base: practices of %(state)s", state=state.label),
                    practices,
                )
            )
    for topic in kb.all("topics"):
        practices = kb.index("practices_by_topic", topic.key)
        if practices:
            feeds.append(
                Feed(
                    f"{FEED_PREFIX}/topics/{topic.key}.xml",
                    tr.gettext("CICA Knowledge Base: %(topic)s", topic=topic.label),
                    practices,
                )
            )
    feeds.append(Feed(f"{FEED_PREFIX}/meetings.xml", tr.gettext("CICA Knowledge Base: meetings"), kb.all("meetings")))
    return tuple(feeds)


def feeds_of(kb: KnowledgeBase, record: Record, language: str = SOURCE_LANGUAGE) -> list[Feed]:
    """The feeds a record's page announces with <link rel="alternate">."""
    wanted = {
        "practices": {f"{FEED_PREFIX}/practices.xml", f"{FEED_PREFIX}/practices/{record.get('country')}.xml"}
        | {f"{FEED_PREFIX}/topics/{topic}.xml" for topic in record.get("topics", ())},
        "states": {f"{FEED_PREFIX}/practices/{record.key}.xml"},
        "topics": {f"{FEED_PREFIX}/topics/{record.key}.xml"},
        "meetings": {f"{FEED_PREFIX}/meetings.xml"},
        "bodies": {f"{FEED_PREFIX}/meetings.xml"},
    }.get(record.collection, set())
    plan = kb.derived(("feed_plan", language), lambda: feed_plan(kb, language))  # the same for each page
    return [feed for feed in plan if feed.path in wanted]


FEED_AUTHOR = "CICA Knowledge Base"  # a corporate author: the site, not any person or state


def _moment(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=timezone.utc)


def entry_times(records: tuple[Record, ...], ctx: SiteContext) -> dict[str, datetime]:
    """{record path: its entry's `updated`}: the day of the file's last commit, distinct within a feed.

    Git gives days, and one commit changes many files, but Atom readers (and the W3C feed validator)
    expect distinct times. Each record gets a second of its day from a hash of its path: the same on
    every rebuild, whatever other records are added; the rare clash moves on by one second.
    """
    times: dict[str, datetime] = {}
    taken: set[datetime] = set()
    for record in sorted(records, key=lambda r: r.path):
        moment = _moment(ctx.dates_of(record.path).updated) + timedelta(
            seconds=zlib.crc32(record.path.encode()) % 86_400
        )
        while moment in taken:
            moment += timedelta(seconds=1)
        times[record.path] = moment
        taken.add(moment)
    return times


Entries = dict[tuple[str, datetime], FeedEntry]  # a record's entry at its time: the same in each feed it is in


def atom(feed: Feed, ctx: SiteContext, made: Entries | None = None) -> str:
    """The Atom XML of one feed, newest update first. Entries already `made` for another feed are used again."""
    made = {} if made is None else made
    generator = FeedGenerator()
    feed_url = ctx.url(feed.path)
    generator.id(feed_url)
    tr = translator(ctx.language)
    generator.title(feed.title)
    generator.link(href=feed_url, rel="self", type="application/atom+xml")
    generator.link(href=ctx.url(""), rel="alternate", type="text/html")
    generator.language(ctx.language)
    generator.generator("CICA Knowledge Base")
    generator.author(name=tr.gettext(FEED_AUTHOR), uri=ctx.url(""))
    times = entry_times(feed.records, ctx)
    entries = sorted(feed.records, key=lambda r: (times[r.path], r.key), reverse=True)
    generator.updated(max(times.values(), default=_moment(ctx.build_day)))
    for record in reversed(entries):  # feedgen prepends: add oldest first
        moment = times[record.path]
        if (record.path, moment) not in made:
            made[record.path, moment] = _entry(record, ctx, moment)
        generator.add_entry(made[record.path, moment])
    return generator.atom_str(pretty=True).decode("utf-8")


def _entry(record: Record, ctx: SiteContext, updated: datetime) -> FeedEntry:
    entry = FeedEntry()
    url, when = ctx.page_url(record), ctx.dates_of(record.path)
    entry.id(url)
    entry.title(record.label)
    entry.link(href=url, rel="alternate", type="text/html")
    entry.published(min(_moment(when.created), updated))
    entry.updated(updated)
    entry.summary(record.get("summary") or _meeting_summary(record, ctx.language))
    for topic in record.get("topics", ()):
        entry.category(term=topic)
    return entry


def _meeting_summary(record: Record, language: str) -> str:
    tr = translator(language)
    decisions = len(record.get("decisions", ()))
    if record.get("status") == "planned":
        return tr.ngettext(
            "%(meeting)s (planned): %(num)d decision recorded.",
            "%(meeting)s (planned): %(num)d decisions recorded.",
            decisions,
            meeting=record.label,
        )
    return tr.ngettext(
        "%(meeting)s: %(num)d decision recorded.",
        "%(meeting)s: %(num)d decisions recorded.",
        decisions,
        meeting=record.label,
    )


# Material's instant navigation takes every <link rel="alternate"> for a language version and fetches
# sitemap.xml beside it; an empty sitemap in each feed folder spares readers a 404 on every page.
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def all_feeds(kb: KnowledgeBase, ctx: SiteContext) -> dict[str, str]:
    """{path: Atom XML} for every feed, and the empty sitemap of each feed folder."""
    made: Entries = {}  # a practice is in three or four feeds: its entry is made once
    files = {feed.path: atom(feed, ctx, made) for feed in feed_plan(kb, ctx.language)}
    for folder in sorted({path.rsplit("/", 1)[0] for path in files}):
        files[f"{folder}/sitemap.xml"] = EMPTY_SITEMAP
    return files
