"""Entries to review: what may be out of date on a given day. Pure: the day is an argument.

A planned meeting whose dates have passed, and a practice last verified more than two years
ago, are warnings for `make check`, a list for the editors (About → Entries to review) and a note
on the record's own page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..i18n import SOURCE, Translator
from ..problems import Problem
from .dates import human_date, human_range, latest, parse_partial
from .model import KnowledgeBase, Record

VERIFIED_WITHIN_YEARS = 2


@dataclass(frozen=True)
class ToReview:
    """One record that may be out of date, the field that says so and why."""

    record: Record
    field: str
    reason: str
    since: str  # the date it was last confirmed, as a reader reads it ("10 September 2025"), or ""

    @property
    def warning(self) -> Problem:
        """The warning `make check` prints, at the line of the field."""
        return Problem(self.record.path, self.record.line_of(self.field), 1, self.field, f"warning: {self.reason}")


def _newest_source_date(record: Record) -> str:
    dated = [str(source["date"]) for source in record["sources"] if source.get("date")]
    return max(dated, key=lambda text: latest(parse_partial(text) or (int(text[:4]),))) if dated else ""


def planned_but_passed(meeting: Record, as_of: date, tr: Translator = SOURCE) -> ToReview | None:
    """A meeting still `planned` after its last possible day (the reason in the translator's language)."""
    last = meeting.get("end") or meeting["start"]
    parts = parse_partial(str(last))
    if meeting["status"] != "planned" or not parts or date(*latest(parts)) >= as_of:
        return None
    when = human_range(meeting["start"], meeting.get("end"), tr.language)
    newest = _newest_source_date(meeting)
    since = human_date(newest, tr.language) if newest else ""
    if since:
        reason = tr.gettext(
            "planned for %(when)s, which has passed; the newest source is of %(since)s: record whether it was held",
            when=when,
            since=since,
        )
    else:
        reason = tr.gettext(
            "planned for %(when)s, which has passed; no source is dated: record whether it was held", when=when
        )
    return ToReview(meeting, "status", reason, since)


def verified_long_ago(practice: Record, as_of: date, tr: Translator = SOURCE) -> ToReview | None:
    """A practice last checked against its sources more than VERIFIED_WITHIN_YEARS years before the day."""
    verified = date.fromisoformat(str(practice["last_verified"]))
    limit = _years_before(as_of, VERIFIED_WITHIN_YEARS)
    if verified >= limit:
        return None
    since = human_date(verified.isoformat(), tr.language)
    reason = tr.ngettext(
        "last verified on %(since)s, more than %(num)d year ago: check it against its sources",
        "last verified on %(since)s, more than %(num)d years ago: check it against its sources",
        VERIFIED_WITHIN_YEARS,
        since=since,
    )
    return ToReview(practice, "last_verified", reason, since)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


CHECKS = {"meetings": planned_but_passed, "practices": verified_long_ago}


def review_of(record: Record, as_of: date, tr: Translator = SOURCE) -> tuple[ToReview, ...]:
    """What may be out of date in one record on the day, said in the translator's language."""
    check = CHECKS.get(record.collection)
    entry = check(record, as_of, tr) if check else None
    return (entry,) if entry else ()


def entries_to_review(kb: KnowledgeBase, as_of: date, tr: Translator = SOURCE) -> tuple[ToReview, ...]:
    """Every record that may be out of date on the day: meetings by date, then practices by title."""
    return tuple(
        entry for collection in CHECKS for record in kb.all(collection) for entry in review_of(record, as_of, tr)
    )
