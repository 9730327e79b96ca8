#!/usr/bin/env python3
"""Search benchmark for the offers directory at scale, served by gunicorn as in production.

For each size, in a fresh database of its own (PostgreSQL by default, SQLite on request), it
loads the bundled Cologne data and the taxonomies and generates synthetic offers and actors in
bulk (10 000 offers and 2 000 actors, and 100 000 and 20 000); it then serves every database at
once and times searches with words and two filters on the HTML directory and the HSDS API, the
requests alternating between the sizes, so that a change of the machine's speed during the run
weighs on every size alike:

    /angebote/?q=<word>&thema=<topic>&kostenlos=1                       HTML p95 ≤ 100 ms
    /api/hsds/services?search=<word>&taxonomy_term_id=<uuid>&per_page=20    API p95 ≤ 60 ms

as well as common words without filters (HTML and API; the API's once more with the data's
version moved before each request, so that its exact count is not taken from the cache) and
"near" a quarter. The p95 at the largest size must be less than 1.5 times the p95 at the
smallest. With
--throughput SECONDS it also measures requests/s with 16 clients for the directory's search
for a common word without filters (goal ≥ 50 requests/s).

    python bench/offers.py                         # PostgreSQL, 10 000 and 100 000 offers
    python bench/offers.py --db sqlite --sizes 2000,20000 --requests 50
    python bench/offers.py --json > bench/results/offers-$(date +%F).json

It reuses bench/run.py (temporary data folder, createdb/dropdb, gunicorn on loopback,
keep-alive http.client, nearest-rank percentiles). Only loopback traffic; everything it starts
or creates is stopped and removed at the end. Not a test: pytest does not collect it.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (  # noqa: E402  (bench/ is not a package)
    PYTHON,
    REPO,
    Server,
    bench_site,
    log,
    percentile,
    throughput,
)

HTML_GOAL_MS = 100.0
API_GOAL_MS = 60.0
GROWTH_GOAL = 1.5
THROUGHPUT_GOAL = 50.0  # requests/s for the word search with 16 clients
ACTORS_PER_OFFER = 0.2  # 20 000 actors for 100 000 offers
BENCH_SOURCE = "Veedel-Benchmark"
SEED = 20120301

# --- synthetic content ------------------------------------------------------------------------
# (activity, topic code, target-group codes): names are built from these; the topic decides
# the offer's topic field. All invented.
ACTIVITIES = [
    ("Sprachcafé", "bildung", ("migrationsgeschichte", "gefluechtete")),
    ("Hausaufgabenhilfe", "bildung", ("kinder",)),
    ("Deutschkurs", "bildung", ("migrationsgeschichte", "frauen")),
    ("Computerkurs", "bildung", ("senioren",)),
    ("Lesepatenschaft", "bildung", ("kinder",)),
    ("Bewerbungstraining", "wirtschaft-arbeit", ("jugendliche", "arbeitsuchende")),
    ("Jobcafé", "wirtschaft-arbeit", ("arbeitsuchende",)),
    ("Berufsorientierung", "wirtschaft-arbeit", ("jugendliche",)),
    ("Schuldnerberatung", "soziales", ("alle",)),
    ("Sozialberatung", "soziales", ("alle", "gefluechtete")),
    ("Mittagstisch", "soziales", ("senioren",)),
    ("Kleiderkammer", "soziales", ("familien", "alle")),
    ("Mieterberatung", "wohnen", ("alle",)),
    ("Nachbarschaftstreff", "wohnen", ("alle", "senioren")),
    ("Gemeinschaftsgarten", "wohnen", ("familien", "alle")),
    ("Fußballtraining", "sport", ("kinder", "jugendliche")),
    ("Yoga", "sport", ("frauen", "alle")),
    ("Schwimmkurs", "sport", ("kinder",)),
    ("Lauftreff", "sport", ("alle",)),
    ("Boxtraining", "sport", ("jugendliche", "maenner")),
    ("Theatergruppe", "kultur", ("jugendliche",)),
    ("Chor", "kultur", ("alle", "senioren")),
    ("Malwerkstatt", "kultur", ("kinder", "behinderung")),
    ("Trommelgruppe", "kultur", ("jugendliche",)),
    ("Krabbelgruppe", "kinder-jugend-familie", ("eltern", "familien")),
    ("Eltern-Kind-Café", "kinder-jugend-familie", ("eltern",)),
    ("Jugendtreff", "kinder-jugend-familie", ("jugendliche",)),
    ("Ferienprogramm", "kinder-jugend-familie", ("kinder",)),
    ("Ehrenamtsbörse", "engagement-vernetzung", ("alle",)),
    ("Reparatur-Café", "engagement-vernetzung", ("alle",)),
    ("Patenprojekt", "engagement-vernetzung", ("gefluechtete",)),
    ("Bürgersprechstunde", "gemeinwesen-politik", ("alle",)),
    ("Stadtteilforum", "gemeinwesen-politik", ("alle",)),
    ("Jugendparlament", "gemeinwesen-politik", ("jugendliche",)),
    ("Gesundheitsberatung", "gesundheit", ("alle", "migrationsgeschichte")),
    ("Sturzprävention", "gesundheit", ("senioren",)),
    ("Selbsthilfegruppe", "gesundheit", ("behinderung", "alle")),
    ("Hebammensprechstunde", "gesundheit", ("eltern",)),
]
FOR_WHOM = {
    "kinder": "für Kinder",
    "jugendliche": "für Jugendliche",
    "familien": "für Familien",
    "eltern": "für Eltern",
    "senioren": "für Ältere",
    "migrationsgeschichte": "für Zugewanderte",
    "gefluechtete": "für Geflüchtete",
    "frauen": "für Frauen",
    "maenner": "für Männer",
    "behinderung": "inklusiv",
    "arbeitsuchende": "für Arbeitsuchende",
    "alle": "für alle",
}
SENTENCES = [
    "Das Angebot ist offen für alle, eine Anmeldung ist nicht nötig.",
    "Bitte melden Sie sich vorher telefonisch an.",
    "Die Gruppe trifft sich jede Woche in den Räumen des Trägers.",
    "Ehrenamtliche und Fachkräfte arbeiten hier zusammen.",
    "Kinder können mitgebracht werden; eine Spielecke ist vorhanden.",
    "Die Beratung ist vertraulich und auf Wunsch anonym.",
    "Wir sprechen mehrere Sprachen und helfen beim Ausfüllen von Formularen.",
    "Im Anschluss gibt es Kaffee und Zeit für Gespräche.",
    "Material wird gestellt, bitte bequeme Kleidung mitbringen.",
    "In den Schulferien finden zusätzliche Termine statt.",
    "Der Treffpunkt ist mit Bus und Bahn gut zu erreichen.",
    "Neue Teilnehmende sind jederzeit willkommen.",
    "Wir vermitteln bei Bedarf an Fachstellen im Stadtteil weiter.",
    "Die Räume sind ebenerdig und mit dem Rollstuhl erreichbar.",
    "Das Angebot wird aus Mitteln der Stadt gefördert.",
    "Eine Kinderbetreuung ist während des Kurses möglich.",
    "Wir kochen gemeinsam und essen zusammen.",
    "Fragen zu Schule, Ausbildung und Beruf sind willkommen.",
    "Die Teilnahme ist freiwillig und unverbindlich.",
    "Vorkenntnisse sind nicht erforderlich.",
]
ACTOR_KINDS = [
    ("youth_centre", "Jugendzentrum"),
    ("family_centre", "Familienzentrum"),
    ("club", "Verein"),
    ("initiative", "Initiative"),
    ("senior_centre", "Begegnungsstätte"),
    ("religious", "Gemeindezentrum"),
    ("health", "Gesundheitsladen"),
    ("other", "Bürgerhaus"),
]
ACTOR_WORDS = [
    "Lindenhof", "Brückenschlag", "Miteinander", "Sonnenseite", "Rheinblick", "Kastanie",
    "Regenbogen", "Zusammenhalt", "Am Markt", "Kreuzweg", "Weidenpfad", "Buntes Haus",
]  # fmt: skip
LANGUAGES = [
    ("de", "Deutsch"), ("tr", "Türkisch"), ("ar", "Arabisch"), ("en", "Englisch"),
    ("ru", "Russisch"), ("pl", "Polnisch"), ("fa", "Persisch"), ("fr", "Französisch"),
]  # fmt: skip
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
POINTS_PER_QUARTER = 40


# --- the generator (runs in a child process with Django set up) -----------------------------


def generate(target_offers: int, target_actors: int) -> dict:
    """Grow the benchmark data to ``target_offers`` offers and ``target_actors`` actors."""
    import datetime
    import uuid
    from collections import defaultdict
    from functools import lru_cache

    import django as django_module

    django_module.setup()
    from django.db import connection, transaction
    from shapely import prepare
    from shapely.geometry import Point, shape

    from veedel.areas.geo import locate
    from veedel.areas.models import Quarter, SocialSpace
    from veedel.core import textsearch
    from veedel.network.demo import OfficeFinder
    from veedel.network.models import Actor
    from veedel.offers import search
    from veedel.offers.models import (
        Language,
        Location,
        Offer,
        Schedule,
        ServiceAtLocation,
    )
    from veedel.offers.taxonomy import target_group_terms, taxonomies_load, topic_terms

    started = time.monotonic()
    taxonomies_load()
    topics, groups = topic_terms(), target_group_terms()
    today = datetime.date.today()
    batch = 2000

    tokens = lru_cache(maxsize=None)(textsearch.tokens)

    def document(*texts: str, facets: list[str]) -> str:
        # The same result as textsearch.document(), with the tokens of repeated texts cached.
        words: dict[str, None] = {}
        for text in texts:
            for token in tokens(text):
                words.setdefault(token)
        for token in facets:
            words.setdefault(token)
        return " " + " ".join(words) + " " if words else ""

    # Places: points inside every quarter, each located once (quarter, social spaces, office).
    offices = OfficeFinder(today)
    space_names = dict(SocialSpace.objects.values_list("pk", "name"))
    places = []
    rng = random.Random(SEED)
    for quarter in Quarter.objects.exclude(geometry=None).order_by("number"):
        area = shape(quarter.geometry)
        inner = area.buffer(-0.0008)
        inner = area if inner.is_empty else inner
        prepare(inner)
        minx, miny, maxx, maxy = inner.bounds
        found = 0
        for _ in range(POINTS_PER_QUARTER * 50):
            if found == POINTS_PER_QUARTER:
                break
            lon, lat = round(rng.uniform(minx, maxx), 6), round(rng.uniform(miny, maxy), 6)
            if not inner.contains(Point(lon, lat)):
                continue
            where = locate(lat, lon)
            if where.quarter is None:
                continue
            office = offices.for_spaces(where.social_spaces)
            places.append(
                {
                    "lat": lat,
                    "lon": lon,
                    "quarter_id": where.quarter.pk,
                    "quarter_name": where.quarter.name,
                    "space_ids": [s.pk for s in where.social_spaces],
                    "office_id": office.pk if office else None,
                    "postal_code": f"5{(int(quarter.number) * 7) % 1000:03d}0"[:5],
                }
            )
            found += 1

    # Actors, each with one location.
    existing_actors = Actor.objects.filter(source=BENCH_SOURCE).count()
    rng = random.Random(f"{SEED}:actors:{existing_actors}")
    ActorSpaces = Actor.social_spaces.through
    LocationSpaces = Location.social_spaces.through
    for start in range(existing_actors, target_actors, batch):
        actors, locations, actor_links, location_links = [], [], [], []
        for number in range(start, min(start + batch, target_actors)):
            place = rng.choice(places)
            kind, label = rng.choice(ACTOR_KINDS)
            name = f"{label} {rng.choice(ACTOR_WORDS)} {place['quarter_name']}"
            actor = Actor(
                id=uuid.uuid4(),
                name=name,
                kind=kind,
                street=f"Beispielweg {number % 200 + 1}",
                postal_code=place["postal_code"],
                city="Köln",
                latitude=place["lat"],
                longitude=place["lon"],
                quarter_id=place["quarter_id"],
                is_public=rng.random() > 0.03,
                office_id=place["office_id"],
                is_example=True,
                source=BENCH_SOURCE,
                external_id=str(number),
            )
            actors.append(actor)
            location = Location(
                id=uuid.uuid4(),
                organization_id=actor.id,
                name=name,
                address_1=actor.street,
                postal_code=actor.postal_code,
                city="Köln",
                latitude=place["lat"],
                longitude=place["lon"],
                quarter_id=place["quarter_id"],
                is_barrier_free=rng.random() < 0.4,
            )
            locations.append(location)
            for space_id in place["space_ids"]:
                actor_links.append(ActorSpaces(actor_id=actor.id, socialspace_id=space_id))
                location_links.append(
                    LocationSpaces(location_id=location.id, socialspace_id=space_id)
                )
        with transaction.atomic():
            Actor.objects.bulk_create(actors, batch_size=batch)
            Location.objects.bulk_create(locations, batch_size=batch)
            ActorSpaces.objects.bulk_create(actor_links, batch_size=batch)
            LocationSpaces.objects.bulk_create(location_links, batch_size=batch)

    # What the offers need to know about their organisation and its location.
    spaces_of_location = defaultdict(list)
    space_facets = defaultdict(list)
    for location_id, space_id in LocationSpaces.objects.filter(
        location__organization__source=BENCH_SOURCE
    ).values_list("location_id", "socialspace_id"):
        spaces_of_location[location_id].append(space_names[space_id])
        space_facets[location_id].append(search.social_space_facet(space_id))
    quarter_names = dict(Quarter.objects.values_list("pk", "name"))
    hosts = [
        {
            "actor_id": actor_id,
            "actor_name": actor_name,
            "office_id": office_id,
            "location_id": location_id,
            "texts": (
                actor_name,
                address,
                postal_code,
                "Köln",
                quarter_names.get(quarter_id, ""),
                *spaces_of_location[location_id],
            ),
            # The facets of the place, in the order offer_document() writes them.
            "facets": [
                *([search.quarter_facet(quarter_id)] if quarter_id else []),
                *space_facets[location_id],
                *([search.BARRIER_FREE] if barrier_free else []),
            ],
        }
        for (
            actor_id,
            actor_name,
            office_id,
            location_id,
            address,
            postal_code,
            quarter_id,
            barrier_free,
        ) in (
            Location.objects.filter(organization__source=BENCH_SOURCE)
            .order_by("organization__external_id")
            .values_list(
                "organization_id",
                "organization__name",
                "organization__office_id",
                "id",
                "address_1",
                "postal_code",
                "quarter_id",
                "is_barrier_free",
            )
        )
    ]

    existing_offers = Offer.objects.filter(organization__source=BENCH_SOURCE).count()
    rng = random.Random(f"{SEED}:offers:{existing_offers}")
    TermLinks = Offer.taxonomy_terms.through
    for start in range(existing_offers, target_offers, batch):
        offers, links, at_locations, schedules, languages = [], [], [], [], []
        for _ in range(start, min(start + batch, target_offers)):
            host = rng.choice(hosts)
            activity, topic_code, group_codes = rng.choice(ACTIVITIES)
            group_code = rng.choice(group_codes)
            topic_codes = [topic_code]
            if rng.random() < 0.3:
                topic_codes.append(rng.choice(ACTIVITIES)[1])
            name = f"{activity} {FOR_WHOM[group_code]}"
            description = rng.sample(SENTENCES, 3)
            minimum = rng.choice([None, None, 0, 6, 12, 16, 18, 60])
            maximum = None
            if minimum is not None and rng.random() < 0.5:
                maximum = minimum + rng.choice([3, 6, 10, 20])
            offer_languages = [LANGUAGES[0]] + rng.sample(LANGUAGES[1:], rng.randint(0, 2))
            term_ids = [topics[c].pk for c in dict.fromkeys(topic_codes) if c in topics]
            term_ids += [groups[group_code].pk] if group_code in groups else []
            # In the order offer_document() reads them: terms by taxonomy, order and name;
            # languages by code.
            term_names = [
                t.name
                for t in sorted(
                    (topics[c] for c in dict.fromkeys(topic_codes) if c in topics),
                    key=lambda t: (t.order, t.name),
                )
            ]
            term_names += [groups[group_code].name] if group_code in groups else []
            offer_languages.sort()
            is_free = rng.random() < 0.6
            is_barrier_free = rng.random() < 0.4
            facets = [search.FREE] if is_free else []
            facets += [search.BARRIER_FREE] if is_barrier_free else []
            for term in sorted(
                (topics[c] for c in dict.fromkeys(topic_codes) if c in topics),
                key=lambda t: (t.order, t.name),
            ) + ([groups[group_code]] if group_code in groups else []):
                facets += [search.term_facet(term.pk), search.taxonomy_facet(term.taxonomy_id)]
            facets += [search.language_facet(code) for code, _label in offer_languages]
            facets += host["facets"]
            offer = Offer(
                id=uuid.uuid4(),
                organization_id=host["actor_id"],
                office_id=host["office_id"],
                name=name,
                description=" ".join(description),
                status=rng.choices(
                    ["active", "inactive", "temporarily closed", "defunct"], [94, 2, 2, 2]
                )[0],
                is_free=is_free,
                minimum_age=minimum,
                maximum_age=maximum,
                is_barrier_free=is_barrier_free,
                assured_date=today - datetime.timedelta(days=rng.randint(0, 720)),
                is_published=rng.random() > 0.05,
                is_example=True,
                search_document=document(
                    name,
                    *description,
                    host["actor_name"],
                    *term_names,
                    *host["texts"],
                    facets=facets,
                ),
            )
            offers.append(offer)
            links += [TermLinks(offer_id=offer.id, taxonomyterm_id=t) for t in term_ids]
            at_location = ServiceAtLocation(
                id=uuid.uuid4(), offer_id=offer.id, location_id=host["location_id"]
            )
            at_locations.append(at_location)
            for day in rng.sample(WEEKDAYS[:6], rng.randint(1, 3)):
                opens = rng.choice([8, 9, 10, 14, 15, 16, 17])
                schedules.append(
                    Schedule(
                        id=uuid.uuid4(),
                        offer_id=offer.id,
                        service_at_location_id=at_location.id,
                        byday=day,
                        opens_at=datetime.time(opens),
                        closes_at=datetime.time(opens + rng.choice([1, 2, 3])),
                    )
                )
            languages += [
                Language(id=uuid.uuid4(), offer_id=offer.id, code=code, name=label)
                for code, label in offer_languages
            ]
        with transaction.atomic():
            Offer.objects.bulk_create(offers, batch_size=batch)
            TermLinks.objects.bulk_create(links, batch_size=batch)
            ServiceAtLocation.objects.bulk_create(at_locations, batch_size=batch)
            Schedule.objects.bulk_create(schedules, batch_size=batch)
            Language.objects.bulk_create(languages, batch_size=batch)

    with connection.cursor() as cursor:  # fresh statistics for the query planner
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "offers": Offer.objects.count(),
        "actors": Actor.objects.filter(source=BENCH_SOURCE).count(),
        "seconds": round(time.monotonic() - started, 1),
    }


# --- timing ---------------------------------------------------------------------------------


@dataclass
class Timing:
    database: str
    size: int
    endpoint: str
    requests: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    goal_p95_ms: float = 0.0
    met: bool = False
    mean_bytes: int = 0
    error: str | None = None
    example_url: str = ""
    samples_ms: list[float] = field(default_factory=list, repr=False)


SEARCH_WORDS = [
    ("Sprachcafé", "bildung"),
    ("Beratung", "soziales"),
    ("Yoga", "sport"),
    ("Hausaufgaben", "bildung"),
    ("Theater", "kultur"),
    ("Gemeinschaftsgarten", "wohnen"),
    ("Eltern", "kinder-jugend-familie"),
    ("Kalk", "soziales"),
    ("Chorweiler", "sport"),
    ("Mülheim", "bildung"),
    ("Bewerbung", "wirtschaft-arbeit"),
    ("Senioren", "gesundheit"),
    ("Fußball", "sport"),
    ("Nachbarschaft", "wohnen"),
    ("Selbsthilfe", "gesundheit"),
    ("Jugend", "gemeinwesen-politik"),
    ("Reparatur", "engagement-vernetzung"),
    ("Kinderbetreuung", "bildung"),
    ("Kaffee", "engagement-vernetzung"),
    ("Ehrenfeld", "kultur"),
]


def term_ids(env: dict[str, str]) -> dict[str, str]:
    """The ids of the topic terms by code, read through Django in a child process."""
    code = (
        "import django, json; django.setup();"
        "from veedel.offers.taxonomy import topic_terms;"
        "print(json.dumps({c: str(t.pk) for c, t in topic_terms().items()}))"
    )
    done = subprocess.run(
        [PYTHON, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# Words many offers hold, sent without any filter: the worst case for paging and counting.
COMMON_WORDS = ["Beratung", "Treff", "Kurs", "Deutsch", "Familie", "Hilfe"]
# Quarters to sort "near me" from (``von``), in different parts of the city.
NEAR_QUARTERS = ["802", "609", "401", "901", "101"]
ENDPOINTS = (
    "html",
    "api",
    "api-changed",
    "html-common",
    "api-common",
    "api-common-changed",
    "html-near",
)
LABELS = {
    "html": "HTML /angebote/ word + filters",
    "api": "API /api/hsds/services word + term",
    "api-changed": "API word + term, each right after a change",
    "html-common": "HTML /angebote/ common word",
    "api-common": "API /api/hsds/services common word",
    "api-common-changed": "API common word, each right after a change",
    "html-near": "HTML /angebote/ near a quarter",
}


def urls_for(endpoint: str, ids: dict[str, str]) -> list[str]:
    if endpoint == "html-common":
        return ["/angebote/?" + urlencode({"q": w}) for w in COMMON_WORDS]
    if endpoint in ("api-common", "api-common-changed"):
        return ["/api/hsds/services?" + urlencode({"search": w}) for w in COMMON_WORDS]
    if endpoint == "html-near":
        return ["/angebote/?" + urlencode({"von": q}) for q in NEAR_QUARTERS]
    urls = []
    for word, topic in SEARCH_WORDS:
        if endpoint == "html":
            query = {"q": word, "thema": topic, "kostenlos": "1"}
            urls.append("/angebote/?" + urlencode(query))
        else:
            query = {"search": word, "taxonomy_term_id": ids[topic], "per_page": "20"}
            urls.append("/api/hsds/services?" + urlencode(query))
    return urls


def data_changed(env: dict[str, str]) -> None:
    """Move the version of the data, as every write does (veedel/core/sitechanges.py): nothing
    kept in the cache for the old version (pages, choices, the API's exact counts) is used
    for the next request."""
    sql = (
        "INSERT INTO core_sitechange (slot, changes) VALUES (0, 1) "
        "ON CONFLICT (slot) DO UPDATE SET changes = core_sitechange.changes + 1"
    )
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db, db:
            db.execute(sql)
    else:
        subprocess.run(["psql", "-q", "-X", "-d", url, "-c", sql], check=True)


@dataclass
class Target:
    """One size's server, the URLs to send it, and what to do before each request."""

    size: int
    port: int
    urls: list[str]
    before_each: Callable[[], None] | None = None


def time_endpoint(database: str, endpoint: str, targets: list[Target], args) -> list[Timing]:
    """Time ``endpoint`` on every size's server, their requests alternating (the first to each,
    then the second to each …), so that the machine's speed, which may change during a run,
    weighs on every size alike."""
    goal = HTML_GOAL_MS if endpoint.startswith("html") else API_GOAL_MS
    timings = [
        Timing(database, t.size, endpoint, goal_p95_ms=goal, example_url=t.urls[0]) for t in targets
    ]
    conns = [http.client.HTTPConnection("127.0.0.1", t.port, timeout=60) for t in targets]
    headers = {"Accept-Language": "de", "User-Agent": "veedel-bench"}
    sizes: list[list[int]] = [[] for _ in targets]
    failed = False
    try:
        for i in range(args.warmup + args.requests):
            for target, timing, conn, seen in zip(targets, timings, conns, sizes, strict=True):
                url = target.urls[i % len(target.urls)]
                if target.before_each is not None:
                    target.before_each()
                start = time.perf_counter()
                try:
                    conn.request("GET", url, headers=headers)
                    response = conn.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as exc:
                    timing.error = f"{type(exc).__name__}: {exc}"
                    failed = True
                    break
                elapsed_ms = (time.perf_counter() - start) * 1000
                if response.status != 200:
                    timing.error = f"HTTP {response.status} for {url}"
                    failed = True
                    break
                if i >= args.warmup:
                    timing.samples_ms.append(elapsed_ms)
                    seen.append(len(body))
            if failed:
                break
    finally:
        for conn in conns:
            conn.close()
    for timing, seen in zip(timings, sizes, strict=True):
        timing.requests = len(timing.samples_ms)
        if timing.samples_ms and timing.error is None and not failed:
            values = sorted(timing.samples_ms)
            timing.p50_ms = round(percentile(values, 0.50), 1)
            timing.p95_ms = round(percentile(values, 0.95), 1)
            timing.max_ms = round(values[-1], 1)
            timing.met = timing.p95_ms <= goal
            timing.mean_bytes = sum(seen) // len(seen)
        elif timing.error is None:
            timing.error = "stopped: another size's request failed"
    return timings


THROUGHPUT: list[dict] = []  # filled by _time_sizes with --throughput


def bench_database(database: str, args) -> tuple[list[Timing], list[dict]]:
    """A database per size, each generated from scratch, all served at once and timed side
    by side (``time_endpoint``)."""
    timings: list[Timing] = []
    generated: list[dict] = []
    loaders = ["load_areas", "load_taxonomies"]
    try:
        with contextlib.ExitStack() as stack:
            sites = []
            for size in args.sizes:
                env, data_dir = stack.enter_context(
                    bench_site(database, args, f"bench-offers-{size}", loaders)
                )
                generated.append(_grow(database, env, size))
                sites.append((size, env, data_dir, term_ids(env)))
            timings += _time_sizes(database, args, sites)
    except Exception as exc:
        log(f"{database}: {exc}")
        timings.append(Timing(database, 0, "setup", error=str(exc)))
    return timings, generated


def _grow(database: str, env: dict[str, str], size: int) -> dict:
    actors = max(1, int(size * ACTORS_PER_OFFER))
    log(f"{database}: generating {size} offers and {actors} actors …")
    done = subprocess.run(
        [PYTHON, __file__, "_generate", "--offers", str(size), "--actors", str(actors)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise RuntimeError(f"generating {size} offers failed")
    info = json.loads(done.stdout.strip().splitlines()[-1])
    info["database"] = database
    log(f"{database}: {info['offers']} offers, {info['actors']} actors in {info['seconds']} s")
    return info


def _time_sizes(database, args, sites) -> list[Timing]:
    # A server per size, started fresh: nothing cached from another run.
    servers = [
        Server(env, args.workers, data_dir / f"gunicorn-{size}.log")
        for size, env, data_dir, _ids in sites
    ]
    timings: list[Timing] = []
    try:
        for server in servers:
            server.start(probe_url="/angebote/")
        for endpoint in ENDPOINTS:
            targets = [
                Target(
                    size,
                    server.port,
                    urls_for(endpoint, ids),
                    # "…-changed": the data's version moves before each request (untimed).
                    partial(data_changed, env) if endpoint.endswith("-changed") else None,
                )
                for (size, env, _data_dir, ids), server in zip(sites, servers, strict=True)
            ]
            for timing, server in zip(
                time_endpoint(database, endpoint, targets, args), servers, strict=True
            ):
                if timing.error:
                    log(f"{database} {timing.size} {endpoint}: {timing.error}")
                    log("last lines of gunicorn's log:\n" + server.tail_log())
                else:
                    log(f"{database} {timing.size} {endpoint}: p95 {timing.p95_ms:.1f} ms")
                timings.append(timing)
        if args.throughput:
            for (size, _env, _data_dir, ids), server in zip(sites, servers, strict=True):
                found = throughput(
                    server.port, urls_for("html-common", ids), seconds=args.throughput
                )
                found.update(database=database, size=size, endpoint="html-common")
                found["met"] = found["errors"] == 0 and found["requests_per_s"] >= THROUGHPUT_GOAL
                THROUGHPUT.append(found)
                log(f"{database} {size} html-common: {found['requests_per_s']} requests/s")
        return timings
    except Exception:
        for server in servers:
            log("last lines of gunicorn's log:\n" + server.tail_log())
        raise
    finally:
        for server in servers:
            server.stop()


def growth(timings: list[Timing]) -> list[dict]:
    """p95 at the largest size divided by p95 at the smallest, per database and endpoint."""
    rows = []
    for database in dict.fromkeys(t.database for t in timings):
        for endpoint in ENDPOINTS:
            measured = sorted(
                (t for t in timings if t.database == database and t.endpoint == endpoint),
                key=lambda t: t.size,
            )
            if len(measured) < 2 or any(t.p95_ms is None for t in measured):
                continue
            small, large = measured[0], measured[-1]
            ratio = round(large.p95_ms / small.p95_ms, 2) if small.p95_ms else None
            rows.append(
                {
                    "database": database,
                    "endpoint": endpoint,
                    "from_size": small.size,
                    "to_size": large.size,
                    "from_p95_ms": small.p95_ms,
                    "to_p95_ms": large.p95_ms,
                    "ratio": ratio,
                    "met": ratio is not None and ratio < GROWTH_GOAL,
                }
            )
    return rows


def fmt(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def render_table(headers: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(
            c.rjust(widths[i]) if i in numeric else c.ljust(widths[i]) for i, c in enumerate(cells)
        ).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *map(line, rows)])


def report(timings: list[Timing], grown: list[dict], generated: list[dict], args) -> str:
    out = [
        f"\n{args.requests} requests per endpoint and size after {args.warmup} warm-up, "
        f"gunicorn -w {args.workers}, one keep-alive connection, {len(SEARCH_WORDS)} "
        f"search words in turn, Python {platform.python_version()}, {os.cpu_count()} CPUs\n"
    ]
    if generated:
        out.append(
            "generated: "
            + "; ".join(
                f"{g['database']} {g['offers']} offers / {g['actors']} actors in {g['seconds']} s"
                for g in generated
            )
            + "\n"
        )
    rows = []
    for t in timings:
        verdict = f"ERROR: {t.error}" if t.error else ("ok" if t.met else "MISSED")
        label = LABELS.get(t.endpoint, "")
        rows.append(
            [
                t.database,
                str(t.size),
                label,
                str(t.requests),
                fmt(t.p50_ms),
                fmt(t.p95_ms),
                fmt(t.max_ms),
                f"≤ {t.goal_p95_ms:.0f} ms",
                verdict,
            ]
        )
    headers = ["database", "offers", "endpoint", "requests", "p50 ms", "p95 ms", "max ms"]
    headers += ["goal p95", ""]
    out.append(render_table(headers, rows, {1, 3, 4, 5, 6}))
    if grown:
        rows = [
            [
                g["database"],
                g["endpoint"],
                f"{g['from_size']} → {g['to_size']}",
                f"{g['from_p95_ms']:.1f} → {g['to_p95_ms']:.1f}",
                f"{g['ratio']:.2f}×" if g["ratio"] is not None else "-",
                f"< {GROWTH_GOAL:.1f}×",
                "ok" if g["met"] else "MISSED",
            ]
            for g in grown
        ]
        headers = ["database", "endpoint", "offers", "p95 ms", "growth", "goal", ""]
        out.append("\n" + render_table(headers, rows, set()))
    if THROUGHPUT:
        rows = [
            [
                t["database"],
                str(t["size"]),
                LABELS[t["endpoint"]],
                f"{t['requests_per_s']:.1f}",
                fmt(t["p95_ms"]),
                str(t["errors"]),
                f"≥ {THROUGHPUT_GOAL:.0f}/s",
                "ok" if t["met"] else "MISSED",
            ]
            for t in THROUGHPUT
        ]
        headers = ["database", "offers", "endpoint", "requests/s", "p95 ms", "errors", "goal", ""]
        out.append(f"\nThroughput, {THROUGHPUT[0]['connections']} clients in parallel:\n")
        out.append(render_table(headers, rows, {1, 3, 4, 5}))
    return "\n".join(out)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Time searching the offers directory and the HSDS API at 10 000 and "
        "100 000 offers, under gunicorn."
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="postgres")
    parser.add_argument(
        "--sizes",
        default="10000,100000",
        help="numbers of offers to measure at, growing (default: 10000,100000)",
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests (200)")
    # 40: each of the 20 search words' URLs once on each of the 2 workers, so that the timed
    # requests see what is kept between changes of the data; the "…-changed" endpoints time
    # the first request after a change.
    parser.add_argument("--warmup", type=int, default=40, help="untimed requests first (40)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--throughput",
        type=float,
        default=0,
        metavar="SECONDS",
        help="also measure requests/s with 16 clients for the common-word search (off)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--fail-on-miss", action="store_true", help="exit with code 3 when a goal is missed"
    )
    parser.add_argument("--pg-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("PGPORT", "5432")))
    parser.add_argument("--pg-user", default=os.environ.get("PGUSER", "postgres"))
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes takes whole numbers separated by commas, not {args.sizes!r}")
    if not args.sizes or any(s < 1 for s in args.sizes) or args.sizes != sorted(set(args.sizes)):
        parser.error("--sizes must be growing positive numbers, e.g. 10000,100000")
    if args.requests < 1 or args.warmup < 0 or args.throughput < 0:
        parser.error("--requests must be at least 1, --warmup and --throughput not negative")
    return args


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_generate"]:
        sub = argparse.ArgumentParser(prog="offers.py _generate")
        sub.add_argument("--offers", type=int, required=True)
        sub.add_argument("--actors", type=int, required=True)
        options = sub.parse_args(argv[1:])
        print(json.dumps(generate(options.offers, options.actors)))
        return 0

    args = parse_args(argv)
    signal.signal(signal.SIGTERM, interrupted)
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    timings: list[Timing] = []
    generated: list[dict] = []
    try:
        for database in databases:
            t, g = bench_database(database, args)
            timings += t
            generated += g
    except KeyboardInterrupt:
        log("interrupted; cleaned up")
        return 130
    grown = growth(timings)
    if args.json:
        payload = {
            "requests": args.requests,
            "warmup": args.warmup,
            "workers": args.workers,
            "sizes": args.sizes,
            "python": platform.python_version(),
            "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
            "goals": {"html_p95_ms": HTML_GOAL_MS, "api_p95_ms": API_GOAL_MS},
            "growth_goal": GROWTH_GOAL,
            "throughput_goal_per_s": THROUGHPUT_GOAL,
            "throughput": THROUGHPUT,
            "generated": generated,
            "results": [{k: v for k, v in asdict(t).items() if k != "samples_ms"} for t in timings],
            "growth": grown,
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(report(timings, grown, generated, args))
    if any(t.error for t in timings):
        return 1
    met = all(t.met for t in timings) and all(g["met"] for g in grown)
    if args.fail_on_miss and not (met and all(t["met"] for t in THROUGHPUT)):
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
