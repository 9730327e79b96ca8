"""The demo directory: a few hundred invented example offers in every current social space.

``veedel.offers.demo`` holds a small set of hand-written offers; this module adds, for each
social space valid today, about 27 offers composed from a catalogue of service kinds
(``KINDS``: Hausaufgabenhilfe, Sprachcafé, Deutschkurs für Erwachsene, Schuldnerberatung …)
and the name of the quarter they are in. Each has opening hours (HSDS schedules), a point
inside its quarter, languages, costs and accessibility; about a third have dates in the coming
eight weeks, never on a public holiday of North Rhine-Westphalia nor on 24 or 31 December.

The providers are invented ("Stadtteilbüro Kalk", "Bildungswerk Vingst" …), marked
``is_example`` like the offers; no real person's name appears anywhere. Everything is drawn
from random generators seeded with fixed keys, so the same data set comes out on every run;
only the dates follow the day of the first load. Every record has a fixed key: a second run
finds it and leaves it alone. Everything is written with ``bulk_create``; the search documents
are built by ``offer_reindex`` (the caller, ``demo_offers_load``, does that for all offers).
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass

import holidays
from django.conf import settings
from django.utils import timezone
from shapely.geometry import Point, shape
from shapely.prepared import prep

from veedel.areas import geo
from veedel.areas.models import SocialSpace
from veedel.network.demo import DemoReport, OfficeFinder
from veedel.network.models import Actor, ActorKind
from veedel.offers.models import (
    Event,
    Language,
    Location,
    LocationType,
    Offer,
    OfferText,
    Phone,
    Schedule,
    ServiceAtLocation,
    TaxonomyTerm,
)
from veedel.programme.models import Topic

NAMESPACE = uuid.UUID("9a3c51e2-7b40-4f6e-8d21-3e5f0a7c9b14")
PROVIDER_SOURCE = "Veedel – Beispieldaten (Angebotsverzeichnis)"
OFFERS_PER_SPACE = 27
EVENT_DAYS = 56  # the coming eight weeks
NO_EVENT_DAYS = ((12, 24), (12, 31))  # Heiligabend, Silvester: no public holidays, still no dates


def directory_uuid(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


# --- the catalogue ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    key: str
    kind: str
    name: str  # with {place}
    description: str


PROVIDERS = (
    Provider(
        "stadtteilbuero",
        ActorKind.INITIATIVE,
        "Stadtteilbüro {place}",
        "Anlaufstelle für alle Fragen im Stadtteil: Beratung, Treffpunkte und Vermittlung.",
    ),
    Provider(
        "bildungswerk",
        ActorKind.CLUB,
        "Bildungswerk {place}",
        "Gemeinnütziger Bildungsverein mit Sprachkursen, Lernhilfe und Kursen für alle Alter.",
    ),
    Provider(
        "familienhaus",
        ActorKind.FAMILY_CENTRE,
        "Familienhaus {place}",
        "Treffpunkt und Beratung für Familien, Eltern und Kinder im Veedel.",
    ),
    Provider(
        "jugendhaus",
        ActorKind.YOUTH_CENTRE,
        "Jugendhaus {place}",
        "Offene Kinder- und Jugendarbeit mit Treff, Lernangeboten, Sport und Kultur.",
    ),
    Provider(
        "begegnungsstaette",
        ActorKind.SENIOR_CENTRE,
        "Begegnungsstätte {place}",
        "Begegnung, Mittagstisch und Kurse für ältere Menschen und ihre Nachbarschaft.",
    ),
    Provider(
        "sportverein",
        ActorKind.CLUB,
        "Turn- und Sportverein {place}",
        "Breitensport für alle Generationen, auch ohne Mitgliedschaft zum Ausprobieren.",
    ),
    Provider(
        "gesundheitstreff",
        ActorKind.HEALTH,
        "Gesundheitstreff {place}",
        "Beratung, Vorsorge und Selbsthilfe rund um die Gesundheit im Stadtteil.",
    ),
)


# Some kinds also in other languages (OfferText): name with {place}, description.
KIND_TEXTS = {
    "deutschkurs-erwachsene": {
        "en": (
            "German course for adults in {place}",
            "German for everyday life, work and dealing with offices: in small groups, from "
            "the start up to the B1 exam. Childcare on request; the course is free of charge.",
        ),
        "tr": (
            "{place} semtinde yetişkinler için Almanca kursu",
            "Günlük yaşam, iş ve resmî daireler için Almanca: küçük gruplarda, başlangıçtan B1 "
            "sınavına kadar. İstek üzerine çocuk bakımı; kurs ücretsizdir.",
        ),
        "ar": (
            "دورة لغة ألمانية للبالغين في {place}",
            "الألمانية للحياة اليومية والعمل والتعامل مع الدوائر الرسمية: في مجموعات صغيرة، من "
            "البداية حتى امتحان B1. رعاية الأطفال عند الطلب؛ الدورة مجانية.",
        ),
    },
    "hausaufgabenhilfe": {
        "en": (
            "Homework help {place}",
            "After school: do homework, ask questions, practise for tests. Volunteers help "
            "schoolchildren calmly and without pressure of marks.",
        ),
        "tr": (
            "{place} ödev yardımı",
            "Okuldan sonra ödev yapmak, soru sormak, sınavlara çalışmak: gönüllüler okul "
            "çocuklarına sakin bir ortamda, not baskısı olmadan yardım eder.",
        ),
        "ar": (
            "المساعدة في الواجبات المدرسية {place}",
            "بعد المدرسة: حلّ الواجبات وطرح الأسئلة والاستعداد للاختبارات. يساعد متطوعون "
            "تلاميذ المدارس بهدوء ودون ضغط الدرجات.",
        ),
    },
}


@dataclass(frozen=True)
class Kind:
    key: str
    name: str  # with {place}: the quarter
    description: str
    provider: str
    topics: tuple[str, ...]
    groups: tuple[str, ...]
    times: tuple[str, str]  # opens, closes
    days: tuple[str, ...]  # weekdays to draw from
    day_count: int = 1
    free: bool | None = True  # None: drawn
    fees: str = "2 € pro Termin; mit Köln-Pass kostenlos."
    languages: tuple[str, ...] = ()  # drawn from, besides German
    ages: tuple[int | None, int | None] = (None, None)
    event: str = ""  # title of its dates; empty: none
    core: bool = False  # in every social space


WEEK = ("MO", "TU", "WE", "TH", "FR")
ALL = ("tr", "ar", "en", "ru", "uk", "fa", "pl", "fr", "ku")

KINDS = (
    Kind(
        "deutschkurs-erwachsene",
        "Deutschkurs für Erwachsene in {place}",
        "Deutsch für den Alltag, für Beruf und Behördengänge: in kleinen Gruppen, vom Anfang "
        "bis zur Prüfung B1. Kinderbetreuung auf Nachfrage; der Kurs ist kostenlos.",
        "bildungswerk",
        ("bildung",),
        ("erwachsene", "migrationsgeschichte", "gefluechtete"),
        ("09:00", "11:30"),
        WEEK,
        2,
        free=True,
        languages=("ar", "tr", "uk", "fa", "ru"),
        ages=(18, None),
        event="Einstufung für neue Teilnehmende",
        core=True,
    ),
    Kind(
        "hausaufgabenhilfe",
        "Hausaufgabenhilfe {place}",
        "Nach der Schule Hausaufgaben machen, Fragen stellen, für Klassenarbeiten üben: "
        "Ehrenamtliche helfen Schulkindern in Ruhe und ohne Notendruck.",
        "jugendhaus",
        ("bildung", "kinder-jugend-familie"),
        ("kinder", "jugendliche"),
        ("14:00", "16:30"),
        ("MO", "TU", "WE", "TH"),
        3,
        languages=("tr", "ar", "en"),
        ages=(6, 16),
        core=True,
    ),
    Kind(
        "sozialberatung",
        "Sozialberatung {place}",
        "Beratung zu Bürgergeld, Wohngeld, Kinderzuschlag und Behördenpost; wenn nötig "
        "Vermittlung an Fachstellen. Vertraulich und kostenlos.",
        "stadtteilbuero",
        ("soziales",),
        ("alle", "erwachsene", "arbeitsuchende"),
        ("10:00", "13:00"),
        WEEK,
        2,
        languages=("tr", "ar", "ru", "en"),
        core=True,
    ),
    Kind(
        "seniorentreff",
        "Seniorentreff {place}",
        "Kaffee, Gespräche, Gedächtnistraining und Ausflüge: ein Nachmittag für Senioren und "
        "alle, die gern in Gesellschaft sind.",
        "begegnungsstaette",
        ("soziales", "kultur"),
        ("senioren",),
        ("14:00", "17:00"),
        WEEK,
        1,
        free=None,
        fees="1 € für Kaffee und Kuchen.",
        languages=("tr", "ru"),
        ages=(60, None),
        event="Erzählcafé im Seniorentreff",
        core=True,
    ),
    Kind(
        "kita-sprechstunde",
        "Kita-Sprechstunde {place}",
        "Wie finde ich einen Kita-Platz, wie funktioniert die Anmeldung, was kostet die Kita? "
        "Beratung für Eltern rund um Kita und Kindertagespflege.",
        "familienhaus",
        ("kinder-jugend-familie",),
        ("eltern", "familien"),
        ("09:00", "11:00"),
        WEEK,
        1,
        languages=("ar", "tr", "uk", "en"),
        core=True,
    ),
    Kind(
        "beratung-gefluechtete",
        "Beratung für Geflüchtete {place}",
        "Hilfe bei Aufenthalt, Wohnungssuche, Schule und Arbeit für Geflüchtete; "
        "Sprachmittlung auf Wunsch.",
        "stadtteilbuero",
        ("soziales", "wirtschaft-arbeit"),
        ("gefluechtete", "migrationsgeschichte"),
        ("13:00", "16:00"),
        WEEK,
        1,
        languages=("ar", "uk", "fa", "ku", "en", "fr"),
        ages=(16, None),
    ),
    Kind(
        "sprachcafe",
        "Sprachcafé {place}",
        "Deutsch sprechen üben bei Tee und Kaffee, ganz ohne Unterricht: Nachbar*innen aus "
        "vielen Ländern kommen ins Gespräch.",
        "bildungswerk",
        ("bildung", "engagement-vernetzung"),
        ("migrationsgeschichte", "gefluechtete", "alle"),
        ("17:00", "19:00"),
        WEEK,
        1,
        languages=("ar", "tr", "uk", "fa", "en", "ru"),
        event="Sprachcafé spezial: Spieleabend",
    ),
    Kind(
        "krabbelgruppe",
        "Krabbelgruppe {place}",
        "Spielen, singen, andere Eltern kennenlernen: für Babys und Kleinkinder bis drei "
        "Jahre mit ihren Eltern.",
        "familienhaus",
        ("kinder-jugend-familie",),
        ("eltern", "familien", "kinder"),
        ("09:30", "11:00"),
        WEEK,
        2,
        languages=("tr", "ar", "en", "pl"),
        ages=(0, 3),
    ),
    Kind(
        "schuldnerberatung",
        "Schuldnerberatung {place}",
        "Rechnungen, Mahnungen, Kontopfändung: Die Beratung ordnet die Schulden, verhandelt mit "
        "Gläubigern und zeigt Wege aus der Überschuldung.",
        "stadtteilbuero",
        ("soziales", "wirtschaft-arbeit"),
        ("erwachsene", "arbeitsuchende"),
        ("09:00", "12:00"),
        WEEK,
        1,
        languages=("tr", "ru", "en"),
        ages=(18, None),
    ),
    Kind(
        "jugendtreff",
        "Jugendtreff {place}",
        "Offener Treff mit Kicker, Musik und Gesprächen; die Mitarbeitenden haben ein offenes "
        "Ohr bei Stress in Schule, Familie oder Ausbildung.",
        "jugendhaus",
        ("kinder-jugend-familie", "sport"),
        ("jugendliche",),
        ("15:00", "20:00"),
        WEEK,
        3,
        languages=("tr", "ar", "en"),
        ages=(12, 21),
        event="Turnier am Kickertisch",
    ),
    Kind(
        "mittagstisch",
        "Mittagstisch {place}",
        "Ein warmes, frisch gekochtes Mittagessen in Gesellschaft, für alle, die nicht gern "
        "allein essen.",
        "begegnungsstaette",
        ("soziales", "gesundheit"),
        ("senioren", "alle", "behinderung"),
        ("12:00", "14:00"),
        WEEK,
        3,
        free=False,
        fees="3,50 € pro Essen; mit Köln-Pass 1,50 €.",
    ),
    Kind(
        "naehcafe",
        "Nähcafé {place}",
        "Nähmaschinen, Stoffreste und Hilfe beim Flicken, Ändern und Selbernähen; Anfängerinnen "
        "und Anfänger sind willkommen.",
        "familienhaus",
        ("kultur", "engagement-vernetzung"),
        ("frauen", "erwachsene", "alle"),
        ("10:00", "12:30"),
        WEEK,
        1,
        free=None,
        fees="Spende für Material erbeten.",
        languages=("tr", "ar", "ru", "pl"),
    ),
    Kind(
        "lernhilfe",
        "Lernhilfe Mathe und Deutsch {place}",
        "Einzeln oder in kleinen Gruppen Lücken schließen und für Prüfungen lernen, begleitet von "
        "Studierenden.",
        "bildungswerk",
        ("bildung",),
        ("kinder", "jugendliche"),
        ("15:00", "17:00"),
        WEEK,
        2,
        free=None,
        fees="5 € im Monat; mit Köln-Pass kostenlos.",
        languages=("en", "tr", "uk"),
        ages=(10, 18),
    ),
    Kind(
        "elterncafe",
        "Elterncafé {place}",
        "Frühstück für Mütter, Väter und Erziehende: Austausch über Schule, Erziehung und "
        "Alltag, mit einer Fachkraft für Fragen.",
        "familienhaus",
        ("kinder-jugend-familie", "bildung"),
        ("eltern", "familien", "migrationsgeschichte"),
        ("09:00", "11:00"),
        WEEK,
        1,
        languages=("ar", "tr", "ku", "fa"),
        event="Elterncafé mit Gast: Übergang in die weiterführende Schule",
    ),
    Kind(
        "fahrradwerkstatt",
        "Fahrradwerkstatt {place}",
        "Das eigene Fahrrad mit Werkzeug und Anleitung selbst reparieren; gespendete Räder "
        "werden gemeinsam wieder fahrtüchtig gemacht.",
        "jugendhaus",
        ("engagement-vernetzung", "sport"),
        ("jugendliche", "erwachsene", "alle"),
        ("16:00", "19:00"),
        ("WE", "TH", "SA"),
        1,
        languages=("en", "ar", "fa"),
        event="Offener Werkstatttag: Räder verkehrssicher machen",
    ),
    Kind(
        "bewerbungstraining",
        "Bewerbungstraining {place}",
        "Lebenslauf, Anschreiben und Vorstellungsgespräch: Hilfe auf dem Weg in Ausbildung und "
        "Arbeit, mit Computer und Drucker.",
        "stadtteilbuero",
        ("wirtschaft-arbeit", "bildung"),
        ("arbeitsuchende", "jugendliche", "erwachsene"),
        ("10:00", "13:00"),
        WEEK,
        1,
        languages=("en", "ar", "uk", "tr"),
        ages=(16, None),
        event="Jobbörse mit Betrieben aus dem Veedel",
    ),
    Kind(
        "computerkurs-senioren",
        "Computerkurs für Senioren {place}",
        "Smartphone, Tablet und Computer Schritt für Schritt: Fotos verschicken, Videoanrufe, "
        "Online-Termine und Schutz vor Betrug.",
        "begegnungsstaette",
        ("bildung",),
        ("senioren",),
        ("10:00", "12:00"),
        WEEK,
        1,
        free=False,
        fees="2 € pro Termin.",
        ages=(60, None),
    ),
    Kind(
        "mietberatung",
        "Mieterberatung {place}",
        "Fragen zu Nebenkosten, Mieterhöhung, Schimmel oder Kündigung; Ehrenamtliche helfen beim "
        "Verstehen und vermitteln an die Rechtsberatung.",
        "stadtteilbuero",
        ("wohnen", "soziales"),
        ("alle", "erwachsene", "migrationsgeschichte"),
        ("16:00", "18:00"),
        WEEK,
        1,
        languages=("tr", "en", "ar"),
    ),
    Kind(
        "buergersprechstunde",
        "Bürgersprechstunde {place}",
        "Anliegen aus dem Stadtteil sammeln, Ideen für Plätze und Wege einbringen und an "
        "Bezirksvertretung und Verwaltung weitergeben.",
        "stadtteilbuero",
        ("gemeinwesen-politik", "engagement-vernetzung"),
        ("alle",),
        ("17:00", "19:00"),
        WEEK,
        1,
        languages=("tr", "ku"),
        event="Bürgerversammlung zum Wohnumfeld",
    ),
    Kind(
        "nachbarschaftsrat",
        "Veedelsrat {place}",
        "Bewohner*innen beraten über kleine Projekte im Veedel und entscheiden über Mittel aus "
        "dem Verfügungsfonds mit.",
        "stadtteilbuero",
        ("gemeinwesen-politik",),
        ("alle", "erwachsene"),
        ("18:00", "20:00"),
        ("TU", "WE", "TH"),
        1,
        event="Offene Sitzung des Veedelsrats",
    ),
    Kind(
        "rueckengymnastik",
        "Rückengymnastik {place}",
        "Sanfte Übungen für Rücken, Gleichgewicht und Beweglichkeit, auch für Menschen, die lange "
        "keinen Sport gemacht haben.",
        "sportverein",
        ("sport", "gesundheit"),
        ("senioren", "erwachsene", "behinderung"),
        ("10:00", "11:00"),
        WEEK,
        2,
        free=False,
        fees="15 € im Quartal; Schnupperstunde kostenlos.",
        languages=("tr", "ru"),
    ),
    Kind(
        "fussball-maedchen",
        "Fußball für Mädchen {place}",
        "Offenes Training für Mädchen ohne Vereinsmitgliedschaft; Turnschuhe reichen.",
        "sportverein",
        ("sport", "kinder-jugend-familie"),
        ("kinder", "jugendliche", "frauen"),
        ("16:30", "18:00"),
        WEEK,
        2,
        languages=("en", "ar", "tr"),
        ages=(8, 16),
    ),
    Kind(
        "schwimmkurs-frauen",
        "Schwimmkurs für Frauen {place}",
        "Schwimmen lernen in geschützter Runde mit Trainerinnen; das Bad ist in dieser Zeit nur "
        "für Frauen geöffnet.",
        "sportverein",
        ("sport", "gesundheit"),
        ("frauen", "erwachsene", "migrationsgeschichte"),
        ("18:00", "19:30"),
        WEEK,
        1,
        free=False,
        fees="20 € für zehn Termine; mit Köln-Pass 5 €.",
        languages=("ar", "tr", "fa"),
        ages=(16, None),
    ),
    Kind(
        "vaetertreff",
        "Vätertreff {place}",
        "Väter und ihre Kinder spielen, toben und frühstücken zusammen; Austausch unter Vätern.",
        "familienhaus",
        ("kinder-jugend-familie",),
        ("maenner", "familien", "eltern"),
        ("10:00", "13:00"),
        ("SA",),
        1,
        languages=("tr", "ar", "en"),
    ),
    Kind(
        "maennergruppe",
        "Männergesprächskreis {place}",
        "Ein offener Abend für Männer: über Arbeit, Familie, Gesundheit und Älterwerden reden.",
        "gesundheitstreff",
        ("gesundheit", "soziales"),
        ("maenner", "erwachsene"),
        ("18:30", "20:00"),
        WEEK,
        1,
        languages=("tr", "ru"),
        ages=(18, None),
    ),
    Kind(
        "selbsthilfe-angehoerige",
        "Gesprächskreis für pflegende Angehörige {place}",
        "Austausch und Entlastung für Menschen, die Angehörige pflegen; eine Pflegeberaterin "
        "beantwortet Fragen zu Pflegegrad und Kurzzeitpflege.",
        "gesundheitstreff",
        ("gesundheit", "soziales"),
        ("erwachsene", "senioren"),
        ("18:00", "19:30"),
        WEEK,
        1,
    ),
    Kind(
        "inklusiver-treff",
        "Inklusiver Freizeittreff {place}",
        "Spielen, kochen, Ausflüge planen: ein Treff für Menschen mit und ohne Behinderung.",
        "gesundheitstreff",
        ("kultur", "soziales"),
        ("behinderung", "jugendliche", "erwachsene"),
        ("16:00", "19:00"),
        WEEK,
        1,
        event="Ausflug in den Zoo (mit Anmeldung)",
    ),
    Kind(
        "gesundheitsberatung",
        "Gesundheitsberatung {place}",
        "Wo finde ich eine Hausarztpraxis, wie komme ich an eine Vorsorge, was tun bei "
        "Sucht oder Depression? Beratung und Weitervermittlung.",
        "gesundheitstreff",
        ("gesundheit",),
        ("alle", "migrationsgeschichte", "gefluechtete"),
        ("09:00", "12:00"),
        WEEK,
        1,
        languages=("ar", "tr", "ru", "uk", "fa"),
    ),
    Kind(
        "chor",
        "Nachbarschaftschor {place}",
        "Singen ohne Noten und ohne Vorsingen: Lieder aus vielen Ländern, für alle Stimmen.",
        "sportverein",
        ("kultur", "engagement-vernetzung"),
        ("alle", "senioren", "erwachsene"),
        ("19:00", "20:30"),
        WEEK,
        1,
        free=None,
        fees="Spende erbeten.",
        event="Offenes Singen zum Mitmachen",
    ),
    Kind(
        "theater-jugend",
        "Theaterwerkstatt für Jugendliche {place}",
        "Szenen aus dem eigenen Alltag entwickeln, improvisieren und am Ende auf der Bühne stehen.",
        "jugendhaus",
        ("kultur",),
        ("jugendliche",),
        ("17:00", "19:00"),
        WEEK,
        1,
        free=None,
        fees="10 € im Halbjahr.",
        ages=(13, 19),
        event="Werkstattaufführung der Theatergruppe",
    ),
    Kind(
        "ehrenamtsboerse",
        "Ehrenamtsbörse {place}",
        "Wer sich im Veedel engagieren möchte, findet hier passende Aufgaben: von der "
        "Lesepatenschaft bis zur Begleitung zum Arzt.",
        "stadtteilbuero",
        ("engagement-vernetzung",),
        ("alle", "erwachsene", "senioren"),
        ("15:00", "17:00"),
        WEEK,
        1,
        languages=("en",),
        event="Infoabend für neue Ehrenamtliche",
    ),
    Kind(
        "gemeinschaftsgarten",
        "Gemeinschaftsgarten {place}",
        "Gemüse, Kräuter und Blumen gemeinsam anbauen; Werkzeug und Saatgut sind da, Erfahrung "
        "ist nicht nötig.",
        "stadtteilbuero",
        ("wohnen", "engagement-vernetzung"),
        ("alle", "familien"),
        ("10:00", "13:00"),
        ("SA",),
        1,
        languages=("tr", "ar"),
    ),
    Kind(
        "reparaturcafe",
        "Reparatur-Café {place}",
        "Toaster, Lampe, Hose mit Loch: gemeinsam reparieren statt wegwerfen.",
        "bildungswerk",
        ("engagement-vernetzung", "wohnen"),
        ("alle",),
        ("11:00", "14:00"),
        ("SA",),
        1,
        free=None,
        fees="Spenden sind willkommen.",
        languages=("ru", "pl"),
        event="Reparatur-Café",
    ),
    Kind(
        "frauenfruehstueck",
        "Frauenfrühstück {place}",
        "Ein Vormittag nur für Frauen: frühstücken, sich austauschen und Themen aus dem Alltag "
        "mit Fachfrauen besprechen.",
        "familienhaus",
        ("soziales", "kultur"),
        ("frauen", "migrationsgeschichte"),
        ("09:30", "11:30"),
        WEEK,
        1,
        free=None,
        fees="2 € für das Frühstück.",
        languages=("ar", "tr", "fa", "ku", "uk"),
    ),
    Kind(
        "ferienprogramm",
        "Ferienprogramm für Kinder {place}",
        "Basteln, Ausflüge und Spiele in den Schulferien; mit Mittagessen.",
        "jugendhaus",
        ("kinder-jugend-familie", "kultur"),
        ("kinder", "familien"),
        ("09:00", "15:00"),
        WEEK,
        1,
        free=False,
        fees="15 € pro Woche inklusive Mittagessen; mit Köln-Pass kostenlos.",
        ages=(6, 12),
        event="Anmeldetag für das Ferienprogramm",
    ),
    Kind(
        "spieletreff-senioren",
        "Spielenachmittag für Senioren {place}",
        "Skat, Rummikub und Gesellschaftsspiele: gemeinsam spielen statt allein zu Hause sitzen.",
        "begegnungsstaette",
        ("kultur", "soziales"),
        ("senioren",),
        ("14:30", "17:00"),
        WEEK,
        1,
        languages=("tr", "ru", "pl"),
        ages=(60, None),
    ),
    Kind(
        "jobcoaching",
        "Beratung zu Arbeit und Ausbildung {place}",
        "Welche Ausbildung passt, wie werden Abschlüsse aus dem Ausland anerkannt, wo gibt es "
        "Weiterbildung? Beratung für Arbeitsuchende jeden Alters.",
        "bildungswerk",
        ("wirtschaft-arbeit",),
        ("arbeitsuchende", "migrationsgeschichte", "gefluechtete"),
        ("09:00", "12:00"),
        WEEK,
        1,
        languages=("ar", "uk", "en", "fa", "ru"),
        ages=(16, None),
    ),
)

# What a kind's accessibility note says when its place has no steps.
ACCESSIBLE = "Zugang ohne Stufen, barrierefreie Toilette."


# --- where ------------------------------------------------------------------------------------


@dataclass
class _Place:
    name: str
    quarter_id: int
    geometry: object  # well inside the quarter (and the space): a margin from its edge

    def __post_init__(self):
        self._inside = prep(self.geometry)

    def sample_point(self, seed: str) -> tuple[float, float]:
        """A point (lat, lon) inside the place, the same for the same seed."""
        rng = random.Random(seed)
        minx, miny, maxx, maxy = self.geometry.bounds
        for _ in range(500):
            lon, lat = round(rng.uniform(minx, maxx), 6), round(rng.uniform(miny, maxy), 6)
            if self._inside.contains(Point(lon, lat)):
                return lat, lon
        point = self.geometry.representative_point()
        return round(point.y, 6), round(point.x, 6)


def _places(space: SocialSpace) -> list[_Place]:
    """The quarters of a social space, clipped to its outline (a partial quarter is named
    after the neighbourhood that belongs to the space)."""
    space_shape = shape(space.geometry) if space.geometry else None
    partial = {n.quarter_id: n.name for n in space.neighbourhoods.only("quarter_id", "name")}
    places = []
    for quarter in space.quarters.order_by("number"):
        if quarter.geometry is None:
            continue
        area = shape(quarter.geometry)
        if space_shape is not None:
            clipped = area.intersection(space_shape)
            if clipped.area > area.area * 0.02:
                area = clipped
        inner = area.buffer(-0.0015)
        if not inner.is_empty:
            area = inner
        places.append(_Place(partial.get(quarter.pk, quarter.name), quarter.pk, area))
    return places


# --- when -------------------------------------------------------------------------------------


def event_days(today: datetime.date) -> list[datetime.date]:
    """The days of the coming eight weeks (tomorrow to ``today`` + 56) on which the demo puts
    dates: no Sundays, no public holidays of North Rhine-Westphalia, not 24 or 31 December."""
    days = [today + datetime.timedelta(days=n) for n in range(1, EVENT_DAYS + 1)]
    closed = holidays.Germany(subdiv="NW", years={d.year for d in days})
    return [
        d
        for d in days
        if d.weekday() != 6 and d not in closed and (d.month, d.day) not in NO_EVENT_DAYS
    ]


def event_day_on_or_after(day: datetime.date, today: datetime.date) -> datetime.date:
    """``day``, or the next day the demo may put a date on (see ``event_days``)."""
    allowed = event_days(today)
    later = [d for d in allowed if d >= day]
    return later[0] if later else allowed[-1]


# --- the plan (plain data, no database) -------------------------------------------------------


@dataclass(frozen=True)
class PlannedOffer:
    key: str
    space_slug: str
    place: str
    quarter_id: int
    point: tuple[float, float]
    kind: Kind
    provider: str
    is_free: bool
    is_barrier_free: bool
    languages: tuple[str, ...]
    schedules: tuple[tuple[str, str, str], ...]
    checked_days_ago: int | None
    event_count: int


def plan_space(space: SocialSpace, places: list[_Place]) -> list[PlannedOffer]:
    """The offers of one social space: the core kinds first, then others drawn at random,
    each in one of the space's quarters (no kind twice in one quarter)."""
    rng = random.Random(f"veedel-directory:{space.slug}")
    core = [k for k in KINDS if k.core]
    others = [k for k in KINDS if not k.core]
    rng.shuffle(others)
    pairs: list[tuple[Kind, _Place]] = []
    for number, kind in enumerate(core):
        pairs.append((kind, places[number % len(places)]))
    rounds = 0
    while len(pairs) < OFFERS_PER_SPACE and rounds < len(places) + 1:
        for kind in others:
            if len(pairs) >= OFFERS_PER_SPACE:
                break
            place = places[(len(pairs) + rounds) % len(places)]
            if (kind, place) not in pairs:
                pairs.append((kind, place))
        rounds += 1
    planned = []
    for kind, place in pairs:
        key = f"{space.slug}:{kind.key}:{place.quarter_id}"
        days = sorted(rng.sample(kind.days, min(kind.day_count, len(kind.days))), key=_day_order)
        extra = tuple(
            sorted(rng.sample(kind.languages, min(len(kind.languages), rng.randint(0, 3))))
        )
        planned.append(
            PlannedOffer(
                key=key,
                space_slug=space.slug,
                place=place.name,
                quarter_id=place.quarter_id,
                point=place.sample_point(f"directory:{key}"),
                kind=kind,
                provider=kind.provider,
                is_free=kind.free if kind.free is not None else rng.random() < 0.5,
                is_barrier_free=rng.random() < 0.6,
                languages=("de", *extra),
                schedules=tuple((day, *kind.times) for day in days),
                checked_days_ago=rng.choice((None, 12, 40, 90, 150, 210, 260, 400)),
                event_count=rng.choice((1, 2, 3)) if kind.event and rng.random() < 0.7 else 0,
            )
        )
    return planned


def _day_order(code: str) -> int:
    return ("MO", "TU", "WE", "TH", "FR", "SA", "SU").index(code)


# --- loading ----------------------------------------------------------------------------------


def _time(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


def directory_offers_load(
    *, today: datetime.date, terms: dict[str, TaxonomyTerm], report: DemoReport
) -> list[Offer]:
    """Create the directory's example offers (and their providers) that are missing in the
    social spaces valid on ``today``; returns the new offers (their search documents are the
    caller's ``offer_reindex``)."""
    spaces = list(SocialSpace.objects.valid_on(today).exclude(geometry=None).order_by("name"))
    plans = [(space, plan_space(space, places)) for space in spaces if (places := _places(space))]
    planned = [p for _space, plan in plans for p in plan]
    existing = set(
        Offer.objects.filter(pk__in=[directory_uuid("offer", p.key) for p in planned]).values_list(
            "pk", flat=True
        )
    )
    report.count("example offers", "unchanged", len(existing))
    missing = [p for p in planned if directory_uuid("offer", p.key) not in existing]
    if not missing:
        return []
    providers = _providers_load(plans=plans, today=today, report=report)
    offices = OfficeFinder(today)
    tz = timezone.get_current_timezone()
    city = settings.VEEDEL_CITY_NAME
    days = event_days(today)
    postcodes = quarter_postcodes()
    rng = random.Random(f"veedel-directory-events:{today.isoformat()}")
    day_cursor = rng.randrange(len(days))

    offers, locations, links, schedules, events, languages, phones = [], [], [], [], [], [], []
    space_links, term_links, texts = [], [], []
    TermThrough = Offer.taxonomy_terms.through
    SpaceThrough = Location.social_spaces.through
    for number, plan in enumerate(missing):
        kind = plan.kind
        provider = providers[f"{plan.space_slug}:{plan.provider}"]
        lat, lon = plan.point
        where = geo.locate(lat, lon)
        location = Location(
            id=directory_uuid("location", plan.key),
            organization=provider,
            location_type=LocationType.PHYSICAL,
            name=provider.name,
            address_1=f"Beispielstraße {number % 90 + 1}",
            postal_code=provider.postal_code
            or postcodes.get(where.quarter.pk if where.quarter else plan.quarter_id, "–"),
            city=city,
            latitude=lat,
            longitude=lon,
            quarter_id=where.quarter.pk if where.quarter else plan.quarter_id,
            is_barrier_free=plan.is_barrier_free,
        )
        locations.append(location)
        space_links += [
            SpaceThrough(location_id=location.pk, socialspace_id=s.pk) for s in where.social_spaces
        ]
        office = offices.for_spaces(where.social_spaces) or provider.office
        checked = (
            today - datetime.timedelta(days=plan.checked_days_ago)
            if plan.checked_days_ago is not None
            else None
        )
        offer = Offer(
            id=directory_uuid("offer", plan.key),
            organization=provider,
            office=office,
            name=kind.name.format(place=plan.place),
            description=kind.description,
            email=provider.email,
            application_process="Einfach vorbeikommen; bei Fragen vorher anrufen.",
            is_free=plan.is_free,
            fees_description="" if plan.is_free else kind.fees,
            minimum_age=kind.ages[0],
            maximum_age=kind.ages[1],
            is_barrier_free=plan.is_barrier_free,
            accessibility_description=ACCESSIBLE if plan.is_barrier_free else "",
            assured_date=checked,
            assurer_email=office.email if office and checked else "",
            is_published=True,
            is_example=True,
        )
        offers.append(offer)
        texts += [
            OfferText(
                offer=offer, language=code, name=name.format(place=plan.place), description=text
            )
            for code, (name, text) in KIND_TEXTS.get(kind.key, {}).items()
        ]
        term_links += [
            TermThrough(offer_id=offer.pk, taxonomyterm_id=terms[code].pk)
            for code in (*kind.topics, *kind.groups)
            if code in terms
        ]
        at_location = ServiceAtLocation(
            id=directory_uuid("at-location", plan.key), offer=offer, location=location
        )
        links.append(at_location)
        schedules += [
            Schedule(
                offer=offer,
                service_at_location=at_location,
                byday=day,
                opens_at=_time(opens),
                closes_at=_time(closes),
            )
            for day, opens, closes in plan.schedules
        ]
        languages += [
            Language(offer=offer, code=code, name=LANGUAGE_NAMES.get(code, code))
            for code in plan.languages
        ]
        phones.append(Phone(offer=offer, number=f"0221 0001-{number % 1000:03d}"))
        opens = _time(kind.times[0])
        for _ in range(plan.event_count):
            # Round the days in turn, so that every week of the eight has dates.
            day = days[day_cursor % len(days)]
            day_cursor += 7
            start = datetime.datetime.combine(day, opens, tzinfo=tz)
            events.append(
                Event(
                    offer=offer,
                    location=location,
                    title=kind.event,
                    description=f"{offer.name}: Bitte bei Bedarf vorher anmelden.",
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                )
            )
    Location.objects.bulk_create(locations)
    SpaceThrough.objects.bulk_create(space_links)
    Offer.objects.bulk_create(offers)
    TermThrough.objects.bulk_create(term_links)
    ServiceAtLocation.objects.bulk_create(links)
    Schedule.objects.bulk_create(schedules)
    Language.objects.bulk_create(languages)
    OfferText.objects.bulk_create(texts)
    Phone.objects.bulk_create(phones)
    Event.objects.bulk_create(events)
    report.count("locations", "created", len(locations))
    report.count("example offers", "created", len(offers))
    return offers


LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "Englisch",
    "tr": "Türkisch",
    "ar": "Arabisch",
    "ru": "Russisch",
    "uk": "Ukrainisch",
    "fa": "Persisch",
    "fr": "Französisch",
    "ku": "Kurdisch",
    "pl": "Polnisch",
}


def _providers_load(*, plans, today: datetime.date, report: DemoReport) -> dict[str, Actor]:
    """The invented providers of each social space, by "<space slug>:<provider key>"; missing
    ones are created (one per provider kind, in one of the space's quarters)."""
    wanted = {f"{space.slug}:{p.provider}": (space, p) for space, plan in plans for p in plan}
    found = {
        a.external_id: a
        for a in Actor.objects.filter(source=PROVIDER_SOURCE, external_id__in=list(wanted))
    }
    report.count("example actors", "unchanged", len(found))
    templates = {p.key: p for p in PROVIDERS}
    topics = {t.slug: t for t in Topic.objects.all()}
    offices = OfficeFinder(today)
    city = settings.VEEDEL_CITY_NAME
    new, spaces_of, served, topics_of = [], [], [], []
    for key, (space, first) in wanted.items():
        if key in found:
            continue
        template = templates[first.provider]
        lat, lon = first.point
        where = geo.locate(lat, lon)
        mail = "".join(c if c.isalnum() else "-" for c in space.slug).strip("-")
        actor = Actor(
            id=directory_uuid("actor", key),
            name=template.name.format(place=first.place),
            kind=template.kind,
            description=template.description,
            street=f"Beispielstraße {len(new) % 90 + 1}",
            city=city,
            latitude=lat,
            longitude=lon,
            quarter=where.quarter,
            neighbourhood=where.neighbourhood,
            email=f"{template.key}-{mail}@example.org",
            is_public=True,
            office=offices.for_spaces(where.social_spaces),
            is_example=True,
            source=PROVIDER_SOURCE,
            external_id=key,
        )
        new.append(actor)
        spaces_of += [
            Actor.social_spaces.through(actor_id=actor.pk, socialspace_id=s.pk)
            for s in where.social_spaces
        ]
        served.append(Actor.areas_served.through(actor_id=actor.pk, socialspace_id=space.pk))
        topics_of += [
            Actor.topics.through(actor_id=actor.pk, topic_id=topics[slug].pk)
            for slug in sorted({t for k in KINDS if k.provider == template.key for t in k.topics})
            if slug in topics
        ]
        found[key] = actor
    Actor.objects.bulk_create(new)
    Actor.social_spaces.through.objects.bulk_create(spaces_of)
    Actor.areas_served.through.objects.bulk_create(served)
    Actor.topics.through.objects.bulk_create(topics_of)
    report.count("example actors", "created", len(new))
    return found


def quarter_postcodes() -> dict[int, str]:
    """The most frequent postal code of the actors in each quarter (the demo's places in the
    network data carry real addresses), for example addresses that look like the quarter's."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for quarter_id, code in (
        Actor.objects.exclude(postal_code="")
        .exclude(quarter=None)
        .values_list("quarter_id", "postal_code")
    ):
        counts[quarter_id][code] += 1
    return {quarter: codes.most_common(1)[0][0] for quarter, codes in counts.items()}
