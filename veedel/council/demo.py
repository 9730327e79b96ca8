"""Council demo for Cologne: the body, the council, the nine Bezirksvertretungen, committees,
sessions in spring 2012 and the Mitteilung of 2012 on the Handlungsleitfaden with its
Beratungsfolge of 14 consultations (``demo_data/mitteilung-2012-handlungsleitfaden.txt``, a
public council document of the Stadt Köln).

Real: the body, the names of the bodies, the paper's title and text, and the 14 bodies with
their session dates. Assumed: the session times and places, the paper's reference and date.
Invented and marked ``is_example``: every other session (before, between – one cancelled –
and after the seed's dates, so that "next session" matters), the example papers, and the
topic → committee mapping (data, editable in the admin). Safe to repeat: records are found by
natural keys and created only when missing.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from veedel.areas.models import District, SocialSpace
from veedel.council.changes import document_refresh
from veedel.council.models import (
    AgendaItem,
    Body,
    Classification,
    Consultation,
    ConsultationRole,
    LegislativeTerm,
    Location,
    Meeting,
    MeetingState,
    Organization,
    Paper,
    PaperState,
    PaperType,
)
from veedel.council.services import consultations_propose
from veedel.programme.models import Topic

SEED_FILE = Path(__file__).resolve().parent / "demo_data" / "mitteilung-2012-handlungsleitfaden.txt"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
BODY_NAME = "Rat der Stadt Köln"
COUNCIL = "Rat"
SEED_REFERENCE = "0815/2012"  # assumed: the seed does not give the reference
SEED_DATE = datetime.date(2012, 2, 21)  # assumed
PROPOSE_AFTER = datetime.date(2012, 3, 1)
SOURCE = "Stadt Köln"

# Committee → topics it is responsible for (slugs of programme.Topic). The seed's seven
# committees cover seven of the ten topic fields; Kultur and Wirtschaft und Arbeit have their
# own committees, which the seed's paper was not sent to.
COMMITTEES = {
    "Jugendhilfeausschuss": ["kinder-jugend-familie"],
    "Ausschuss Soziales und Senioren": ["soziales"],
    "Ausschuss Schule und Weiterbildung": ["bildung"],
    "Sportausschuss": ["sport"],
    "Gesundheitsausschuss": ["gesundheit"],
    "Stadtentwicklungsausschuss": ["wohnen"],
    "Ausschuss Allgemeine Verwaltung und Rechtsfragen / Vergabe / Internationales": [
        "engagement-vernetzung",
        "gemeinwesen-politik",
    ],
    "Kulturausschuss": ["kultur"],
    "Ausschuss Wirtschaft und Arbeit": ["wirtschaft-arbeit"],
    "Hauptausschuss": [],
    "Finanzausschuss": [],
    "Integrationsrat": [],
}
# Topics the seed's paper concerns (see docs/council.md).
SEED_TOPICS = [
    "kinder-jugend-familie",
    "soziales",
    "bildung",
    "sport",
    "gesundheit",
    "wohnen",
    "engagement-vernetzung",
]

# (body, day, start, end) of the seed's sessions: the dates are the seed's, the times assumed.
SEED_SESSIONS = [
    ("Bezirksvertretung 2 (Rodenkirchen)", "2012-03-05", "17:00", "20:00"),
    ("Jugendhilfeausschuss", "2012-03-06", "15:00", "18:00"),
    ("Sportausschuss", "2012-03-06", "16:00", "18:30"),
    ("Ausschuss Soziales und Senioren", "2012-03-08", "15:30", "18:00"),
    ("Bezirksvertretung 6 (Chorweiler)", "2012-03-08", "17:00", "20:00"),
    ("Bezirksvertretung 8 (Kalk)", "2012-03-08", "17:00", "20:30"),
    ("Ausschuss Schule und Weiterbildung", "2012-03-12", "15:00", "18:00"),
    ("Bezirksvertretung 9 (Mülheim)", "2012-03-12", "17:00", "20:00"),
    (
        "Ausschuss Allgemeine Verwaltung und Rechtsfragen / Vergabe / Internationales",
        "2012-03-19",
        "16:00",
        "18:30",
    ),
    ("Bezirksvertretung 7 (Porz)", "2012-03-20", "17:00", "20:00"),
    ("Bezirksvertretung 5 (Nippes)", "2012-03-22", "17:00", "20:00"),
    ("Gesundheitsausschuss", "2012-03-22", "15:00", "17:30"),
    ("Stadtentwicklungsausschuss", "2012-03-22", "15:30", "19:00"),
    ("Bezirksvertretung 4 (Ehrenfeld)", "2012-03-26", "17:00", "20:00"),
]
# Invented sessions (example data): (body or "*" for every body of the seed, day, start, end,
# cancelled).
EXAMPLE_SESSIONS = [
    ("*", "2012-02-..", "17:00", "19:30", False),
    ("*", "2012-04-..", "17:00", "19:30", False),
    ("Bezirksvertretung 4 (Ehrenfeld)", "2012-03-12", "17:00", "20:00", True),
    ("Bezirksvertretung 1 (Innenstadt)", "2012-03-15", "17:00", "20:00", False),
    ("Bezirksvertretung 3 (Lindenthal)", "2012-03-19", "17:00", "20:00", False),
    ("Rat", "2012-03-29", "15:30", "21:00", False),
    ("Hauptausschuss", "2012-03-26", "15:00", "17:00", False),
    ("Finanzausschuss", "2012-03-19", "14:00", "16:00", False),
    ("Kulturausschuss", "2012-03-13", "15:30", "18:00", False),
    ("Ausschuss Wirtschaft und Arbeit", "2012-03-15", "15:00", "17:00", False),
    ("Integrationsrat", "2012-03-21", "17:00", "19:30", False),
]

FEBRUARY_DAYS = [f"2012-02-{d:02d}" for d in (6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21, 22, 23)]
SPRING_DAYS = [f"2012-04-{d:02d}" for d in (16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30)] + [
    f"2012-05-{d:02d}" for d in (2, 3, 4)
]


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, created: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created)

    def lines(self) -> list[str]:
        return [f"{what}: {n} created" for what, n in sorted(self.created.items())]


def seed_text() -> dict:
    """Title, text paragraphs and the (body, date) table of the seed's Mitteilung."""
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    table, rest, in_table = [], [], False
    for line in lines:
        if line.startswith("Gremium\tDatum"):
            in_table = True
            continue
        if in_table and "\t" in line:
            name, day = line.split("\t")
            table.append((name.strip(), datetime.datetime.strptime(day.strip(), "%d.%m.%Y").date()))
            continue
        if in_table and line.strip():
            in_table = False
        if not in_table and table:
            rest.append(line)
    blocks = "\n".join(rest).strip().split("\n\n")
    return {
        "title": blocks[0].strip(),
        "text": "\n\n".join(b.strip() for b in blocks[1:]),
        "table": table,
    }


def _aware(day: str, clock: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=BERLIN)


def _location(name: str, report: DemoReport, **fields) -> Location:
    location, created = Location.objects.get_or_create(
        description=name, defaults={"locality": "Köln", **fields}
    )
    report.add("locations", created)
    return location


def _organization(body: Body, name: str, report: DemoReport, **defaults) -> Organization:
    org, created = Organization.objects.get_or_create(body=body, name=name, defaults=defaults)
    report.add("organizations", created)
    return org


def _meeting(org: Organization, day: str, start: str, end: str, report: DemoReport, **extra):
    meeting, created = Meeting.objects.get_or_create(
        organization=org,
        start=_aware(day, start),
        defaults={"end": _aware(day, end), "location": org.location, **extra},
    )
    report.add("sessions", created)
    return meeting


@transaction.atomic
def demo_council_load() -> DemoReport:
    report = DemoReport()
    body, created = Body.objects.get_or_create(
        name=BODY_NAME,
        defaults={
            "short_name": "Stadt Köln",
            "website": "https://www.stadt-koeln.de/",
            "ags": "05315000",
            "rgs": "053150000000",
            "classification": "Kreisfreie Stadt",
        },
    )
    report.add("bodies", created)
    _term, created = LegislativeTerm.objects.get_or_create(
        body=body,
        name="Wahlperiode 2009–2014",
        defaults={
            "start_date": datetime.date(2009, 8, 30),
            "end_date": datetime.date(2014, 5, 25),
        },
    )
    report.add("legislative terms", created)

    town_hall = _location(
        "Rathaus, Spanischer Bau",
        report,
        street_address="Rathausplatz 2",
        postal_code="50667",
    )
    council = _organization(
        body,
        COUNCIL,
        report,
        short_name="Rat",
        classification=Classification.PARLAMENT,
        location=town_hall,
    )
    by_name = {COUNCIL: council}
    for district in District.objects.order_by("number"):
        name = f"Bezirksvertretung {district.number} ({district.name})"
        by_name[name] = _organization(
            body,
            name,
            report,
            short_name=f"BV {district.number}",
            classification=Classification.BEZIRKSVERTRETUNG,
            district=district,
            location=_location(f"Bezirksrathaus {district.name}", report),
        )
    topics = {t.slug: t for t in Topic.objects.all()}
    for name, slugs in COMMITTEES.items():
        org = _organization(
            body,
            name,
            report,
            classification=Classification.BEIRAT
            if name == "Integrationsrat"
            else Classification.AUSSCHUSS,
            sub_organization_of=council,
            location=town_hall,
        )
        mapped = [topics[slug] for slug in slugs if slug in topics]
        if mapped and not org.topics.exists():
            org.topics.set(mapped)
            report.add("topic mappings", True)
        by_name[name] = org

    for name, day, start, end in SEED_SESSIONS:
        _meeting(by_name[name], day, start, end, report, state=MeetingState.HELD)
    seed_bodies = [name for name, *_rest in SEED_SESSIONS]
    for index, name in enumerate(seed_bodies):
        for _who, day, start, end, _cancelled in EXAMPLE_SESSIONS[:2]:
            # Spread over working days: 6–23 February, 16 April – 4 May.
            when = FEBRUARY_DAYS[index] if "-02-" in day else SPRING_DAYS[index]
            _meeting(
                by_name[name],
                when,
                start,
                end,
                report,
                is_example=True,
                state=MeetingState.HELD if "-02-" in day else MeetingState.SCHEDULED,
            )
    for name, day, start, end, cancelled in EXAMPLE_SESSIONS[2:]:
        _meeting(by_name[name], day, start, end, report, is_example=True, cancelled=cancelled)

    _seed_paper(body, topics, report)
    return report


def _seed_paper(body: Body, topics: dict, report: DemoReport) -> Paper:
    seed = seed_text()
    paper, created = Paper.objects.get_or_create(
        body=body,
        reference=SEED_REFERENCE,
        defaults={
            "paper_type": PaperType.MITTEILUNG,
            "title": seed["title"],
            "date": SEED_DATE,
            "text": seed["text"],
            "department": "Dezernat für Soziales, Integration und Umwelt",
            "is_public": True,
            "state": PaperState.RELEASED,
            "released_at": timezone.now(),
            "source": SOURCE,
            "is_example": True,
        },
    )
    report.add("papers", created)
    if created:
        paper.social_spaces.set(SocialSpace.objects.in_year(2012))
        paper.topics.set([topics[s] for s in SEED_TOPICS if s in topics])
    if not paper.consultations.exists():
        steps = consultations_propose(paper=paper, after=PROPOSE_AFTER)
        for index, step in enumerate(steps, start=1):
            item = None
            if step.meeting is not None:
                item = AgendaItem.objects.create(
                    meeting=step.meeting,
                    order=1,
                    number="1",
                    name=f"{paper.title} ({paper.paper_type} {paper.reference})",
                    public=True,
                )
            Consultation.objects.create(
                paper=paper,
                organization=step.organization,
                meeting=step.meeting,
                agenda_item=item,
                order=index,
                role=ConsultationRole.KENNTNISNAHME,
            )
            report.add("consultations", True)
        paper.consultations_fixed = paper.modified
        paper.save(update_fields=["consultations_fixed"])
    # Its document (the public part as PDF, OParl's mainFile), made again only if it changed.
    if document_refresh(Paper.objects.filter(pk=paper.pk)):
        report.add("paper documents", True)
    return paper
