"""Import and export of offers (Angebote) as tables.

One row is one offer with at most one place. ``offers_check`` reads and checks every row
before anything is written; ``offers_import`` then writes all rows in one transaction, or
nothing. A row with an ``id`` changes that offer (the importing user must be allowed to); its
columns that the file lacks stay as they are, and lists (topics, languages, opening hours,
phones) are replaced only when they differ. A row without ``id`` adds an offer kept by the
chosen office. An export has the same columns, so it can be edited and imported again.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veedel.network.models import Actor
from veedel.offers.imports import common as c
from veedel.offers.imports.actors import actors_visible_to, place_problem
from veedel.offers.imports.tables import Table
from veedel.offers.models import (
    Offer,
    Phone,
    ServiceAtLocation,
    TaxonomyTerm,
)
from veedel.offers.taxonomy import TARGET_GROUPS_SLUG, TOPICS_SLUG

BATCH = 500

OFFER_COLUMNS = [
    c.Column(
        "id",
        gettext_lazy(
            "Veedel's id of the offer, as in an export. With an id the row changes that offer; "
            "without one it adds a new offer."
        ),
        c.id_or_empty,
    ),
    c.Column("name", gettext_lazy("Name of the offer."), c.text(250), required=True),
    c.Column("beschreibung", gettext_lazy("Description."), c.text(5000)),
    c.Column(
        "organisation",
        gettext_lazy("The actor that runs the offer: its name as in Veedel, or its id."),
        c.text(250),
        required=True,
    ),
    c.Column(
        "themen",
        gettext_lazy("Topic fields: codes (or names) separated by ';', see the list below."),
        c.codes,
    ),
    c.Column(
        "zielgruppen",
        gettext_lazy("Target groups: codes (or names) separated by ';', see the list below."),
        c.codes,
    ),
    c.Column("alter_von", gettext_lazy("Minimum age in years."), c.whole_number(0, 130)),
    c.Column("alter_bis", gettext_lazy("Maximum age in years."), c.whole_number(0, 130)),
    c.Column(
        "sprachen",
        gettext_lazy("Languages as ISO 639-1 codes (or names) separated by ';', e.g. de; tr; ar."),
        c.codes,
    ),
    c.Column("kostenlos", gettext_lazy("'ja' if free of charge, else 'nein'."), c.yes_no(False)),
    c.Column("barrierefrei", gettext_lazy("'ja' if barrier-free, else 'nein'."), c.yes_no(False)),
    c.Column("strasse", gettext_lazy("Street and number of the place."), c.text(200)),
    c.Column("plz", gettext_lazy("Postal code of the place."), c.postal_code),
    c.Column("ort", gettext_lazy("City of the place."), c.text(100)),
    c.Column(
        "breite", gettext_lazy("Latitude of the place (WGS84), e.g. 50.9375."), c.decimal(-90, 90)
    ),
    c.Column(
        "laenge",
        gettext_lazy("Longitude of the place (WGS84), e.g. 6.9603."),
        c.decimal(-180, 180),
    ),
    c.Column(
        "wochentage",
        gettext_lazy(
            "Regular opening hours, e.g. 'MO 09:00-12:00; MI 14:00-17:00' or 'MO-FR 9-12'."
        ),
        c.weekly_hours,
    ),
    c.Column("telefon", gettext_lazy("Phone numbers, separated by ';'."), c.phones),
    c.Column("email", gettext_lazy("E-mail address of the offer."), c.email),
    c.Column("website", gettext_lazy("Web address of the offer."), c.website),
    c.Column(
        "geprueft_am",
        gettext_lazy("Date the entry was last checked, e.g. 31.12.2024."),
        c.date_not_in_future,
    ),
    c.Column(
        "veroeffentlicht",
        gettext_lazy("'nein' keeps the offer out of the public directory; 'ja' or empty shows it."),
        c.yes_no(True),
    ),
]
# Columns that are plain fields of the offer.
FIELDS = {
    "name": "name",
    "beschreibung": "description",
    "alter_von": "minimum_age",
    "alter_bis": "maximum_age",
    "kostenlos": "is_free",
    "barrierefrei": "is_barrier_free",
    "email": "email",
    "website": "url",
    "geprueft_am": "assured_date",
    "veroeffentlicht": "is_published",
}
PLACE_COLUMNS = ("strasse", "plz", "ort", "breite", "laenge")


def offers_visible_to(user) -> QuerySet:
    """The offers ``user`` may see (rule offers.view_offer): ``Offer.objects.visible_to``."""
    return Offer.objects.visible_to(user)


# --- checking ---------------------------------------------------------------------------------


@dataclass
class Place:
    address_1: str
    postal_code: str
    city: str
    latitude: float | None
    longitude: float | None
    quarter: object = None
    social_spaces: list = field(default_factory=list)

    def key(self, organization_id) -> tuple:
        return (
            organization_id,
            self.address_1.casefold(),
            self.postal_code,
            self.city.casefold(),
        )


@dataclass
class OfferPlan:
    line: int
    cells: list[str]
    offer_id: uuid.UUID
    existing: Offer | None
    organization: Actor | None = None
    fields: dict = field(default_factory=dict)
    terms: list[TaxonomyTerm] | None = None
    languages: list[tuple[str, str]] | None = None
    schedules: list[tuple] | None = None
    phones: list[str] | None = None
    place: Place | None = None
    place_given: bool = False
    changes: set[str] = field(default_factory=set)  # of an existing offer; see differences()


@functools.cache
def _language_names() -> dict[str, str]:
    """Language names (English, native, German) and codes → ISO 639-1 code."""
    names: dict[str, str] = {}
    with translation.override("de"):
        for code, info in LANG_INFO.items():
            if "name" not in info or "-" in code or len(code) > 3:
                continue
            names[code] = code
            names[info["name"].casefold()] = code
            names[info["name_local"].casefold()] = code
            names[str(translation.gettext(info["name"])).casefold()] = code
    return names


def language_name(code: str) -> str:
    info = LANG_INFO.get(code)
    if not info or "name" not in info:
        return code
    with translation.override(settings.LANGUAGE_CODE):
        return str(translation.gettext(info["name"]))


def _read_languages(values: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """(code, name) pairs, and the values that are no language."""
    found, unknown = [], []
    for value in values:
        code = _language_names().get(value.casefold())
        if code is None and len(value) in (2, 3) and value.isalpha():
            code = value.lower()  # a code Django does not know: kept as it is
        if code is None:
            unknown.append(value)
        elif code not in (f for f, _n in found):
            found.append((code, language_name(code)))
    return found, unknown


def _terms_by_taxonomy() -> dict[str, dict[str, TaxonomyTerm]]:
    result: dict[str, dict[str, TaxonomyTerm]] = {TOPICS_SLUG: {}, TARGET_GROUPS_SLUG: {}}
    terms = TaxonomyTerm.objects.filter(taxonomy__slug__in=result).select_related("taxonomy")
    for term in terms:
        result[term.taxonomy.slug][term.code.casefold()] = term
        result[term.taxonomy.slug].setdefault(term.name.casefold(), term)
    return result


def term_codes(taxonomy: str) -> list[str]:
    return list(
        TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy)
        .order_by("order", "name")
        .values_list("code", flat=True)
    )


def _existing_offers(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Offer]:
    offers = (
        Offer.objects.filter(pk__in=list(ids))
        .select_related("organization")
        .prefetch_related(
            "taxonomy_terms",
            "languages",
            "schedules",
            Prefetch("phones", queryset=Phone.objects.filter(location__isnull=True)),
            Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
        )
    )
    return {offer.pk: offer for offer in offers}


class ActorFinder:
    """Finds the actor a row names, among the actors the importing user may see."""

    def __init__(self, user, values: Iterable[str]):
        ids, names = set(), set()
        for value in values:
            try:
                ids.add(uuid.UUID(value))
            except ValueError:
                names.update((value, value.lower()))
        visible = actors_visible_to(user).only("id", "name", "is_public", "office_id")
        candidates = list(visible.filter(pk__in=ids)) if ids else []
        names = sorted(names)
        for start in range(0, len(names), BATCH):
            chunk = names[start : start + BATCH]
            candidates += visible.annotate(lowered=Lower("name")).filter(
                Q(lowered__in=chunk) | Q(name__in=chunk)
            )
        self.by_id: dict[uuid.UUID, Actor] = {}
        self.by_name: dict[str, list[Actor]] = {}
        for actor in candidates:
            if actor.pk in self.by_id:
                continue
            self.by_id[actor.pk] = actor
            self.by_name.setdefault(actor.name.casefold(), []).append(actor)

    def find(self, value: str, preferred: Actor | None) -> tuple[Actor | None, str | None]:
        try:
            actor = self.by_id.get(uuid.UUID(value))
            if actor is None:
                return None, _("there is no actor with the id %(id)s that you may see.") % {
                    "id": value
                }
            return actor, None
        except ValueError:
            pass
        found = self.by_name.get(value.casefold(), [])
        if len(found) == 1:
            return found[0], None
        if preferred is not None and any(a.pk == preferred.pk for a in found):
            return preferred, None
        if not found:
            return None, _(
                "there is no actor named '%(name)s'. Import the actors first, or check the "
                "spelling."
            ) % {"name": c.shown(value)}
        return None, _(
            "%(count)s actors are named '%(name)s'; give the id of the one you mean instead."
        ) % {"count": len(found), "name": c.shown(value)}


def offers_check(*, table: Table, office, by) -> c.Check:
    """Read and check every row; nothing is written."""
    columns = c.check_headers(table, OFFER_COLUMNS)
    check = c.Check(kind="offers", columns=columns)
    present = {col.name for col in columns}
    rows = c.parse_rows(table, columns, check)
    ids = [r.values["id"] for r in rows if r.values.get("id")]
    existing = _existing_offers(ids)
    finder = ActorFinder(
        by, [r.values["organisation"] for r in rows if r.values.get("organisation")]
    )
    terms = _terms_by_taxonomy()
    seen_ids: dict[uuid.UUID, int] = {}
    for row in rows:
        before = len(check.problems)
        values = row.values
        offer_id = values.get("id")
        current = existing.get(offer_id) if offer_id else None
        check.note_id(seen_ids, offer_id, row.line)
        plan = OfferPlan(
            line=row.line, cells=row.cells, offer_id=offer_id or uuid.uuid4(), existing=current
        )
        for column, field_name in FIELDS.items():
            if column in present and column in values:
                plan.fields[field_name] = values[column]
        if "organisation" in values and values["organisation"]:
            actor, error = finder.find(
                values["organisation"], current.organization if current else None
            )
            if error:
                check.problem(row.line, "organisation", error)
            plan.organization = actor
        _check_ages(check, row, plan)
        plan.terms = _read_terms(check, row, present, terms, current)
        if "sprachen" in present:
            plan.languages, unknown = _read_languages(values.get("sprachen") or [])
            for value in unknown:
                check.problem(
                    row.line,
                    "sprachen",
                    _("'%(value)s' is not a language code such as de, tr or ar.")
                    % {"value": c.shown(value)},
                )
        if "wochentage" in present and "wochentage" in values:
            plan.schedules = values["wochentage"]
        if "telefon" in present and "telefon" in values:
            plan.phones = values["telefon"]
        if present & set(PLACE_COLUMNS):
            plan.place_given = True
            plan.place = _read_place(check, row, present)
        if current is not None and row.ok and len(check.problems) == before:
            plan.changes = differences(current, plan)
            if plan.changes and not by.has_perm("offers.change_offer", current):
                check.problem(
                    row.line,
                    "id",
                    _("you may not change the offer with this id; another office keeps it."),
                )
        if row.ok and len(check.problems) == before:
            check.rows.append(plan)
            if current is None:
                check.new += 1
            elif plan.changes:
                check.updated += 1
            else:
                check.unchanged += 1
    check.sort()
    return check


def _check_ages(check: c.Check, row: c.ParsedRow, plan: OfferPlan) -> None:
    existing = plan.existing
    low = plan.fields.get(
        "minimum_age", existing.minimum_age if existing and "alter_von" not in row.values else None
    )
    high = plan.fields.get(
        "maximum_age", existing.maximum_age if existing and "alter_bis" not in row.values else None
    )
    if low is not None and high is not None and high < low:
        check.problem(
            row.line,
            "alter_bis",
            _("the maximum age %(high)s is below the minimum age %(low)s.")
            % {"high": high, "low": low},
        )


def _read_terms(check, row, present, terms, existing: Offer | None) -> list[TaxonomyTerm] | None:
    """The offer's terms after the row; terms of a taxonomy whose column the file lacks stay."""
    columns = {TOPICS_SLUG: "themen", TARGET_GROUPS_SLUG: "zielgruppen"}
    if not present & set(columns.values()):
        return None
    taxonomy_of = {term.pk: slug for slug, found in terms.items() for term in found.values()}
    chosen: list[TaxonomyTerm] = []
    if existing is not None:
        for term in existing.taxonomy_terms.all():
            slug = taxonomy_of.get(term.pk)
            if slug is None or columns[slug] not in present:
                chosen.append(term)
    for slug, column in columns.items():
        if column not in present:
            continue
        for value in row.values.get(column) or []:
            term = terms[slug].get(value.casefold())
            if term is None:
                check.problem(
                    row.line,
                    column,
                    _("'%(value)s' is not a known code; known codes: %(codes)s.")
                    % {
                        "value": c.shown(value),
                        "codes": ", ".join(sorted({t.code for t in terms[slug].values()})),
                    },
                )
            elif term not in chosen:
                chosen.append(term)
    return chosen


def _read_place(check: c.Check, row: c.ParsedRow, present: set[str]) -> Place | None:
    values = row.values
    street, code, city = (values.get(k) or "" for k in ("strasse", "plz", "ort"))
    latitude, longitude = values.get("breite"), values.get("laenge")
    if not (street or code or city or latitude is not None or longitude is not None):
        return None
    missing = [
        name for name, value in (("strasse", street), ("plz", code), ("ort", city)) if not value
    ]
    if missing:
        check.problem(
            row.line,
            missing[0],
            _("a place needs street, postal code and city (strasse, plz, ort)."),
        )
        return None
    place = Place(street, code, city, latitude, longitude)
    error, found = place_problem(latitude, longitude)
    if error:
        check.problem(row.line, "breite", error)
        return None
    if found is not None:
        place.quarter, place.social_spaces = found.quarter, found.social_spaces
    return place


# --- what a row changes -------------------------------------------------------------------------


def _schedule_key(schedule) -> tuple:
    return (schedule.byday, schedule.opens_at, schedule.closes_at)


def _place_key(location) -> tuple:
    return Place(location.address_1, location.postal_code, location.city, None, None).key(
        location.organization_id
    )


def place_differs(offer: Offer, plan: OfferPlan) -> bool:
    """Whether the row's place is none of the offer's places (or it has none and the offer
    has some). The offer keeps all its places when the row names one of them."""
    links = list(offer.at_locations.all())
    if plan.place is None:
        return bool(links)
    organization = plan.organization or offer.organization
    return plan.place.key(organization.pk) not in {_place_key(s.location) for s in links}


def differences(offer: Offer, plan: OfferPlan) -> set[str]:
    """What the row would change on an existing offer: field names, and "terms",
    "languages", "schedules", "phones", "place"; empty when the row matches the offer."""
    values = dict(plan.fields)
    if plan.organization is not None:
        values["organization_id"] = plan.organization.pk
    changed = {name for name, value in values.items() if getattr(offer, name) != value}
    if plan.terms is not None and {t.pk for t in plan.terms} != {
        t.pk for t in offer.taxonomy_terms.all()
    }:
        changed.add("terms")
    if plan.languages is not None and sorted(code for code, _n in plan.languages) != sorted(
        lang.code for lang in offer.languages.all()
    ):
        changed.add("languages")
    if plan.schedules is not None and sorted(plan.schedules) != sorted(
        _schedule_key(s) for s in offer.schedules.all()
    ):
        changed.add("schedules")
    if plan.phones is not None and sorted(plan.phones) != sorted(
        p.number for p in offer.phones.all()
    ):
        changed.add("phones")
    if plan.place_given and place_differs(offer, plan):
        changed.add("place")
    return changed


# --- export -----------------------------------------------------------------------------------


def export_queryset(queryset: QuerySet) -> QuerySet:
    """What ``offer_rows`` and the HSDS export read, in a fixed number of queries."""
    from veedel.offers.api import full_prefetch

    return full_prefetch(queryset).order_by("name", "id")


def offer_rows(offers: Iterable[Offer]) -> Iterator[list]:
    """The rows of an export, in the columns of ``OFFER_COLUMNS``."""
    for offer in offers:
        terms = list(offer.taxonomy_terms.all())
        links = list(offer.at_locations.all())
        location = links[0].location if links else None
        schedules = sorted(
            (_schedule_key(s) for s in offer.schedules.all()),
            key=lambda k: (c.DAYS.index(k[0]) if k[0] in c.DAYS else 9, k[1]),
        )
        yield [
            str(offer.pk),
            offer.name,
            offer.description,
            offer.organization.name,
            "; ".join(t.code for t in terms if t.taxonomy.slug == TOPICS_SLUG),
            "; ".join(t.code for t in terms if t.taxonomy.slug == TARGET_GROUPS_SLUG),
            offer.minimum_age,
            offer.maximum_age,
            "; ".join(lang.code for lang in offer.languages.all()),
            _yes_no(offer.is_free),
            _yes_no(offer.is_barrier_free),
            location.address_1 if location else "",
            location.postal_code if location else "",
            location.city if location else "",
            location.latitude if location else None,
            location.longitude if location else None,
            c.hours_text(schedules),
            "; ".join(p.number for p in offer.phones.all()),
            offer.email,
            offer.url,
            offer.assured_date.strftime("%d.%m.%Y") if offer.assured_date else "",
            _yes_no(offer.is_published),
        ]


def _yes_no(value: bool) -> str:
    return "ja" if value else "nein"


OFFER_HEADERS = [col.name for col in OFFER_COLUMNS]
