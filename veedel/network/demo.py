"""Actors and networks for the demo.

Two kinds of data go in here:

- **The schools of the city** (real open data, ``koeln_schulen_2014.geojson`` in the area data
  folder): one public actor per school, found again by its ``objectid`` on every run and
  updated where the file says something else. Not example data.
- **Invented example data** for every social space of the 2012 area set: five actors (a youth
  centre, a family centre, a residents' initiative, a senior centre and a club), a
  Stadtteilkonferenz and two Arbeitskreise with members and three meetings each (two past ones
  with minutes and follow-up tasks, one of them non-public, and an upcoming one). Everything
  invented is marked ``is_example``; no real person's name appears in it. Invented records are
  created once: a second run finds them and leaves them as they are.

``demo_network_load()`` does both and is safe to repeat.
"""

from __future__ import annotations

import datetime
import json
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point, shape

from veedel.areas import geo
from veedel.areas.loading import DataFileError
from veedel.areas.models import Quarter, SocialSpace
from veedel.network.models import (
    Actor,
    ActorKind,
    FollowUpTask,
    Meeting,
    MemberRole,
    Network,
    NetworkKind,
    NetworkMembership,
    TaskStatus,
)
from veedel.programme.models import CoordinationOffice, Topic

SCHOOLS_FILE = "koeln_schulen_2014.geojson"
SCHOOL_SOURCE = "Stadt Köln – Schulen 2014 (CC BY 3.0 DE)"
EXAMPLE_SOURCE = "Veedel – Beispieldaten"
DEMO_YEAR = 2012
HEAVY = ("geometry", "display_geometry")


@dataclass
class DemoReport:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def count(self, model: str, outcome: str, n: int = 1) -> None:
        if n:
            self.counts[model][outcome] += n

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{model}: " + ", ".join(f"{n} {outcome}" for outcome, n in sorted(c.items()))
            for model, c in self.counts.items()
        ]

    def merge(self, other: DemoReport) -> None:
        for model, c in other.counts.items():
            self.counts[model].update(c)


# --- where things are ---------------------------------------------------------------------


class OfficeFinder:
    """The office under contract today that serves a current social space containing a point."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.by_space: dict[int, CoordinationOffice] = {}
        offices = CoordinationOffice.objects.under_contract_on(today).prefetch_related(
            "social_spaces"
        )
        for office in offices.order_by("name"):
            for space in office.social_spaces.all():
                self.by_space.setdefault(space.pk, office)

    def for_spaces(self, spaces) -> CoordinationOffice | None:
        for space in spaces:
            if space.is_valid_on(self.today) and space.pk in self.by_space:
                return self.by_space[space.pk]
        return None


def area_sample_point(area, seed: str) -> tuple[float, float]:
    """A point well inside ``area`` (a shapely geometry), the same for the same seed."""
    inner = area.buffer(-0.0015)
    if inner.is_empty:
        inner = area
    rng = random.Random(seed)
    minx, miny, maxx, maxy = inner.bounds
    for _ in range(500):
        lon, lat = round(rng.uniform(minx, maxx), 6), round(rng.uniform(miny, maxy), 6)
        if inner.contains(Point(lon, lat)):
            return lat, lon
    point = inner.representative_point()
    return round(point.y, 6), round(point.x, 6)


# --- the schools (real open data) ---------------------------------------------------------


def _read_schools(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(path.name, "", "file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(path.name, "", f"not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise DataFileError(path.name, "", "expected a GeoJSON FeatureCollection")
    schools, seen = [], set()
    for number, feature in enumerate(data["features"], start=1):
        where = f"feature {number}"
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        name = str(props.get("schulname") or props.get("name") or "").strip()
        objectid = str(props.get("objectid") or "").strip()
        if not objectid or not name:
            raise DataFileError(path.name, where, "objectid and schulname are required")
        if objectid in seen:
            raise DataFileError(path.name, where, f"objectid {objectid} appears twice")
        seen.add(objectid)
        try:
            lon, lat = (float(c) for c in geometry["coordinates"][:2])
        except (KeyError, TypeError, ValueError):
            raise DataFileError(path.name, where, "expected a Point with coordinates") from None
        if geometry.get("type") != "Point" or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataFileError(path.name, where, "expected a Point in WGS84 (lon, lat)")
        schools.append(
            {
                "objectid": objectid,
                "name": name,
                "kind_label": str(props.get("schulart") or "").strip(),
                "type_label": str(props.get("schultyp") or "").strip(),
                "operator": str(props.get("traeger") or "").strip(),
                "street": str(props.get("adresse") or "").strip(),
                "postal_code": str(props.get("plz") or "").strip(),
                "quarter_number": str(props.get("stadtteil_nr") or "").strip(),
                "latitude": round(lat, 6),
                "longitude": round(lon, 6),
            }
        )
    return schools


def _school_description(school: dict) -> str:
    parts = [p for p in (school["kind_label"], school["type_label"]) if p]
    text = ", ".join(parts)
    if school["operator"]:
        text += f" (Schulträger: {school['operator']})" if text else school["operator"]
    return text + "." if text else ""


def _set_m2m(manager, objects, report: DemoReport, label: str, new: bool) -> None:
    wanted = {o.pk for o in objects}
    current = set(manager.values_list("pk", flat=True))
    if wanted != current:
        manager.set(objects)
        if not new:
            report.count(label, "updated")


def schools_load(*, path: Path, today: datetime.date, report: DemoReport) -> list[Actor]:
    """Create or update one public actor per school of the file; returns them."""
    schools = _read_schools(path)
    offices = OfficeFinder(today)
    education = list(Topic.objects.filter(slug="bildung"))
    existing = {
        a.external_id: a
        for a in Actor.objects.filter(source=SCHOOL_SOURCE).prefetch_related(
            "social_spaces", "topics"
        )
    }
    city = settings.VEEDEL_CITY_NAME
    actors = []
    for school in schools:
        where = geo.locate(school["latitude"], school["longitude"])
        office = offices.for_spaces(where.social_spaces)
        values = {
            "name": school["name"][:250],
            "kind": ActorKind.SCHOOL,
            "description": _school_description(school),
            "street": school["street"][:200],
            "postal_code": school["postal_code"][:10],
            "city": city,
            "latitude": school["latitude"],
            "longitude": school["longitude"],
            "quarter_id": where.quarter.pk if where.quarter else None,
            "neighbourhood_id": where.neighbourhood.pk if where.neighbourhood else None,
            "is_public": True,
            "office_id": office.pk if office else None,
            "is_example": False,
        }
        actor = existing.get(school["objectid"])
        new = actor is None
        if new:
            actor = Actor.objects.create(
                source=SCHOOL_SOURCE, external_id=school["objectid"], **values
            )
            report.count("school actors", "created")
        else:
            changed = [k for k, v in values.items() if getattr(actor, k) != v]
            if changed:
                for k in changed:
                    setattr(actor, k, values[k])
                actor.save(update_fields=[*changed, "modified"])
                report.count("school actors", "updated")
            else:
                report.count("school actors", "unchanged")
        _set_m2m(actor.social_spaces, where.social_spaces, report, "school actors", new)
        _set_m2m(actor.topics, education, report, "school actors", new)
        actors.append(actor)
    return actors


# --- invented actors ------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorTemplate:
    key: str
    kind: str
    name: str  # with {place}
    description: str
    topics: tuple[str, ...]
    quarter_index: int  # which quarter of the area (by official number) it sits in


ACTOR_TEMPLATES = (
    ActorTemplate(
        "jugendtreff",
        ActorKind.YOUTH_CENTRE,
        "Offener Jugendtreff {place}",
        "Offene Kinder- und Jugendeinrichtung mit Treff, Hausaufgabenhilfe, Sport- und "
        "Medienangeboten für junge Menschen von 10 bis 21 Jahren aus {place} und Umgebung.",
        ("kinder-jugend-familie", "sport", "bildung"),
        -1,
    ),
    ActorTemplate(
        "familienzentrum",
        ActorKind.FAMILY_CENTRE,
        "Familienzentrum {place}",
        "Kita und Familienzentrum: Beratung für Eltern, Eltern-Kind-Gruppen, Sprachförderung "
        "und Vermittlung zu weiteren Hilfen im Stadtteil.",
        ("kinder-jugend-familie", "bildung", "gesundheit"),
        0,
    ),
    ActorTemplate(
        "nachbarschaft",
        ActorKind.INITIATIVE,
        "Nachbarschaftsinitiative {place}",
        "Zusammenschluss von Bewohner*innen, die sich für ein gutes Miteinander und ein "
        "sauberes, sicheres Wohnumfeld in {place} einsetzen.",
        ("wohnen", "engagement-vernetzung", "gemeinwesen-politik"),
        -1,
    ),
    ActorTemplate(
        "seniorentreff",
        ActorKind.SENIOR_CENTRE,
        "Seniorentreff {place}",
        "Begegnungsstätte für ältere Menschen mit Mittagstisch, Kursen, Ausflügen und "
        "Beratung rund ums Älterwerden.",
        ("soziales", "gesundheit", "kultur"),
        0,
    ),
    ActorTemplate(
        "verein",
        ActorKind.CLUB,
        "Bürger- und Kulturverein {place}",
        "Ehrenamtlich getragener Verein mit Sport-, Musik- und Kulturgruppen für alle "
        "Generationen; organisiert jedes Jahr das Veedelsfest.",
        ("sport", "kultur", "engagement-vernetzung"),
        1,
    ),
)


def example_key(space: SocialSpace, template_key: str) -> str:
    return f"{space.slug}:{template_key}"


@dataclass
class AreaPlace:
    """Where in a social space an invented actor sits."""

    name: str
    quarter: Quarter
    geometry: object
    postal_code: str


def _postal_codes_by_quarter(schools_path: Path) -> dict[str, str]:
    try:
        schools = _read_schools(schools_path)
    except DataFileError:
        return {}
    counts: dict[str, Counter] = defaultdict(Counter)
    for school in schools:
        if school["quarter_number"] and school["postal_code"]:
            counts[school["quarter_number"]][school["postal_code"]] += 1
    return {q: c.most_common(1)[0][0] for q, c in counts.items()}


def _places(space: SocialSpace, postal_codes: dict[str, str]) -> list[AreaPlace]:
    """The quarters of a social space (by number), clipped to its outline."""
    space_shape = shape(space.geometry) if space.geometry else None
    partial = {n.quarter_id: n.name for n in space.neighbourhoods.defer(*HEAVY)}
    places = []
    for quarter in space.quarters.order_by("number"):
        if quarter.geometry is None:
            continue
        area = shape(quarter.geometry)
        if space_shape is not None:
            clipped = area.intersection(space_shape)
            if clipped.area > area.area * 0.02:
                area = clipped
        places.append(
            AreaPlace(
                name=partial.get(quarter.pk, quarter.name),
                quarter=quarter,
                geometry=area,
                postal_code=postal_codes.get(quarter.number, ""),
            )
        )
    return places


def example_actors_load(
    *,
    spaces: list[SocialSpace],
    office_of_space: dict[int, CoordinationOffice],
    schools_path: Path,
    report: DemoReport,
) -> dict[str, Actor]:
    """The invented actors of every given social space, by ``example_key``; missing ones are
    created, existing ones left as they are."""
    existing = {a.external_id: a for a in Actor.objects.filter(source=EXAMPLE_SOURCE)}
    topics = {t.slug: t for t in Topic.objects.all()}
    postal_codes = _postal_codes_by_quarter(schools_path)
    city = settings.VEEDEL_CITY_NAME
    actors = {}
    for space in spaces:
        places = None
        for number, template in enumerate(ACTOR_TEMPLATES, start=1):
            key = example_key(space, template.key)
            if key in existing:
                actors[key] = existing[key]
                report.count("example actors", "unchanged")
                continue
            if places is None:
                places = _places(space, postal_codes)
            if not places:
                continue
            place = places[template.quarter_index % len(places)]
            lat, lon = area_sample_point(place.geometry, key)
            where = geo.locate(lat, lon)
            mail_place = place.name.lower()
            for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
                mail_place = mail_place.replace(a, b)
            mail_place = "".join(c if c.isalnum() else "-" for c in mail_place).strip("-")
            actor = Actor.objects.create(
                name=template.name.format(place=place.name),
                kind=template.kind,
                description=template.description.format(place=place.name),
                street=f"Beispielweg {number * 3 + 1}",
                postal_code=place.postal_code,
                city=city,
                latitude=lat,
                longitude=lon,
                quarter=where.quarter,
                neighbourhood=where.neighbourhood,
                email=f"{template.key}-{mail_place}@example.org",
                phone=f"0221 0000-{len(actors) + 100}",
                is_public=True,
                office=office_of_space.get(space.pk),
                is_example=True,
                source=EXAMPLE_SOURCE,
                external_id=key,
            )
            actor.social_spaces.set(where.social_spaces)
            actor.areas_served.set([space])
            actor.topics.set([topics[s] for s in template.topics if s in topics])
            actors[key] = actor
            report.count("example actors", "created")
    return actors


# --- networks, meetings, tasks --------------------------------------------------------------


@dataclass(frozen=True)
class TaskText:
    title: str
    responsible: str  # an actor template key, or a text
    due_after_days: int
    status: TaskStatus


@dataclass(frozen=True)
class MeetingText:
    days_from_today: int
    start: datetime.time
    minutes_long: int
    place: str  # actor template key
    is_public: bool
    agenda: str
    minutes: str = ""
    decisions: str = ""
    other_attendance: int = 0
    tasks: tuple[TaskText, ...] = ()


@dataclass(frozen=True)
class NetworkTemplate:
    key: str
    kind: str
    name: str  # with {area}
    description: str
    topics: tuple[str, ...]
    members: tuple[tuple[str, str], ...]  # (actor template key, role)
    schools: int  # how many schools of the area join
    meetings: tuple[MeetingText, ...]


OFFICE = "Koordinationsstelle"

NETWORK_TEMPLATES = (
    NetworkTemplate(
        key="stadtteilkonferenz",
        kind=NetworkKind.DISTRICT_CONFERENCE,
        name="Stadtteilkonferenz {area}",
        description=(
            "Die Stadtteilkonferenz bringt Einrichtungen, Vereine, Initiativen, Verwaltung und "
            "interessierte Bewohner*innen aus {area} zusammen. Sie tagt mehrmals im Jahr, "
            "tauscht Neuigkeiten aus dem Veedel aus und verabredet gemeinsame Vorhaben. Die "
            "Koordinationsstelle lädt ein und moderiert."
        ),
        topics=("engagement-vernetzung", "gemeinwesen-politik"),
        members=(
            ("nachbarschaft", MemberRole.SPEAKER),
            ("jugendtreff", MemberRole.MEMBER),
            ("familienzentrum", MemberRole.MEMBER),
            ("seniorentreff", MemberRole.MEMBER),
        ),
        schools=3,
        meetings=(
            MeetingText(
                days_from_today=-63,
                start=datetime.time(18, 0),
                minutes_long=120,
                place="familienzentrum",
                is_public=True,
                agenda=(
                    "1. Begrüßung und Vorstellung neuer Mitglieder\n"
                    "2. Bericht der Koordinationsstelle\n"
                    "3. Schwerpunkt: Treffpunkte für Jugendliche im öffentlichen Raum\n"
                    "4. Planung des Veedelsfestes\n"
                    "5. Verschiedenes"
                ),
                minutes=(
                    "Zu Beginn stellten sich zwei Einrichtungen vor, die neu in der Runde sind. "
                    "Die Koordinationsstelle berichtete über die Gespräche am Wochenmarkt: Viele "
                    "Befragte wünschen sich mehr Sitzgelegenheiten und einen überdachten "
                    "Treffpunkt für Jugendliche.\n\n"
                    "Der Offene Jugendtreff schilderte, dass sich abends Gruppen am Spielplatz "
                    "treffen und es Beschwerden aus der Nachbarschaft gibt. Die Runde war sich "
                    "einig, gemeinsam mit den Jugendlichen nach einem geeigneten Ort zu suchen, "
                    "statt Verbote zu fordern.\n\n"
                    "Für das Veedelsfest haben sich sechs Einrichtungen mit eigenen Ständen "
                    "angemeldet."
                ),
                decisions=(
                    "Jugendtreff, Schulen und Koordinationsstelle erarbeiten bis zur nächsten "
                    "Sitzung Vorschläge für einen Treffpunkt.\n"
                    "Die Nachbarschaftsinitiative übernimmt die Federführung für das Veedelsfest."
                ),
                other_attendance=11,
                tasks=(
                    TaskText(
                        "Ortsbegehung mit Jugendlichen organisieren",
                        "jugendtreff",
                        30,
                        TaskStatus.DONE,
                    ),
                    TaskText(
                        "Beim Grünflächenamt zusätzliche Sitzbänke anfragen",
                        OFFICE,
                        21,
                        TaskStatus.IN_PROGRESS,
                    ),
                ),
            ),
            MeetingText(
                days_from_today=-18,
                start=datetime.time(17, 30),
                minutes_long=90,
                place="nachbarschaft",
                is_public=False,
                agenda=(
                    "1. Anträge an den Verfügungsfonds (nicht öffentlich: enthält Angaben zu "
                    "Antragstellenden)\n"
                    "2. Auswertung der Ortsbegehung\n"
                    "3. Termine"
                ),
                minutes=(
                    "Es lagen vier Anträge vor. Drei Anträge – ein Nachbarschaftsflohmarkt, eine "
                    "Hausaufgabenhilfe mit Ehrenamtlichen und Material für den "
                    "Gemeinschaftsgarten – wurden befürwortet. Ein Antrag geht zur Überarbeitung "
                    "zurück, weil die Finanzierung noch offen ist.\n\n"
                    "Die Ortsbegehung mit zwölf Jugendlichen hat zwei mögliche Standorte für "
                    "einen Treffpunkt ergeben."
                ),
                decisions=(
                    "Drei Anträge werden befürwortet und an die Geschäftsstelle weitergeleitet.\n"
                    "Beide Standorte werden der Bezirksvertretung vorgeschlagen."
                ),
                tasks=(
                    TaskText(
                        "Befürwortete Anträge an die Geschäftsstelle weiterleiten",
                        OFFICE,
                        7,
                        TaskStatus.DONE,
                    ),
                    TaskText(
                        "Vorschlag zu den Standorten für die Bezirksvertretung schreiben",
                        "jugendtreff",
                        40,
                        TaskStatus.OPEN,
                    ),
                ),
            ),
            MeetingText(
                days_from_today=24,
                start=datetime.time(18, 0),
                minutes_long=120,
                place="seniorentreff",
                is_public=True,
                agenda=(
                    "1. Begrüßung\n"
                    "2. Berichte aus den Arbeitskreisen\n"
                    "3. Vorstellung neuer Beratungsangebote im Stadtteil\n"
                    "4. Rückblick auf das Veedelsfest und Ausblick\n"
                    "5. Verschiedenes"
                ),
            ),
        ),
    ),
    NetworkTemplate(
        key="ak-kinder-jugend-familie",
        kind=NetworkKind.WORKING_GROUP,
        name="AK Kinder, Jugend und Familie {area}",
        description=(
            "Im Arbeitskreis stimmen Schulen, Kitas, Jugend- und Familieneinrichtungen in {area} "
            "ihre Angebote ab, planen gemeinsame Aktionen wie das Ferienprogramm und achten "
            "darauf, dass die Übergänge von der Kita in die Schule und von der Schule in den "
            "Beruf gelingen."
        ),
        topics=("kinder-jugend-familie", "bildung"),
        members=(
            ("jugendtreff", MemberRole.SPEAKER),
            ("familienzentrum", MemberRole.MEMBER),
            ("verein", MemberRole.GUEST),
        ),
        schools=3,
        meetings=(
            MeetingText(
                days_from_today=-49,
                start=datetime.time(14, 0),
                minutes_long=120,
                place="jugendtreff",
                is_public=True,
                agenda=(
                    "1. Neues aus den Einrichtungen\n"
                    "2. Übergang Kita – Grundschule: Erfahrungen aus dem letzten Jahr\n"
                    "3. Gemeinsames Ferienprogramm\n"
                    "4. Verschiedenes"
                ),
                minutes=(
                    "Die Schulen berichteten, dass viele Kinder ohne Kita-Erfahrung eingeschult "
                    "werden. Das Familienzentrum bietet an, Eltern künftig schon im Frühjahr vor "
                    "der Einschulung zu einem Kennenlernnachmittag einzuladen.\n\n"
                    "Für das Ferienprogramm wurde eine gemeinsame Übersicht vereinbart, damit "
                    "sich Angebote nicht überschneiden und auch Familien ohne Internet davon "
                    "erfahren."
                ),
                decisions=(
                    "Gemeinsamer Flyer zum Ferienprogramm in mehreren Sprachen.\n"
                    "Kennenlernnachmittag für künftige Schulkinder und ihre Eltern."
                ),
                other_attendance=2,
                tasks=(
                    TaskText(
                        "Angebote für das Ferienprogramm sammeln und Flyer entwerfen",
                        "jugendtreff",
                        21,
                        TaskStatus.DONE,
                    ),
                    TaskText(
                        "Übersetzungen des Flyers organisieren",
                        "familienzentrum",
                        28,
                        TaskStatus.DONE,
                    ),
                ),
            ),
            MeetingText(
                days_from_today=-11,
                start=datetime.time(14, 0),
                minutes_long=90,
                place="familienzentrum",
                is_public=False,
                agenda=(
                    "1. Schulabsentismus im Stadtteil: Beobachtungen der Schulen (ohne Namen)\n"
                    "2. Ansprechstellen im Jugendamt und in der Schulsozialarbeit\n"
                    "3. Absprachen"
                ),
                minutes=(
                    "Die Schulen beobachten, dass einzelne Kinder über Wochen fehlen. Die Runde "
                    "sprach darüber, wie Familien früh erreicht werden können, ohne Einzelfälle "
                    "zu besprechen. Der Allgemeine Soziale Dienst wird zur nächsten Sitzung "
                    "eingeladen."
                ),
                decisions="Eine Übersicht der Ansprechstellen wird an alle Einrichtungen verteilt.",
                tasks=(
                    TaskText(
                        "Übersicht der Ansprechstellen erstellen und verteilen",
                        OFFICE,
                        14,
                        TaskStatus.IN_PROGRESS,
                    ),
                    TaskText(
                        "Allgemeinen Sozialen Dienst zur nächsten Sitzung einladen",
                        OFFICE,
                        10,
                        TaskStatus.DONE,
                    ),
                ),
            ),
            MeetingText(
                days_from_today=31,
                start=datetime.time(14, 0),
                minutes_long=120,
                place="jugendtreff",
                is_public=True,
                agenda=(
                    "1. Neues aus den Einrichtungen\n"
                    "2. Gast: Der Allgemeine Soziale Dienst stellt sich vor\n"
                    "3. Planung des Kinderfestes\n"
                    "4. Verschiedenes"
                ),
            ),
        ),
    ),
    NetworkTemplate(
        key="ak-wohnen-zusammenleben",
        kind=NetworkKind.WORKING_GROUP,
        name="AK Wohnen und Zusammenleben {area}",
        description=(
            "Der Arbeitskreis befasst sich mit dem Wohnumfeld und dem nachbarschaftlichen "
            "Zusammenleben in {area}: Sauberkeit und Sicherheit, Treffpunkte im öffentlichen "
            "Raum, Fragen von Mieter*innen und das Miteinander der Generationen und Kulturen."
        ),
        topics=("wohnen", "soziales"),
        members=(
            ("nachbarschaft", MemberRole.SPEAKER),
            ("seniorentreff", MemberRole.MEMBER),
            ("verein", MemberRole.MEMBER),
            ("familienzentrum", MemberRole.MEMBER),
        ),
        schools=1,
        meetings=(
            MeetingText(
                days_from_today=-42,
                start=datetime.time(17, 0),
                minutes_long=90,
                place="seniorentreff",
                is_public=True,
                agenda=(
                    "1. Begrüßung\n"
                    "2. Sauberkeit im Wohnumfeld: Müllecken und Sperrmüll\n"
                    "3. Hoffeste in der Nachbarschaft\n"
                    "4. Verschiedenes"
                ),
                minutes=(
                    "Mehrere Teilnehmende berichteten von wilden Müllablagerungen an den "
                    "Containerstandorten. Die Nachbarschaftsinitiative schlägt eine gemeinsame "
                    "Aufräumaktion mit Schulen und Anwohnenden vor.\n\n"
                    "Der Seniorentreff regt an, zu Hoffesten gezielt ältere Nachbar*innen "
                    "einzuladen, die selten aus dem Haus kommen."
                ),
                decisions=(
                    "Gemeinsame Aufräumaktion im Frühjahr.\nEin kurzer Leitfaden für Hoffeste wird "
                    "geschrieben."
                ),
                other_attendance=5,
                tasks=(
                    TaskText(
                        "Termin für die Aufräumaktion mit der Stadtreinigung abstimmen",
                        "nachbarschaft",
                        21,
                        TaskStatus.DONE,
                    ),
                    TaskText(
                        "Leitfaden für Hoffeste entwerfen",
                        "seniorentreff",
                        42,
                        TaskStatus.IN_PROGRESS,
                    ),
                ),
            ),
            MeetingText(
                days_from_today=-8,
                start=datetime.time(17, 0),
                minutes_long=90,
                place="nachbarschaft",
                is_public=False,
                agenda=(
                    "1. Mängel in einzelnen Wohnanlagen (nicht öffentlich: Angaben zu "
                    "Mieter*innen)\n"
                    "2. Gespräch mit der Hausverwaltung vorbereiten\n"
                    "3. Verschiedenes"
                ),
                minutes=(
                    "Aus zwei Wohnanlagen wurden Schimmel und ein seit Wochen defekter Aufzug "
                    "gemeldet. Die Betroffenen wünschen sich Unterstützung im Gespräch mit der "
                    "Hausverwaltung. Die Runde sammelte Fragen für ein gemeinsames Gespräch und "
                    "Hinweise auf die Mieterberatung."
                ),
                decisions="Ein gemeinsames Gespräch mit der Hausverwaltung wird angefragt.",
                tasks=(
                    TaskText(
                        "Gesprächstermin bei der Hausverwaltung anfragen",
                        OFFICE,
                        14,
                        TaskStatus.OPEN,
                    ),
                    TaskText(
                        "Hinweisblatt zur Mieterberatung in mehreren Sprachen auslegen",
                        "nachbarschaft",
                        21,
                        TaskStatus.OPEN,
                    ),
                ),
            ),
            MeetingText(
                days_from_today=38,
                start=datetime.time(17, 0),
                minutes_long=90,
                place="verein",
                is_public=True,
                agenda=(
                    "1. Bericht: Gespräch mit der Hausverwaltung\n"
                    "2. Auswertung der Aufräumaktion\n"
                    "3. Grünflächen und Sitzbänke\n"
                    "4. Verschiedenes"
                ),
            ),
        ),
    ),
)


def network_slug(template: NetworkTemplate, space: SocialSpace) -> str:
    return f"{template.key}-{space.slug}"[:150]


def _area_schools(
    space: SocialSpace, schools: list[Actor], spaces_of: dict, wanted: int
) -> list[Actor]:
    """The first ``wanted`` schools located in the space, primary schools first."""
    here = [s for s in schools if space.pk in spaces_of[s.pk]]
    here.sort(key=lambda s: ("Grundschule" not in s.description, s.name))
    return here[:wanted]


def networks_load(
    *,
    spaces: list[SocialSpace],
    office_of_space: dict[int, CoordinationOffice],
    actors: dict[str, Actor],
    schools: list[Actor],
    today: datetime.date,
    report: DemoReport,
) -> list[Network]:
    topics = {t.slug: t for t in Topic.objects.all()}
    existing = {n.slug: n for n in Network.objects.filter(is_example=True)}
    spaces_of = defaultdict(set)
    for space_id, actor_id in Actor.social_spaces.through.objects.filter(
        actor__in=[s.pk for s in schools]
    ).values_list("socialspace_id", "actor_id"):
        spaces_of[actor_id].add(space_id)
    networks = []
    tz = timezone.get_current_timezone()
    for space_number, space in enumerate(spaces):
        office = office_of_space.get(space.pk)
        if office is None:
            continue
        for template in NETWORK_TEMPLATES:
            slug = network_slug(template, space)
            if slug in existing:
                networks.append(existing[slug])
                report.count("networks", "unchanged")
                continue
            network = Network.objects.create(
                name=template.name.format(area=space.name),
                slug=slug,
                kind=template.kind,
                social_space=space,
                office=office,
                description=template.description.format(area=space.name),
                is_public=True,
                is_example=True,
            )
            network.topics.set([topics[s] for s in template.topics if s in topics])
            report.count("networks", "created")
            networks.append(network)

            members: list[tuple[Actor, str]] = []
            for key, role in template.members:
                actor = actors.get(example_key(space, key))
                if actor is not None:
                    members.append((actor, role))
            for school in _area_schools(space, schools, spaces_of, template.schools):
                members.append((school, MemberRole.MEMBER))
            # At least four members: fill up with the area's other invented actors.
            taken = {a.pk for a, _ in members}
            for t in ACTOR_TEMPLATES:
                if len(members) >= 4:
                    break
                actor = actors.get(example_key(space, t.key))
                if actor is not None and actor.pk not in taken:
                    members.append((actor, MemberRole.MEMBER))
                    taken.add(actor.pk)
            members = members[:8]
            NetworkMembership.objects.bulk_create(
                NetworkMembership(network=network, actor=a, role=r) for a, r in members
            )
            report.count("memberships", "created", len(members))

            for number, text in enumerate(template.meetings):
                # Spread the dates a little so that the areas do not all meet on one day.
                day = today + datetime.timedelta(days=text.days_from_today + space_number % 5)
                start = datetime.datetime.combine(day, text.start, tzinfo=tz)
                place_actor = actors.get(example_key(space, text.place))
                meeting = Meeting.objects.create(
                    network=network,
                    start=start,
                    end=start + datetime.timedelta(minutes=text.minutes_long),
                    place=(
                        f"{place_actor.name}, {place_actor.street}" if place_actor else network.name
                    ),
                    agenda=text.agenda,
                    is_public=text.is_public,
                    minutes=text.minutes,
                    decisions=text.decisions,
                    other_attendance=text.other_attendance,
                )
                report.count("meetings", "created")
                if day < today:
                    # All members but one came (a different one each time).
                    absent = number % len(members)
                    meeting.attendees.set([a for i, (a, _) in enumerate(members) if i != absent])
                tasks = []
                for task in text.tasks:
                    responsible = task.responsible
                    if responsible != OFFICE:
                        actor = actors.get(example_key(space, responsible))
                        responsible = actor.name if actor else OFFICE
                    tasks.append(
                        FollowUpTask(
                            meeting=meeting,
                            title=task.title,
                            responsible=responsible,
                            due=day + datetime.timedelta(days=task.due_after_days),
                            status=TaskStatus(task.status),
                        )
                    )
                FollowUpTask.objects.bulk_create(tasks)
                report.count("follow-up tasks", "created", len(tasks))
    return networks


# --- all together ---------------------------------------------------------------------------


def offices_of_spaces(spaces: list[SocialSpace]) -> dict[int, CoordinationOffice]:
    """The office serving each space (the first by name where there are several)."""
    result = {}
    links = CoordinationOffice.social_spaces.through.objects.filter(
        socialspace__in=spaces
    ).select_related("coordinationoffice")
    for link in sorted(links, key=lambda link: link.coordinationoffice.name):
        result.setdefault(link.socialspace_id, link.coordinationoffice)
    return result


def demo_network_load(
    *, data_dir: Path | None = None, today: datetime.date | None = None
) -> DemoReport:
    """Load the schools and the example actors and networks; safe to repeat.

    Needs the area data (``veedel load_areas``). Without a schools file in the data folder (a
    city that brings its own data may have none) the schools are skipped."""
    data_dir = Path(data_dir or settings.VEEDEL_AREA_DATA_DIR)
    today = today or timezone.localdate()
    report = DemoReport()
    schools_path = data_dir / SCHOOLS_FILE
    with transaction.atomic():
        schools = []
        if schools_path.exists():
            schools = schools_load(path=schools_path, today=today, report=report)
        spaces = list(SocialSpace.objects.in_year(DEMO_YEAR).order_by("name"))
        offices = offices_of_spaces(spaces)
        actors = example_actors_load(
            spaces=spaces, office_of_space=offices, schools_path=schools_path, report=report
        )
        networks_load(
            spaces=spaces,
            office_of_space=offices,
            actors=actors,
            schools=schools,
            today=today,
            report=report,
        )
    return report
