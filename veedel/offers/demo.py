"""Example offers for the demo: invented, marked ``is_example``, run by the invented actors of
``veedel.network.demo``. The hand-written ones are here; the few hundred composed ones that
fill the directory in every current social space come from ``veedel.offers.demo_directory``.

They cover every topic field, several target groups, languages, ages, weekdays, free and paid,
barrier-free and not, in several social spaces, with opening hours, phone numbers and a few
upcoming dates (moved off public holidays, see ``demo_directory.event_days``). Some were
checked recently, some more than six months ago, so that the freshness reminder
(``veedel send_freshness_digest``) has something to say.

Every offer has a fixed id; a second run finds it and leaves it as it is (dates such as "checked
200 days ago" are counted from the day of the first run).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from veedel.areas import geo
from veedel.network.demo import DemoReport, OfficeFinder, demo_network_load
from veedel.network.models import Actor
from veedel.offers.demo_directory import (
    LANGUAGE_NAMES,
    directory_offers_load,
    event_day_on_or_after,
)
from veedel.offers.models import (
    Event,
    Language,
    Location,
    LocationType,
    Offer,
    Phone,
    Schedule,
    ServiceAtLocation,
    ServiceStatus,
)
from veedel.offers.taxonomy import target_group_terms, taxonomies_load, topic_terms

NAMESPACE = uuid.UUID("0e4f7c1a-3b92-4d57-8f0e-6a1d2c9b5e73")


def offer_uuid(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"offer:{key}")


def location_uuid(actor_key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"location:{actor_key}")


@dataclass(frozen=True)
class EventText:
    days_from_today: int
    start: datetime.time
    minutes_long: int
    title: str
    description: str = ""


@dataclass(frozen=True)
class OfferText:
    key: str
    space: str  # slug of a social space of 2012
    actor: str  # actor template key (veedel.network.demo.ACTOR_TEMPLATES)
    name: str
    description: str
    topics: tuple[str, ...]
    groups: tuple[str, ...]
    languages: tuple[str, ...] = ("de",)
    minimum_age: int | None = None
    maximum_age: int | None = None
    is_free: bool = True
    fees: str = ""
    barrier_free: bool = False
    accessibility: str = ""
    schedules: tuple[tuple[str, str, str], ...] = ()  # (weekday, opens, closes)
    schedule_note: str = ""
    events: tuple[EventText, ...] = ()
    phone: str = ""
    application: str = ""
    eligibility: str = ""
    checked_days_ago: int | None = None  # None: never checked
    status: str = ServiceStatus.ACTIVE


KALK = "humboldt-gremberg-kalk-2006"
CHORWEILER = "blumenberg-chorweiler-seeberg-nord-2006"
MUELHEIM = "muelheim-nord-keupstrasse-2006"
VINGST = "hoehenberg-vingst-2006"
PORZ = "porz-ost-finkenberg-gremberghoven-eil-2006"
BILDERSTOECKCHEN = "bilderstoeckchen-2006"
MESCHENICH = "meschenich-rondorf-2006"
OSTHEIM = "ostheim-neubrueck-2006"
BICKENDORF = "bickendorf-westend-ossendorf-2006"
BUCHHEIM = "buchheim-buchforst-2006"
BOCKLEMUEND = "bocklemuend-mengenich-2006"

OFFERS = (
    OfferText(
        key="jugendtreff-kalk-offener-treff",
        space=KALK,
        actor="jugendtreff",
        name="Offener Treff für Jugendliche",
        description=(
            "Ankommen, Freunde treffen, Kicker und Billard spielen, Musik machen oder einfach "
            "reden: Der offene Bereich steht allen Jugendlichen ohne Anmeldung offen. Die "
            "Mitarbeitenden haben ein offenes Ohr bei Stress in Schule, Familie oder Ausbildung."
        ),
        topics=("kinder-jugend-familie", "sport"),
        groups=("jugendliche",),
        languages=("de", "tr", "ar"),
        minimum_age=12,
        maximum_age=21,
        barrier_free=True,
        accessibility="Eingang und Treff ebenerdig, barrierefreie Toilette.",
        schedules=(
            ("MO", "15:00", "20:00"),
            ("TU", "15:00", "20:00"),
            ("WE", "15:00", "20:00"),
            ("TH", "15:00", "21:00"),
            ("FR", "14:00", "21:00"),
        ),
        phone="0221 0000-201",
        application="Einfach vorbeikommen, eine Anmeldung ist nicht nötig.",
        checked_days_ago=20,
    ),
    OfferText(
        key="jugendtreff-kalk-bewerbungswerkstatt",
        space=KALK,
        actor="jugendtreff",
        name="Bewerbungswerkstatt",
        description=(
            "Lebenslauf schreiben, Anschreiben prüfen, Vorstellungsgespräch üben: In der "
            "Bewerbungswerkstatt helfen Ehrenamtliche aus dem Berufsleben jungen Menschen auf "
            "dem Weg in Ausbildung und Arbeit. Ein Computer und ein Drucker stehen bereit."
        ),
        topics=("wirtschaft-arbeit", "bildung"),
        groups=("jugendliche", "arbeitsuchende"),
        languages=("de", "en", "ar"),
        minimum_age=15,
        maximum_age=25,
        barrier_free=True,
        schedules=(("TU", "15:00", "18:00"),),
        events=(
            EventText(
                19,
                datetime.time(16, 0),
                120,
                "Azubi-Speed-Dating mit Betrieben aus dem Veedel",
                "Betriebe aus Handwerk, Handel und Pflege stellen Ausbildungsplätze vor; "
                "Bewerbungsmappe mitbringen.",
            ),
        ),
        phone="0221 0000-202",
        application="Termin telefonisch oder im Treff vereinbaren; Unterlagen mitbringen.",
        checked_days_ago=190,
    ),
    OfferText(
        key="familienzentrum-humboldt-eltern-kind-cafe",
        space=KALK,
        actor="familienzentrum",
        name="Eltern-Kind-Café",
        description=(
            "Ein offenes Frühstück für Eltern mit Babys und Kleinkindern: andere Familien "
            "kennenlernen, Fragen zu Schlaf, Essen und Entwicklung loswerden und erfahren, "
            "welche Hilfen es im Stadtteil gibt. Eine Fachkraft des Familienzentrums ist dabei."
        ),
        topics=("kinder-jugend-familie",),
        groups=("familien", "eltern"),
        languages=("de", "ar", "tr"),
        minimum_age=0,
        maximum_age=3,
        barrier_free=True,
        accessibility="Stellplätze für Kinderwagen, Wickelraum, Zugang ohne Stufen.",
        schedules=(("TU", "09:30", "11:30"), ("TH", "09:30", "11:30")),
        phone="0221 0000-203",
        checked_days_ago=250,
    ),
    OfferText(
        key="nachbarschaft-kalk-mietsprechstunde",
        space=KALK,
        actor="nachbarschaft",
        name="Sprechstunde rund ums Wohnen",
        description=(
            "Ärger mit der Nebenkostenabrechnung, Schimmel in der Wohnung oder eine Kündigung im "
            "Briefkasten? Ehrenamtliche der Initiative hören zu, helfen beim Verstehen von "
            "Schreiben und vermitteln an die Mieterberatung und die Wohnungsnotfallhilfe."
        ),
        topics=("wohnen", "soziales"),
        groups=("alle", "migrationsgeschichte"),
        languages=("de", "tr", "en"),
        schedules=(("WE", "16:00", "18:00"),),
        phone="0221 0000-204",
        eligibility="Für Mieter*innen aus dem Stadtteil; keine Rechtsberatung.",
        checked_days_ago=400,
    ),
    OfferText(
        key="verein-kalk-bewegung-im-park",
        space=KALK,
        actor="verein",
        name="Bewegungstreff im Park für Ältere",
        description=(
            "Sanfte Gymnastik, Gleichgewichtsübungen und ein kleiner Spaziergang an der frischen "
            "Luft. Die Übungen eignen sich auch für Menschen, die lange keinen Sport gemacht "
            "haben. Bei Regen geht es in den Vereinsraum."
        ),
        topics=("sport", "gesundheit"),
        groups=("senioren",),
        minimum_age=60,
        schedules=(("MO", "10:00", "11:00"), ("TH", "10:00", "11:00")),
        schedule_note="Treffpunkt am Parkeingang",
        phone="0221 0000-205",
        checked_days_ago=200,
    ),
    OfferText(
        key="seniorentreff-humboldt-digital",
        space=KALK,
        actor="seniorentreff",
        name="Digital-Sprechstunde: Smartphone und Tablet",
        description=(
            "Wie verschicke ich Fotos, wie führe ich einen Videoanruf mit den Enkeln, und wie "
            "erkenne ich betrügerische Nachrichten? Junge Ehrenamtliche erklären Schritt für "
            "Schritt am eigenen Gerät."
        ),
        topics=("bildung",),
        groups=("senioren",),
        minimum_age=60,
        is_free=False,
        fees="2 € pro Termin, Kaffee inklusive.",
        barrier_free=True,
        schedules=(("FR", "10:00", "12:00"),),
        phone="0221 0000-206",
        application="Bitte vorher anrufen, damit genug Helfende da sind.",
        checked_days_ago=35,
    ),
    OfferText(
        key="familienzentrum-seeberg-deutschkurs-muetter",
        space=CHORWEILER,
        actor="familienzentrum",
        name="Deutschkurs für Mütter mit Kinderbetreuung",
        description=(
            "Deutsch lernen für den Alltag: beim Kinderarzt, in der Kita, beim Einkaufen. "
            "Während des Kurses werden die Kinder nebenan betreut. Der Kurs ist für "
            "Anfängerinnen und Frauen mit ersten Kenntnissen."
        ),
        topics=("bildung",),
        groups=("frauen", "eltern", "migrationsgeschichte", "gefluechtete"),
        languages=("de", "ar", "tr", "ru", "fa"),
        minimum_age=18,
        is_free=False,
        fees="10 € im Halbjahr; mit Köln-Pass kostenlos.",
        barrier_free=True,
        schedules=(("MO", "09:00", "11:30"), ("WE", "09:00", "11:30")),
        phone="0221 0000-207",
        application="Anmeldung im Familienzentrum, auch mitten im Halbjahr möglich.",
        checked_days_ago=220,
    ),
    OfferText(
        key="nachbarschaft-blumenberg-reparatur-cafe",
        space=CHORWEILER,
        actor="nachbarschaft",
        name="Reparatur-Café",
        description=(
            "Toaster, Fahrrad, Hose mit Loch: Gemeinsam mit ehrenamtlichen Tüftler*innen wird "
            "repariert statt weggeworfen. Nebenbei gibt es Kaffee, Kuchen und Zeit für ein "
            "Gespräch mit den Nachbar*innen."
        ),
        topics=("engagement-vernetzung", "wohnen"),
        groups=("alle",),
        languages=("de", "ru"),
        fees="Spenden sind willkommen.",
        events=(
            EventText(
                9,
                datetime.time(11, 0),
                180,
                "Reparatur-Café",
                "Defekte Geräte bitte mit Zubehör mitbringen.",
            ),
            EventText(
                37,
                datetime.time(11, 0),
                180,
                "Reparatur-Café",
                "Schwerpunkt Fahrräder: mit Luftpumpen- und Flickstation.",
            ),
        ),
        phone="0221 0000-208",
        checked_days_ago=12,
    ),
    OfferText(
        key="jugendtreff-blumenberg-maedchentreff",
        space=CHORWEILER,
        actor="jugendtreff",
        name="Mädchentreff",
        description=(
            "Ein Nachmittag nur für Mädchen: kochen, tanzen, basteln, über Gott und die Welt "
            "reden und gemeinsam Ausflüge planen. Die Mädchen bestimmen das Programm mit."
        ),
        topics=("kinder-jugend-familie", "kultur"),
        groups=("jugendliche", "kinder", "frauen"),
        languages=("de", "tr"),
        minimum_age=10,
        maximum_age=17,
        barrier_free=True,
        schedules=(("WE", "15:00", "18:00"),),
        phone="0221 0000-209",
        checked_days_ago=60,
    ),
    OfferText(
        key="verein-chorweiler-fussball-fuer-alle",
        space=CHORWEILER,
        actor="verein",
        name="Fußball für alle – offenes Training",
        description=(
            "Offenes Fußballtraining auf dem Bolzplatz, ohne Vereinsmitgliedschaft und ohne "
            "Vorkenntnisse. Fußballschuhe sind nicht nötig, Turnschuhe reichen. Trainiert wird "
            "in gemischten Gruppen nach Alter."
        ),
        topics=("sport",),
        groups=("kinder", "jugendliche", "gefluechtete"),
        languages=("de", "en", "ar", "fa"),
        minimum_age=8,
        maximum_age=16,
        schedules=(("TU", "17:00", "18:30"), ("FR", "17:00", "18:30")),
        schedule_note="Von November bis Februar in der Turnhalle der Grundschule",
        phone="0221 0000-210",
        checked_days_ago=300,
    ),
    OfferText(
        key="seniorentreff-seeberg-mittagstisch",
        space=CHORWEILER,
        actor="seniorentreff",
        name="Mittagstisch und Klönen",
        description=(
            "Ein warmes, frisch gekochtes Mittagessen in Gesellschaft. Wer nicht gern allein "
            "isst, findet hier Anschluss; im Anschluss wird oft noch gespielt oder erzählt."
        ),
        topics=("soziales", "gesundheit"),
        groups=("senioren", "behinderung"),
        is_free=False,
        fees="3,50 € pro Essen; mit Köln-Pass 1,50 €.",
        barrier_free=True,
        accessibility="Aufzug, rollstuhlgerechte Tische, Induktionsschleife.",
        schedules=(("MO", "12:00", "14:00"), ("WE", "12:00", "14:00"), ("FR", "12:00", "14:00")),
        phone="0221 0000-211",
        application="Bitte bis zum Vortag anmelden.",
        checked_days_ago=None,
    ),
    OfferText(
        key="nachbarschaft-muelheim-buergersprechstunde",
        space=MUELHEIM,
        actor="nachbarschaft",
        name="Veedelsforum: Sprechstunde für Anliegen aus dem Stadtteil",
        description=(
            "Eine kaputte Laterne, ein gefährlicher Schulweg, eine Idee für den Platz vor der "
            "Tür? Im Veedelsforum werden Anliegen gesammelt und an Bezirksvertretung und "
            "Verwaltung weitergegeben. Zweimal im Jahr gibt es eine offene Bürgerversammlung."
        ),
        topics=("gemeinwesen-politik", "engagement-vernetzung"),
        groups=("alle",),
        languages=("de", "tr", "ku"),
        barrier_free=True,
        schedules=(("TH", "17:00", "19:00"),),
        events=(
            EventText(
                26,
                datetime.time(18, 30),
                120,
                "Bürgerversammlung zur Umgestaltung des Platzes",
                "Die Planungen werden vorgestellt; Fragen und Ideen sind ausdrücklich erwünscht.",
            ),
        ),
        phone="0221 0000-212",
        checked_days_ago=8,
    ),
    OfferText(
        key="familienzentrum-muelheim-erziehungsberatung",
        space=MUELHEIM,
        actor="familienzentrum",
        name="Beratung für Familien und Erziehungsfragen",
        description=(
            "Wenn es zu Hause oft kracht, ein Kind sich zurückzieht oder die Trennung der Eltern "
            "alles durcheinanderbringt: Eine Fachkraft der Erziehungsberatung bietet vertrauliche "
            "Gespräche im Familienzentrum an."
        ),
        topics=("kinder-jugend-familie", "soziales"),
        groups=("eltern", "familien"),
        languages=("de", "tr", "ku"),
        barrier_free=True,
        schedules=(("TU", "09:00", "12:00"), ("TH", "14:00", "17:00")),
        phone="0221 0000-213",
        application="Termin telefonisch; in dringenden Fällen auch kurzfristig.",
        eligibility="Für Familien aus dem Stadtteil; vertraulich und auf Wunsch anonym.",
        checked_days_ago=100,
    ),
    OfferText(
        key="verein-vingst-jugendtheater",
        space=VINGST,
        actor="verein",
        name="Theatergruppe für Jugendliche",
        description=(
            "Improvisieren, Szenen aus dem eigenen Alltag entwickeln und am Ende auf der Bühne "
            "stehen: Die Gruppe erarbeitet jedes Jahr ein eigenes Stück und zeigt es im "
            "Stadtteil."
        ),
        topics=("kultur",),
        groups=("jugendliche",),
        minimum_age=13,
        maximum_age=19,
        is_free=False,
        fees="20 € im Halbjahr; Ermäßigung auf Nachfrage.",
        schedules=(("TH", "17:00", "19:00"),),
        events=(
            EventText(
                45,
                datetime.time(19, 0),
                90,
                "Premiere: „Zwischen den Häusern“",
                "Ein Stück über Freundschaft und Nachbarschaft, von und mit der Theatergruppe.",
            ),
        ),
        phone="0221 0000-214",
        checked_days_ago=15,
    ),
    OfferText(
        key="nachbarschaft-vingst-begleitdienst",
        space=VINGST,
        actor="nachbarschaft",
        name="Nachbarschaftshilfe: Begleitung zu Arztpraxen und Ämtern",
        description=(
            "Ehrenamtliche begleiten Menschen, die nicht allein gehen können oder wollen, zu "
            "Arztterminen, zur Apotheke oder zu Behörden und helfen bei der Orientierung vor Ort."
        ),
        topics=("engagement-vernetzung", "gesundheit"),
        groups=("senioren", "behinderung"),
        barrier_free=True,
        schedules=(("WE", "10:00", "12:00"),),
        schedule_note="Telefonsprechzeit zur Vermittlung",
        phone="0221 0000-215",
        application="In der Sprechzeit anrufen; bitte etwa eine Woche vorher melden.",
        checked_days_ago=150,
    ),
    OfferText(
        key="jugendtreff-porz-ferienwerkstatt",
        space=PORZ,
        actor="jugendtreff",
        name="Ferienwerkstatt Kunst und Handwerk",
        description=(
            "In den Ferien wird gesägt, gemalt und gebaut: Kinder gestalten eigene Werkstücke "
            "und zum Abschluss eine kleine Ausstellung für Familien und Nachbarschaft."
        ),
        topics=("kultur", "kinder-jugend-familie"),
        groups=("kinder",),
        minimum_age=6,
        maximum_age=12,
        is_free=False,
        fees="15 € pro Woche inklusive Mittagessen; mit Köln-Pass kostenlos.",
        events=(
            EventText(
                52,
                datetime.time(10, 0),
                300,
                "Ferienwerkstatt, erste Woche",
                "Anmeldung erforderlich, Plätze begrenzt.",
            ),
        ),
        phone="0221 0000-216",
        application="Anmeldung im Jugendtreff ab vier Wochen vor den Ferien.",
        checked_days_ago=40,
    ),
    OfferText(
        key="seniorentreff-bilderstoeckchen-angehoerige",
        space=BILDERSTOECKCHEN,
        actor="seniorentreff",
        name="Gesprächskreis für pflegende Angehörige",
        description=(
            "Wer einen Menschen zu Hause pflegt, kommt selbst oft zu kurz. Im Gesprächskreis "
            "tauschen sich Angehörige aus, eine Pflegeberaterin beantwortet Fragen zu "
            "Pflegegrad, Entlastung und Kurzzeitpflege."
        ),
        topics=("gesundheit", "soziales"),
        groups=("alle",),
        barrier_free=True,
        schedules=(("TU", "18:00", "19:30"),),
        phone="0221 0000-217",
        checked_days_ago=420,
        status=ServiceStatus.TEMPORARILY_CLOSED,
    ),
    OfferText(
        key="nachbarschaft-meschenich-sozialberatung",
        space=MESCHENICH,
        actor="nachbarschaft",
        name="Sozialberatung im Stadtteilbüro",
        description=(
            "Hilfe bei Anträgen auf Bürgergeld, Wohngeld oder Kinderzuschlag, beim Ausfüllen von "
            "Formularen und bei Schulden. Die Beratung ist vertraulich; wenn nötig, wird an "
            "Fachstellen weitervermittelt."
        ),
        topics=("soziales", "wirtschaft-arbeit"),
        groups=("arbeitsuchende", "gefluechtete", "migrationsgeschichte"),
        languages=("de", "ar", "en", "fr"),
        barrier_free=True,
        schedules=(("MO", "10:00", "13:00"), ("TH", "14:00", "17:00")),
        phone="0221 0000-218",
        application="Offene Sprechstunde; für längere Gespräche Termin vereinbaren.",
        checked_days_ago=25,
    ),
    OfferText(
        key="verein-ostheim-lauftreff",
        space=OSTHEIM,
        actor="verein",
        name="Lauftreff am Abend",
        description=(
            "Gemeinsam laufen statt allein: Anfänger*innen und Geübte starten in zwei "
            "Tempogruppen zu einer Runde von fünf bis acht Kilometern."
        ),
        topics=("sport", "gesundheit"),
        groups=("alle",),
        minimum_age=16,
        schedules=(("MO", "19:00", "20:00"), ("WE", "19:00", "20:00")),
        phone="0221 0000-219",
        checked_days_ago=30,
    ),
    OfferText(
        key="familienzentrum-bickendorf-hebammensprechstunde",
        space=BICKENDORF,
        actor="familienzentrum",
        name="Offene Hebammensprechstunde",
        description=(
            "Eine Hebamme beantwortet Fragen rund um Schwangerschaft, Geburt, Stillen und die "
            "ersten Lebensmonate – auch für Familien, die keine eigene Hebamme gefunden haben."
        ),
        topics=("gesundheit", "kinder-jugend-familie"),
        groups=("eltern", "familien"),
        languages=("de", "en", "pl"),
        barrier_free=True,
        schedules=(("FR", "09:00", "11:00"),),
        phone="0221 0000-220",
        checked_days_ago=5,
    ),
    OfferText(
        key="nachbarschaft-buchheim-gemeinschaftsgarten",
        space=BUCHHEIM,
        actor="nachbarschaft",
        name="Gemeinschaftsgarten",
        description=(
            "Auf einer früheren Brachfläche wachsen Gemüse, Kräuter und Blumen. Wer mitgärtnern "
            "möchte, ist willkommen – Werkzeug und Saatgut sind da, Erfahrung ist nicht nötig."
        ),
        topics=("wohnen", "engagement-vernetzung"),
        groups=("alle", "familien"),
        languages=("de", "tr", "ar"),
        schedules=(("SA", "10:00", "14:00"),),
        schedule_note="Von März bis Oktober",
        phone="0221 0000-221",
        checked_days_ago=70,
    ),
    OfferText(
        key="familienzentrum-bocklemuend-papa-kind",
        space=BOCKLEMUEND,
        actor="familienzentrum",
        name="Papa-Kind-Samstag",
        description=(
            "Ein Vormittag für Väter und ihre Kinder: spielen, toben, gemeinsam frühstücken "
            "und mit anderen Vätern ins Gespräch kommen."
        ),
        topics=("kinder-jugend-familie",),
        groups=("maenner", "familien"),
        languages=("de", "tr"),
        minimum_age=0,
        maximum_age=10,
        barrier_free=True,
        schedules=(("SA", "10:00", "13:00"),),
        schedule_note="Jeden zweiten Samstag",
        phone="0221 0000-222",
        checked_days_ago=210,
    ),
)


def _time(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


def _location_for(actor: Actor, key: str, report: DemoReport) -> Location:
    location = Location.objects.filter(pk=location_uuid(key)).first()
    if location is not None:
        return location
    location = Location.objects.create(
        id=location_uuid(key),
        organization=actor,
        location_type=LocationType.PHYSICAL,
        name=actor.name,
        address_1=actor.street or "–",
        postal_code=actor.postal_code or "–",
        city=actor.city,
        latitude=actor.latitude,
        longitude=actor.longitude,
        is_barrier_free=False,
    )
    if actor.has_point:
        where = geo.locate(actor.latitude, actor.longitude)
        location.quarter = where.quarter
        location.save(update_fields=["quarter"])
        location.social_spaces.set(where.social_spaces)
    report.count("locations", "created")
    return location


def demo_offers_load(*, today: datetime.date | None = None) -> DemoReport:
    """Create the example offers that are missing (with the taxonomies, actors and networks
    they need); existing ones are left as they are. Safe to repeat."""
    today = today or timezone.localdate()
    report = demo_network_load(today=today)
    taxonomy = taxonomies_load()
    report.count("taxonomy records", "created", taxonomy.created)
    report.count("taxonomy records", "updated", taxonomy.updated)
    report.count("taxonomy records", "unchanged", taxonomy.unchanged)
    terms = {**topic_terms(), **target_group_terms()}
    offices = OfficeFinder(today)
    tz = timezone.get_current_timezone()
    existing = set(
        Offer.objects.filter(pk__in=[offer_uuid(t.key) for t in OFFERS]).values_list(
            "pk", flat=True
        )
    )
    actors = {
        a.external_id: a
        for a in Actor.objects.filter(
            external_id__in=[example_key_of(t) for t in OFFERS], is_example=True
        )
    }
    created = []
    with transaction.atomic():
        for text in OFFERS:
            if offer_uuid(text.key) in existing:
                report.count("example offers", "unchanged")
                continue
            actor = actors.get(example_key_of(text))
            if actor is None:  # the area is not in this data set
                continue
            location = _location_for(actor, example_key_of(text), report)
            if text.barrier_free and not location.is_barrier_free:
                location.is_barrier_free = True
                location.save(update_fields=["is_barrier_free"])
            office = offices.for_spaces(location.social_spaces.all()) or actor.office
            checked = (
                today - datetime.timedelta(days=text.checked_days_ago)
                if text.checked_days_ago is not None
                else None
            )
            offer = Offer.objects.create(
                id=offer_uuid(text.key),
                organization=actor,
                office=office,
                name=text.name,
                description=text.description,
                email=actor.email,
                status=text.status,
                application_process=text.application,
                eligibility_description=text.eligibility,
                is_free=text.is_free,
                fees_description=text.fees,
                minimum_age=text.minimum_age,
                maximum_age=text.maximum_age,
                is_barrier_free=text.barrier_free,
                accessibility_description=text.accessibility,
                assured_date=checked,
                assurer_email=(office.email if office and checked else ""),
                is_published=True,
                is_example=True,
            )
            offer.taxonomy_terms.set([terms[c] for c in (*text.topics, *text.groups) if c in terms])
            at_location = ServiceAtLocation.objects.create(offer=offer, location=location)
            Schedule.objects.bulk_create(
                Schedule(
                    offer=offer,
                    service_at_location=at_location,
                    byday=day,
                    opens_at=_time(opens),
                    closes_at=_time(closes),
                    description=text.schedule_note,
                )
                for day, opens, closes in text.schedules
            )
            events = []
            for event in text.events:
                day = event_day_on_or_after(
                    today + datetime.timedelta(days=event.days_from_today), today
                )
                start = datetime.datetime.combine(day, event.start, tzinfo=tz)
                events.append(
                    Event(
                        offer=offer,
                        location=location,
                        title=event.title,
                        description=event.description,
                        start=start,
                        end=start + datetime.timedelta(minutes=event.minutes_long),
                    )
                )
            Event.objects.bulk_create(events)
            Language.objects.bulk_create(
                Language(offer=offer, code=code, name=LANGUAGE_NAMES.get(code, code))
                for code in text.languages
            )
            if text.phone:
                Phone.objects.create(offer=offer, number=text.phone)
            created.append(offer)
            report.count("example offers", "created")
        created += directory_offers_load(today=today, terms=terms, report=report)
        if created:
            from veedel.offers.search import offer_reindex

            offer_reindex(offers=created)
    return report


def example_key_of(text: OfferText) -> str:
    return f"{text.space}:{text.actor}"
