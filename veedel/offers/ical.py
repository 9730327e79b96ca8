"""iCalendar feeds (RFC 5545) of the public events of offers, per social space and per topic."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from veedel.offers.models import Event

PRODID = "-//Veedel//Angebote//DE"
# A feed carries the events of the last weeks too, so a subscriber's calendar keeps them.
PAST_DAYS = 90
MAX_EVENTS = 500


def event_place(event: Event):
    """Where an event takes place: its own location, else the first of its offer's."""
    if event.location is not None:
        return event.location
    at_locations = list(event.offer.at_locations.all())
    return at_locations[0].location if at_locations else None


def _place(event: Event) -> str:
    location = event_place(event)
    if location is None:
        return ""
    parts = [location.name, location.address_1, f"{location.postal_code} {location.city}".strip()]
    return ", ".join(p for p in parts if p)


def calendar_build(
    events: Iterable[Event], *, name: str, request: HttpRequest, stamp: datetime.datetime
) -> bytes:
    """The feed as bytes. Each event's offer (with its locations prefetched) must be loaded."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_default_timezone_name())
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"{event.pk}@veedel")
        entry.add("dtstamp", stamp.astimezone(datetime.UTC))
        entry.add("dtstart", event.start.astimezone(datetime.UTC))
        if event.end:
            entry.add("dtend", event.end.astimezone(datetime.UTC))
        entry.add("summary", event.title)
        description = "\n\n".join(p for p in (event.description, event.offer.name) if p)
        if description:
            entry.add("description", description)
        if place := _place(event):
            entry.add("location", place)
        entry.add("url", request.build_absolute_uri(event.offer.get_absolute_url()))
        calendar.add_component(entry)
    return calendar.to_ical()


def calendar_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response
