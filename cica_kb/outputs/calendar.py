"""An iCalendar file of CICA meetings, past and planned, that calendar applications can subscribe to.

Written with the icalendar library. UIDs follow meeting ids and DTSTAMP comes from git history,
so subscribers see updates, never duplicates.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar, Event

from ..i18n import N_, Translator, translator
from ..model.context import SiteContext
from ..model.dates import parse_partial
from ..model.model import KnowledgeBase, Record

MODES = {"online": N_("Online"), "hybrid": N_("Hybrid")}  # a meeting's venue mode, as pages and the calendar say it

CALENDAR_PATH = "calendar/meetings.ics"


def _span(meeting: Record) -> tuple[date, date, bool]:
    """First day, day after the last (iCalendar's exclusive end), and whether the days are known."""
    parts = parse_partial(meeting["start"]) or (int(str(meeting["start"])[:4]),)
    if len(parts) == 3:
        first = date(*parts)
        last = date.fromisoformat(meeting["end"]) if meeting.get("end") else first
        return first, last + timedelta(days=1), True
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        return first, (first + timedelta(days=32)).replace(day=1), False
    return date(parts[0], 1, 1), date(parts[0] + 1, 1, 1), False


def _location(kb: KnowledgeBase, meeting: Record, tr: Translator) -> str | None:
    venue = meeting.get("venue", {})
    place = [venue["city"]] if "city" in venue else []
    if "state" in venue:
        place.append(kb.get("states", venue["state"]).label)
    if venue.get("mode") in MODES:
        place.insert(0, tr.label(MODES, venue["mode"]))
    return ", ".join(place) or None


def meetings_calendar(kb: KnowledgeBase, ctx: SiteContext, domain: str = "cica-kb") -> str:
    tr = translator(ctx.language)
    calendar = Calendar()
    calendar.add("prodid", f"-//CICA Knowledge Base//Meetings//{ctx.language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", tr.gettext("CICA meetings"))
    for meeting in kb.all("meetings"):
        first, after, exact = _span(meeting)
        stamp = ctx.dates_of(meeting.path).updated
        event = Event()
        event.add("uid", f"{meeting.key}@{domain}")
        event.add("dtstamp", datetime.combine(date.fromisoformat(stamp), datetime.min.time(), tzinfo=timezone.utc))
        event.add("dtstart", first)
        event.add("dtend", after)
        tentative = tr.gettext("%(meeting)s (dates to be announced)", meeting=meeting.label)
        event.add("summary", meeting.label if exact else tentative)
        event.add("url", ctx.page_url(meeting))
        event.add("status", "CONFIRMED" if exact else "TENTATIVE")
        location = _location(kb, meeting, tr)
        if location:
            event.add("location", location)
        if meeting.get("summary"):
            event.add("description", meeting["summary"])
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
