"""Example contact details for the demo's coordination offices (marked as example data).

The Cologne data file names the offices, their providers and areas, but not their addresses
or hours (they are not published as open data). For the demo, each office whose contact is
marked as example data and still empty gets an example address ("Beispielweg"), a phone
number from the range reserved for drama and examples (0221 …), opening hours, office hours,
a short description and a point inside its first current social space. Real data given in
the data file is never overwritten; running it again changes nothing.
"""

from __future__ import annotations

from django.db import transaction
from shapely.geometry import shape

from veedel.programme.models import CoordinationOffice

# Office hours on different days, so that the offices do not all look alike.
_OFFICE_HOURS = [
    "Offene Sprechstunde: Dienstag 15–18 Uhr und nach Vereinbarung",
    "Offene Sprechstunde: Mittwoch 10–12 Uhr und Donnerstag 16–18 Uhr",
    "Offene Sprechstunde: Montag 14–17 Uhr, auch ohne Termin",
    "Offene Sprechstunde: Donnerstag 9–12 Uhr und nach Vereinbarung",
]
_OPENING_HOURS = "Montag bis Donnerstag 9–16 Uhr, Freitag 9–13 Uhr"


def _description(space_name: str) -> str:
    return (
        f"Die Sozialraumkoordination für {space_name} bringt Menschen, Einrichtungen und "
        "Verwaltung im Veedel zusammen. Sie hilft, Angebote zu finden, unterstützt Ideen aus "
        "der Nachbarschaft und lädt zu Stadtteilkonferenzen ein. (Beispieltext)"
    )


@transaction.atomic
def demo_offices_fill() -> list[str]:
    """Fill in the example contact details; one line per office changed."""
    lines = []
    offices = CoordinationOffice.objects.filter(contact_is_example=True).prefetch_related(
        "social_spaces"
    )
    for index, office in enumerate(offices.order_by("slug")):
        spaces = sorted(
            office.social_spaces.all(), key=lambda s: (s.valid_until is not None, s.valid_from)
        )
        if not spaces:
            continue
        space = spaces[0]
        changed = []
        values = {
            "street": f"Beispielweg {index * 2 + 1}",
            "phone": f"0221 4710 {100 + index:03d}",
            "opening_hours": _OPENING_HOURS,
            "office_hours": _OFFICE_HOURS[index % len(_OFFICE_HOURS)],
            "description": _description(space.name),
        }
        for field, value in values.items():
            if not getattr(office, field):
                setattr(office, field, value)
                changed.append(field)
        if office.latitude is None and space.geometry:
            point = shape(space.geometry).representative_point()
            office.latitude, office.longitude = round(point.y, 6), round(point.x, 6)
            changed.append("point")
        if changed:
            office.save()
            lines.append(f"{office.name}: {', '.join(changed)}")
    return lines
