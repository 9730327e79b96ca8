"""Example target agreements for the demo (all marked ``is_example``).

Kalk and Chorweiler have a closed agreement for 2025 with actual values and one for 2026;
two more offices have a 2026 agreement in an earlier state, so every step of the workflow can
be seen. Targets under all five goals; where the demo initiatives are loaded, some targets are
linked to them and bound to metrics over their activities. Running it again changes nothing:
an office that has an agreement for a year keeps it as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from veedel.accounts.models import User
from veedel.agreements.models import (
    AgreementEvent,
    AgreementState,
    Amendment,
    AmendmentChange,
    AmendmentState,
    EventKind,
    MetricKind,
    Party,
    ReviewStatus,
    Target,
    TargetAgreement,
    achievement_of,
)
from veedel.programme.models import CoordinationOffice, Goal

S = AgreementState

# (goal slug, title, indicator, unit, baseline, target value, metric kind, filters)
TARGETS = [
    (
        "praevention",
        "Familien früh erreichen: offene Elterncafés im Sozialraum",
        "Teilnehmende Familien an Elterncafés",
        "Familien",
        40,
        60,
        "participants_target_group",
        {"target_group": "families"},
    ),
    (
        "praevention",
        "Kinder und Jugendliche in Angebote der Freizeit und Bildung bringen",
        "Teilnehmende Kinder",
        "Kinder",
        80,
        120,
        "participants_target_group",
        {"target_group": "children"},
    ),
    (
        "integration",
        "Sprach- und Begegnungsangebote für Zugewanderte ausbauen",
        "Veranstaltungen mit Sprach- oder Begegnungsbezug",
        "Veranstaltungen",
        8,
        12,
        "activities",
        {"activity_kind": "event"},
    ),
    (
        "partizipation",
        "Bewohnerinnen und Bewohner an der Gestaltung des Veedels beteiligen",
        "Vorhaben, in denen sich Verhalten ändert (Wirkungstreppe ab Stufe 4)",
        "Vorhaben",
        1,
        3,
        "initiatives_impact",
        {"min_step": 4},
    ),
    (
        "kooperation",
        "Die Stadtteilkonferenz als verlässliches Netzwerk führen",
        "Sitzungen der Netzwerke der Koordinationsstelle",
        "Sitzungen",
        4,
        6,
        "network_meetings",
        {},
    ),
    (
        "kooperation",
        "Angebote im Sozialraum sichtbar machen",
        "Veröffentlichte Angebote im Sozialraum",
        "Angebote",
        10,
        25,
        "published_offers",
        {},
    ),
    (
        "mitteleinsatz",
        "Zusätzliche Mittel für Vorhaben im Sozialraum einwerben",
        "Eingeworbene Drittmittel",
        "Euro",
        5000,
        10000,
        "third_party_funds",
        {},
    ),
    (
        "mitteleinsatz",
        "Koordinationszeit gezielt für die Vorhaben einsetzen",
        "Stunden in dokumentierten Aktivitäten",
        "Stunden",
        300,
        400,
        "hours",
        {},
    ),
]
# Actual values of 2025 (closed agreements), as a share of the target value, per target.
SHARES_2025 = [
    Decimal("1.1"),
    Decimal("0.85"),
    Decimal("1.0"),
    Decimal("0.67"),
    Decimal("1.0"),
    Decimal("0.8"),
    Decimal("0.5"),
    Decimal("0.95"),
]

KALK = "kalk"
CHORWEILER = "blumenberg-chorweiler-seeberg-nord"
# office slug -> {year: state}
PLAN = {
    KALK: {2025: S.CLOSED, 2026: S.SIGNED},
    CHORWEILER: {2025: S.CLOSED, 2026: S.PROPOSED},
    "bickendorf-westend-ossendorf": {2026: S.DRAFT},
    "buchforst-muelheim": {2026: S.AGREED},
}
COORDINATORS = {KALK: "koordination-kalk", CHORWEILER: "koordination-chorweiler"}
#: Who signed for an office without a demo account (an invented name, as the personas').
SIGNER_WITHOUT_ACCOUNT = "Kai Platzhalter"
#: Metrics that need no demo initiatives.
WITHOUT_INITIATIVES = (
    MetricKind.NETWORK_MEETINGS,
    MetricKind.PUBLISHED_OFFERS,
    MetricKind.THIRD_PARTY_FUNDS,
)


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created)

    def lines(self) -> list[str]:
        return [f"created: {name}" for name in self.created] + [
            f"kept: {name}" for name in self.kept
        ]


def _user(username):
    return User.objects.filter(username=username).first()


def _at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def _sign(obj, party, user, at) -> None:
    """A signature as ``agreement_sign`` records it; for an office without a demo account, by
    a person named but without an account (as after a deleted account)."""
    obj.record_signature(party, by=user, at=at)
    if user is None:
        setattr(obj, f"{party.value}_signed_name", SIGNER_WITHOUT_ACCOUNT)


def _signatures(agreement, office_user, city_user):
    agreement.agreed_by = city_user
    agreement.agreed_at = _at(agreement.year - 1, 12, 1)
    agreement.proposed_at = _at(agreement.year - 1, 11, 15)
    _sign(agreement, Party.OFFICE, office_user, _at(agreement.year - 1, 12, 10))
    _sign(agreement, Party.CITY, city_user, _at(agreement.year - 1, 12, 12))


def _make(office, year, state, goals, initiatives, office_user, city_user) -> TargetAgreement:
    agreement = TargetAgreement.objects.create(
        office=office,
        year=year,
        state=state,
        is_example=True,
        preamble=(
            f"Beispiel: Zielvereinbarung {year} der {office.name}. Schwerpunkte sind die "
            "Arbeit mit Familien, die Beteiligung der Bewohnerschaft und die Vernetzung im "
            "Sozialraum."
        ),
    )
    order = {}
    targets = []
    for n, (slug, title, indicator, unit, base, value, kind, filters) in enumerate(TARGETS):
        goal = goals.get(slug)
        if goal is None:
            continue
        order[slug] = order.get(slug, 0) + 1
        target = Target(
            agreement=agreement,
            goal=goal,
            order=order[slug],
            title=title,
            indicator=indicator,
            unit=unit,
            baseline=Decimal(base),
            target_value=Decimal(value),
            data_source="Dokumentation in Veedel"
            if kind != MetricKind.THIRD_PARTY_FUNDS
            else "Haushalt",
            responsible="Sozialraumkoordination",
            deadline=datetime.date(year, 12, 31),
        )
        # Bindings only where the demo initiatives exist (or the metric needs none).
        if initiatives or kind in WITHOUT_INITIATIVES:
            target.metric_kind, target.metric_filters = kind, dict(filters)
        if state in (S.ASSESSED, S.CLOSED):
            actual = (Decimal(value) * SHARES_2025[n]).quantize(Decimal("1"))
            target.actual_value = actual
            target.actual_source = "Abschlussbewertung"
            target.achievement = achievement_of(actual, target.target_value)
            if target.achievement < 100:
                target.deviation_reasons = (
                    "Beispiel: Räume standen wegen einer Sanierung zeitweise nicht zur Verfügung."
                )
        if state in (S.REVIEWED, S.ASSESSED, S.CLOSED):
            target.review_status = (
                ReviewStatus.ON_TRACK if SHARES_2025[n] >= 1 else ReviewStatus.AT_RISK
            )
        targets.append(target)
    Target.objects.bulk_create(targets)
    if initiatives:
        for target in targets:
            target.initiatives.set(initiatives[:2])

    E = EventKind
    events = [E.CREATED]
    if state != S.DRAFT:
        events.append(E.PROPOSED)
        agreement.proposed_at = _at(year - 1, 11, 15)
    if state in (S.AGREED, S.SIGNED, S.REVIEWED, S.ASSESSED, S.CLOSED):
        agreement.agreed_by, agreement.agreed_at = city_user, _at(year - 1, 12, 1)
        events.append(E.AGREED)
    if state == S.AGREED:
        _sign(agreement, Party.OFFICE, office_user, _at(year - 1, 12, 10))
        events.append(E.SIGNED_OFFICE)
    if AgreementState(state).is_signed:
        _signatures(agreement, office_user, city_user)
        events += [E.SIGNED_OFFICE, E.SIGNED_CITY]
    if state in (S.REVIEWED, S.ASSESSED, S.CLOSED):
        agreement.reviewed_at = _at(year, 7, 1)
        agreement.review_comment = "Beispiel: Die meisten Ziele sind auf gutem Weg."
        events.append(E.REVIEWED)
    if state in (S.ASSESSED, S.CLOSED):
        agreement.assessed_at = _at(year + 1, 1, 20)
        agreement.assessment_comment = "Beispiel: Das Jahr war insgesamt erfolgreich."
        events.append(E.ASSESSED)
    if state == S.CLOSED:
        agreement.closed_at = _at(year + 1, 2, 1)
        events.append(E.CLOSED)
    agreement.save()
    AgreementEvent.objects.bulk_create(
        AgreementEvent(
            agreement=agreement,
            action=action,
            actor=city_user if action in (E.AGREED, E.SIGNED_CITY, E.CLOSED) else office_user,
        )
        for action in events
    )
    return agreement


def _amend(agreement, office_user, city_user) -> None:
    """A signed amendment on the in-force agreement, so its history can be seen."""
    target = agreement.targets.filter(metric_kind=MetricKind.NETWORK_MEETINGS).first()
    if target is None:
        return
    amendment = Amendment(
        agreement=agreement,
        number=1,
        summary="Beispiel: Zielwert der Netzwerksitzungen gesenkt.",
        reason="Beispiel: Ein Arbeitskreis wurde mit der Stadtteilkonferenz zusammengelegt.",
        state=AmendmentState.SIGNED,
        created_by=office_user,
    )
    _sign(amendment, Party.OFFICE, office_user, _at(agreement.year, 4, 2))
    _sign(amendment, Party.CITY, city_user, _at(agreement.year, 4, 3))
    amendment.save()
    AmendmentChange.objects.create(
        amendment=amendment,
        target=target,
        field="target_value",
        old_value=format(target.target_value.normalize(), "f"),
        new_value="5",
    )
    target.target_value = Decimal(5)
    target.save(update_fields=["target_value"])


def _carry_over(previous, agreement) -> None:
    """As ``agreement_copy_to_next_year`` would have: last year's actual values as baselines."""
    agreement.copied_from = previous
    agreement.save(update_fields=["copied_from"])
    old = {(t.goal_id, t.order): t for t in previous.targets.all()}
    changed = []
    for target in agreement.targets.all():
        before = old.get((target.goal_id, target.order))
        if before is not None and before.actual_value is not None:
            target.baseline, target.copied_from = before.actual_value, before
            changed.append(target)
    Target.objects.bulk_update(changed, ["baseline", "copied_from"])


@transaction.atomic
def demo_agreements_load() -> DemoReport:
    report = DemoReport()
    goals = {g.slug: g for g in Goal.objects.all()}
    city_user = _user("geschaeftsstelle")
    offices = {o.slug: o for o in CoordinationOffice.objects.filter(slug__in=PLAN)}
    try:
        from veedel.initiatives.models import Initiative
    except ImportError:  # pragma: no cover - the initiatives app is part of Veedel
        Initiative = None
    for slug, years in PLAN.items():
        office = offices.get(slug)
        if office is None:
            continue
        initiatives = (
            list(Initiative.objects.filter(office=office).order_by("pk")[:2]) if Initiative else []
        )
        office_user = _user(COORDINATORS.get(slug, "")) if slug in COORDINATORS else None
        for year, state in sorted(years.items()):
            name = f"{office.name} {year}"
            if TargetAgreement.objects.filter(office=office, year=year).exists():
                report.kept.append(name)
                continue
            agreement = _make(office, year, state, goals, initiatives, office_user, city_user)
            if state == S.SIGNED:
                _amend(agreement, office_user, city_user)
            if year == 2026:
                previous = TargetAgreement.objects.filter(office=office, year=2025).first()
                if previous:
                    _carry_over(previous, agreement)
            report.created.append(name)
    return report
