"""The objects of the demo that the permission guard requests every address with.

Each sample has a name (the third column of the table "Every address × role" in
docs/roles.md) and knows how to fill every parameter an address may have: ``SAMPLES[name]``
takes a URL name and returns its address, built from the demo's objects. Samples look their
objects up by what the demo makes of them (the Kalk office, the published initiative …),
never by a database id, so they hold on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from veedel.agreements.models import AgreementState, TargetAgreement
from veedel.areas.models import SocialSpace
from veedel.council.models import AgendaItem, Meeting, Organization, Paper
from veedel.council.models import File as CouncilFile
from veedel.guide.models import Edition
from veedel.initiatives.models import Document, Initiative
from veedel.network.models import Actor, Contact, FollowUpTask, LegalBasis, Network
from veedel.network.models import Meeting as NetworkMeeting
from veedel.offers.models import Offer
from veedel.programme.models import CoordinationOffice, Topic
from veedel.reports.models import Report, ReportKind

KALK = "kalk"
CHORWEILER = "blumenberg-chorweiler-seeberg-nord"


@cache
def parameters() -> dict[str, tuple[str, ...]]:
    """The parameter names of every named address (``{"network:actor": ("pk",)}``)."""

    def walk(patterns, namespace=None, outer=()):
        for pattern in patterns:
            own = tuple(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, inner, outer + own)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, outer + own

    return dict(walk(get_resolver().url_patterns))


def address(name: str, values: dict[str, Callable[[], object]]) -> str:
    """The address ``name`` with each of its parameters taken from ``values``."""
    wanted = parameters()[name]
    missing = [p for p in wanted if p not in values]
    assert not missing, f"{name}: the sample has no value for {missing}"
    return reverse(name, kwargs={p: values[p]() for p in wanted})


def sample(**values: Callable[[], object]) -> Callable[[str], str]:
    return lambda name: address(name, values)


# --- the objects ------------------------------------------------------------------------------


def office(slug=KALK) -> CoordinationOffice:
    return CoordinationOffice.objects.get(slug=slug)


def current_space(office_slug=KALK) -> SocialSpace:
    return office(office_slug).social_spaces.order_by("-valid_from").first()


def quarter_of(space: SocialSpace):
    return space.quarters.order_by("number").first()


def actor_in(space: SocialSpace, *, public=True) -> Actor:
    return (
        Actor.objects.filter(is_public=public, quarter__in=space.quarters.all())
        .order_by("name", "pk")
        .first()
    )


def network_of(office_slug=KALK) -> Network:
    return first(Network.objects.filter(office__slug=office_slug, is_public=True))


def network_meeting(network: Network) -> NetworkMeeting:
    return network.meetings.order_by("start", "pk").first()


def internal_meeting() -> NetworkMeeting:
    return first(NetworkMeeting.objects.filter(network__office__slug=KALK, is_public=False))


def initiative(office_slug=KALK, *, published=True) -> Initiative:
    return (
        Initiative.objects.filter(office__slug=office_slug, is_published=published)
        .order_by("pk")
        .first()
    )


def agreement(office_slug=KALK, state=AgreementState.SIGNED) -> TargetAgreement:
    return (
        TargetAgreement.objects.filter(office__slug=office_slug, state=state)
        .order_by("-year")
        .first()
    )


def edition() -> Edition:
    return Edition.objects.current()


def office_report() -> Report:
    return Report.objects.filter(kind=ReportKind.OFFICE, office__slug=KALK).latest("year")


def programme_report() -> Report:
    return Report.objects.filter(kind=ReportKind.PROGRAMME).latest("year")


def paper() -> Paper:
    return Paper.objects.public().order_by("pk").first()


def public_offer() -> Offer:
    return Offer.objects.published().order_by("name", "pk").first()


def contact_of_kalk() -> Contact:
    """The demo keeps no personal data; the sample adds one contact, kept by Kalk's office."""
    return Contact.objects.filter(office__slug=KALK).first() or Contact.objects.create(
        actor=actor_in(current_space()),
        office=office(),
        name="Beispiel-Kontakt",
        purpose="Einladungen zum Netzwerk (Beispieldaten)",
        legal_basis=LegalBasis.choices[0][0],
    )


def task_of_kalk() -> FollowUpTask:
    meeting = network_meeting(network_of())
    return meeting.tasks.first() or FollowUpTask.objects.create(
        meeting=meeting, title="Einladung verschicken (Beispiel)", responsible="Koordination"
    )


def document_of(item: Initiative) -> Document:
    return item.documents.first() or Document.objects.create(
        initiative=item,
        title="Flyer (Beispiel)",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="flyer.pdf"),
        original_name="flyer.pdf",
        content_type="application/pdf",
        size=15,
        is_public=True,
    )


def hsds_schema() -> str:
    from veedel.offers.openapi import SCHEMA_FILES

    return min(name for name in SCHEMA_FILES if name.endswith("service.json"))


def first(queryset):
    found = queryset.order_by("pk").first()
    assert found is not None, f"the demo has no {queryset.model.__name__}"
    return found


# --- the samples -------------------------------------------------------------------------------


def _space_values(office_slug):
    space = lambda: current_space(office_slug)  # noqa: E731
    return {
        "slug": lambda: space().slug,
        "space": lambda: space().slug,
        "number": lambda: quarter_of(space()).number,
    }


def _edition_values(kind):
    def slug():
        records = {
            "goal": lambda: edition().programme.goals,
            "topic": lambda: edition().programme.topics,
            "situation": lambda: edition().situations,
            "process": lambda: edition().key_processes,
            "method": lambda: edition().methods,
        }[kind]()
        return first(records.all()).slug

    def step():
        return first(first(edition().key_processes.filter(steps__isnull=False)).steps.all()).pk

    return {"edition_slug": lambda: edition().slug, "slug": slug, "pk": step}


def _initiative_values(office_slug, published):
    item = lambda: initiative(office_slug, published=published)  # noqa: E731
    return {
        "pk": lambda: item().pk,
        "step_pk": lambda: first(item().steps.all()).pk,
        "activity_pk": lambda: first(item().activities.all()).pk,
        "document_pk": lambda: document_of(item()).pk,
    }


def _agreement_values(office_slug, state):
    item = lambda: agreement(office_slug, state)  # noqa: E731
    return {
        "pk": lambda: item().pk,
        "target_pk": lambda: first(item().targets.all()).pk,
        "number": lambda: first(item().amendments.all()).number,
    }


def _network_values(office_slug):
    item = lambda: network_of(office_slug)  # noqa: E731
    return {
        "slug": lambda: item().slug,
        "pk": lambda: network_meeting(item()).pk,
    }


def _report_values(kind):
    item = office_report if kind == ReportKind.OFFICE else programme_report
    return {"year": lambda: item().year, "slug": lambda: item().office.slug}


def _oparl_values(model):
    return {"pk": lambda: first(model.objects.public()).pk}


SAMPLES: dict[str, Callable[[str], str]] = {
    "–": sample(),
    "Kalk": sample(**_space_values(KALK)),
    "Kalk office": sample(slug=lambda: KALK),
    "district of Kalk": sample(number=lambda: current_space().quarters.first().district.number),
    "public actor in Kalk": sample(pk=lambda: actor_in(current_space()).pk),
    "public actor in Chorweiler": sample(pk=lambda: actor_in(current_space(CHORWEILER)).pk),
    "contact kept by Kalk": sample(pk=lambda: contact_of_kalk().pk),
    "public network in Kalk": sample(**_network_values(KALK)),
    "internal meeting of a Kalk network": sample(
        slug=lambda: internal_meeting().network.slug, pk=lambda: internal_meeting().pk
    ),
    "task of a Kalk network": sample(pk=lambda: task_of_kalk().pk),
    "public offer": sample(pk=lambda: public_offer().pk),
    "events of a topic": sample(topic=lambda: first(Topic.objects.all()).slug),
    "guide edition": sample(edition_slug=lambda: edition().slug),
    "goal of the guide": sample(**_edition_values("goal")),
    "topic of the guide": sample(**_edition_values("topic")),
    "situation of the guide": sample(**_edition_values("situation")),
    "key process of the guide": sample(**_edition_values("process")),
    "method of the guide": sample(**_edition_values("method")),
    "published initiative in Kalk": sample(**_initiative_values(KALK, True)),
    "unpublished initiative in Kalk": sample(**_initiative_values(KALK, False)),
    "unpublished initiative in Chorweiler": sample(**_initiative_values(CHORWEILER, False)),
    "signed agreement of Kalk": sample(**_agreement_values(KALK, AgreementState.SIGNED)),
    "proposed agreement of Chorweiler": sample(
        **_agreement_values(CHORWEILER, AgreementState.PROPOSED)
    ),
    "Kalk's activity report": sample(**_report_values(ReportKind.OFFICE)),
    "programme report": sample(**_report_values(ReportKind.PROGRAMME)),
    "committee": sample(pk=lambda: first(Organization.objects.public()).pk),
    "council session": sample(pk=lambda: first(Meeting.objects.public()).pk),
    "released paper": sample(pk=lambda: paper().pk),
    "file of the released paper": sample(pk=lambda: first(CouncilFile.objects.public()).pk),
    "OParl body": sample(pk=lambda: first(Organization.objects.public()).body_id),
    "OParl committee": sample(**_oparl_values(Organization)),
    "OParl session": sample(**_oparl_values(Meeting)),
    "OParl paper": sample(**_oparl_values(Paper)),
    "OParl agenda item": sample(**_oparl_values(AgendaItem)),
    "OParl file": sample(**_oparl_values(CouncilFile)),
    "OParl object of the body": lambda name: _oparl_object(name),
    "unknown OParl path": lambda name: reverse("council:oparl:system") + "gibt-es-nicht/",
    "HSDS service": sample(pk=lambda: public_offer().pk),
    "HSDS organization": sample(pk=lambda: public_offer().organization_id),
    "HSDS schema": sample(name=lambda: hsds_schema()),
    "unknown HSDS path": sample(path=lambda: "gibt-es-nicht"),
    "a stale reset link": sample(uidb64=lambda: "MQ", token=lambda: "abc-def"),
}


def _oparl_object(name: str) -> str:
    """The detail address of the first public object of the kind ``name`` lists."""
    from veedel.council.models import Consultation, LegislativeTerm, Location, Person

    kind = name.rsplit(":", 1)[1].removesuffix("_detail")
    model = {
        "organizations": Organization,
        "persons": Person,
        "meetings": Meeting,
        "papers": Paper,
        "agenda-items": AgendaItem,
        "consultations": Consultation,
        "files": CouncilFile,
        "locations": Location,
        "legislative-terms": LegislativeTerm,
    }[kind]
    if name.endswith("_detail"):
        # The demo has no person: the address of one that does not exist.
        found = model.objects.public().order_by("pk").first()
        return reverse(name, kwargs={"pk": found.pk if found else 999_999})
    return reverse(name, kwargs={"pk": first(Organization.objects.public()).body_id})
