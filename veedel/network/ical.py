"""iCalendar feed (RFC 5545) of a network's meetings."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from veedel.network.models import Meeting, Network

PRODID = "-//Veedel//Netzwerke//DE"
# Calendars need an end; a meeting recorded without one is shown as two hours long.
DEFAULT_DURATION = datetime.timedelta(hours=2)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def meeting_uid(meeting: Meeting) -> str:
    """Stable across edits and feeds, so calendar clients update rather than duplicate."""
    return f"meeting-{meeting.pk}@veedel"


def network_calendar(
    *, network: Network, meetings: Iterable[Meeting], url_of: Callable[[Meeting], str]
) -> bytes:
    """One VEVENT per meeting; ``url_of(meeting)`` gives the absolute address of its page."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", network.name)
    calendar.add("x-wr-timezone", "UTC")
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", _utc(meeting.modified))
        event.add("last-modified", _utc(meeting.modified))
        event.add("dtstart", _utc(meeting.start))
        event.add("dtend", _utc(meeting.end or meeting.start + DEFAULT_DURATION))
        event.add("summary", _("%(network)s: meeting") % {"network": network.name})
        if meeting.place:
            event.add("location", meeting.place)
        if meeting.agenda:
            event.add("description", meeting.agenda)
        event.add("url", url_of(meeting))
        event.add("class", "PUBLIC" if meeting.publicly_visible else "CONFIDENTIAL")
        calendar.add_component(event)
    return calendar.to_ical()
