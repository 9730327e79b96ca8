"""iCalendar feed (RFC 5545) of council sessions; cancelled ones carry STATUS:CANCELLED."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from icalendar import Calendar, Event

from veedel.council.models import Meeting
from veedel.network.ical import CONTENT_TYPE, DEFAULT_DURATION  # noqa: F401 (re-exported)

PRODID = "-//Veedel//Sitzungen//DE"


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def sessions_calendar(
    *, name: str, meetings: Iterable[Meeting], url_of: Callable[[Meeting], str]
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"council-meeting-{meeting.pk}@veedel")
        event.add("dtstamp", _utc(meeting.modified))
        event.add("last-modified", _utc(meeting.modified))
        event.add("dtstart", _utc(meeting.start))
        event.add("dtend", _utc(meeting.end or meeting.start + DEFAULT_DURATION))
        event.add("summary", meeting.title)
        if meeting.location:
            event.add("location", str(meeting.location))
        event.add("url", url_of(meeting))
        event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
