"""Target agreements (Zielvereinbarungen) between the programme office and a coordination office.

One agreement per office and year. It lists targets (Handlungsziele, SMART) under the five goals
of the programme; each target names an indicator (Kennzahl) with baseline, target value and unit,
and may be bound to a metric that computes its actual value from the documented work
(``metrics.py``). The workflow (``services.py``) runs draft → proposed → (changes requested →
proposed …) → agreed → signed by both sides → mid-year review → final assessment → closed. A
signed agreement is changed only through amendments (Änderungsvereinbarungen), signed again by
both sides; each amendment keeps the old and new value of every field it changes.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("proposed")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    AGREED = "agreed", _("agreed")
    SIGNED = "signed", _("signed")
    REVIEWED = "reviewed", _("mid-year review done")
    ASSESSED = "assessed", _("final assessment done")
    CLOSED = "closed", _("closed")

    @property
    def is_signed(self) -> bool:
        """Signed by both sides (and therefore immutable): see ``SIGNED_STATES``."""
        return self in SIGNED_STATES


#: "Signed" (a time-bound state, defined here once): the states in which the agreement has been
#: signed by both sides and is therefore immutable. ``TargetAgreement.objects.signed()``,
#: ``Target.objects.of_signed_agreements()``, ``agreement.is_signed`` and
#: ``AgreementState.is_signed`` all read it; which steps each state allows is in workflow.py.
SIGNED_STATES = frozenset(
    {
        AgreementState.SIGNED,
        AgreementState.REVIEWED,
        AgreementState.ASSESSED,
        AgreementState.CLOSED,
    }
)


class Party(models.TextChoices):
    """The two sides of an agreement: the office signs for itself, the programme office for the
    city. The value names the signature fields (``office_signed_at``, ``city_signed_by`` …)."""

    OFFICE = "office", _("the office")
    CITY = "city", _("the city")


class Signatures(models.Model):
    """The two signatures of an agreement or an amendment. Each keeps the signer's name as it
    was at signing (``…_signed_name``), so the signature stays readable when the account is
    deleted later (``…_signed_by`` becomes empty then)."""

    office_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed for the office by"),
    )
    office_signed_name = models.CharField(
        _("name of the signer for the office"), max_length=300, blank=True
    )
    office_signed_at = models.DateTimeField(_("signed for the office on"), null=True, blank=True)
    city_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed for the city by"),
    )
    city_signed_name = models.CharField(
        _("name of the signer for the city"), max_length=300, blank=True
    )
    city_signed_at = models.DateTimeField(_("signed for the city on"), null=True, blank=True)

    class Meta:
        abstract = True

    def signed_at(self, party: Party):
        return getattr(self, f"{party.value}_signed_at")

    def signer_name(self, party: Party) -> str:
        """The name the signer had when signing ("–" where none was recorded)."""
        return getattr(self, f"{party.value}_signed_name") or "–"

    def record_signature(self, party: Party, *, by, at) -> None:
        setattr(self, f"{party.value}_signed_by", by)
        setattr(self, f"{party.value}_signed_name", signer_name_of(by))
        setattr(self, f"{party.value}_signed_at", at)

    @property
    def is_signed_by_both(self) -> bool:
        return bool(self.office_signed_at and self.city_signed_at)


def signer_name_of(user) -> str:
    """How a signature names its signer: the full name, else the user name."""
    if user is None:
        return ""
    return (f"{user.first_name} {user.last_name}".strip() or user.username)[:300]


class AgreementQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def of_offices(self, office_ids):
        return self.filter(office_id__in=office_ids)

    def signed(self):
        """Signed by both sides (including reviewed, assessed and closed agreements)."""
        return self.filter(state__in=SIGNED_STATES)

    def visible_to(self, user):
        """What ``user`` may see: the office's coordinators and provider lead, the programme
        office and admins everything of theirs; council members the signed agreements."""
        from veedel.core.predicates import (
            is_coordinator,
            is_council_member,
            is_provider_lead,
            manages_programme,
            office_ids_of,
        )

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if manages_programme(user):
            return self
        if is_coordinator(user):
            return self.filter(office_id__in=office_ids_of(user))
        if is_provider_lead(user) and user.provider_id:
            return self.filter(office__provider_id=user.provider_id)
        if is_council_member(user):
            return self.signed()
        return self.none()


class TargetAgreement(Signatures):
    """Zielvereinbarung of one coordination office for one calendar year."""

    office = models.ForeignKey(
        "programme.CoordinationOffice",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("coordination office"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=20, choices=AgreementState.choices, default=AgreementState.DRAFT
    )
    preamble = models.TextField(
        _("preamble"), blank=True, help_text=_("Context and priorities of the year.")
    )
    change_request = models.TextField(
        _("changes requested"),
        blank=True,
        help_text=_("The programme office's latest comment when it asked for changes."),
    )
    proposed_at = models.DateTimeField(_("proposed on"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("agreed on"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed by"),
    )
    review_comment = models.TextField(_("mid-year review"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    assessment_comment = models.TextField(_("final assessment"), blank=True)
    assessed_at = models.DateTimeField(_("assessed on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    is_example = models.BooleanField(_("example data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "office__name"]
        verbose_name = _("target agreement")
        verbose_name_plural = _("target agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year"], name="one_agreement_per_office_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="agreement_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.office} {self.year}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("agreements:detail", args=[self.pk])

    @property
    def is_signed(self) -> bool:
        """Signed by both sides (``SIGNED_STATES``)."""
        return AgreementState(self.state).is_signed

    @cached_property
    def has_pending_amendment(self) -> bool:
        """An amendment awaits signatures (pages that have loaded the amendments set this)."""
        return self.amendments.pending().exists()

    @cached_property
    def next_year(self):
        """The agreement of the same office for the following year, if there is one."""
        return (
            TargetAgreement.objects.filter(office_id=self.office_id, year=self.year + 1)
            .only("pk", "year", "office_id")
            .first()
        )


class MetricKind(models.TextChoices):
    """What a target's indicator is computed from (``metrics.metric_value``)."""

    ACTIVITIES = "activities", _("number of activities")
    PARTICIPANTS = "participants", _("participants in total")
    PARTICIPANTS_TARGET_GROUP = "participants_target_group", _("participants of a target group")
    INITIATIVES_IMPACT = "initiatives_impact", _("initiatives reaching an impact step")
    HOURS = "hours", _("hours")
    NETWORK_MEETINGS = "network_meetings", _("network meetings")
    PUBLISHED_OFFERS = "published_offers", _("published offers in the office's social spaces")
    THIRD_PARTY_FUNDS = "third_party_funds", _("third-party funds (not yet available)")


class ReviewStatus(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")


class TargetQuerySet(models.QuerySet):
    def of_signed_agreements(self):
        """Targets of agreements signed by both sides (``SIGNED_STATES``)."""
        return self.filter(agreement__state__in=SIGNED_STATES)


class Target(models.Model):
    """Handlungsziel: a SMART target under one goal, with its indicator (Kennzahl)."""

    agreement = models.ForeignKey(
        TargetAgreement,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("agreement"),
    )
    goal = models.ForeignKey(
        "programme.Goal",
        on_delete=models.PROTECT,
        related_name="agreement_targets",
        verbose_name=_("goal"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("target"), max_length=300, help_text=_("What is to be achieved."))
    description = models.TextField(_("description"), blank=True)
    indicator = models.CharField(_("indicator"), max_length=200)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        related_name="agreement_targets",
        verbose_name=_("initiatives"),
        blank=True,
    )
    # Metric binding: empty kind = the actual value is entered by hand.
    metric_kind = models.CharField(
        _("metric"), max_length=40, choices=MetricKind.choices, blank=True
    )
    metric_filters = models.JSONField(_("metric filters"), default=dict, blank=True)
    # Hand-entered actual value (or the computed value frozen at the final assessment).
    actual_value = models.DecimalField(
        _("actual value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    actual_source = models.CharField(_("source of the actual value"), max_length=200, blank=True)
    review_status = models.CharField(
        _("status at mid-year"), max_length=20, choices=ReviewStatus.choices, blank=True
    )
    review_comment = models.TextField(_("comment at mid-year"), blank=True)
    achievement = models.DecimalField(
        _("degree of achievement in %"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    deviation_reasons = models.TextField(_("reasons for deviations"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "goal__order", "order", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__gte=0), name="target_value_not_negative"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_bound(self) -> bool:
        return bool(self.metric_kind)


def achievement_of(actual: Decimal | None, target_value: Decimal | None) -> Decimal | None:
    """Degree of achievement in % (actual / target value), one decimal; None when unknown."""
    if actual is None or target_value is None or target_value == 0:
        return None
    return (Decimal(actual) * 100 / Decimal(target_value)).quantize(Decimal("0.1"))


class AmendmentState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed by both sides")


class AmendmentQuerySet(models.QuerySet):
    def signed(self):
        return self.filter(state=AmendmentState.SIGNED)

    def pending(self):
        return self.filter(state=AmendmentState.DRAFT)


class Amendment(Signatures):
    """Änderungsvereinbarung: changes to a signed agreement, signed again by both sides. The
    changes take effect when both have signed; the old values stay in ``AmendmentChange``."""

    agreement = models.ForeignKey(
        TargetAgreement,
        on_delete=models.CASCADE,
        related_name="amendments",
        verbose_name=_("agreement"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    summary = models.TextField(_("what changes"))
    reason = models.TextField(_("why"))
    state = models.CharField(
        _("state"), max_length=20, choices=AmendmentState.choices, default=AmendmentState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="unique_amendment_number")
        ]

    def __str__(self):
        return f"{self.agreement} – {self.number}"


class AmendmentChange(models.Model):
    """One field of one target changed by an amendment: old → new, each as text (numbers with a
    decimal point, dates as YYYY-MM-DD); the new value is applied when both sides have signed."""

    amendment = models.ForeignKey(
        Amendment, on_delete=models.CASCADE, related_name="changes", verbose_name=_("amendment")
    )
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="amendment_changes", verbose_name=_("target")
    )
    field = models.CharField(_("field"), max_length=40)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        ordering = ["amendment", "target", "pk"]
        verbose_name = _("amended field")
        verbose_name_plural = _("amended fields")
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "target", "field"], name="unique_amendment_change"
            )
        ]

    def __str__(self):
        return f"{self.field}: {self.old_value} → {self.new_value}"

    @property
    def field_label(self) -> str:
        try:
            return str(Target._meta.get_field(self.field).verbose_name)
        except Exception:  # noqa: BLE001 - a field renamed since
            return self.field


class EventKind(models.TextChoices):
    """What an entry of an agreement's history records (the steps of workflow.py)."""

    CREATED = "created", _("created")
    PROPOSED = "proposed", _("proposed to the programme office")
    CHANGES_REQUESTED = "changes_requested", _("changes requested by the programme office")
    AGREED = "agreed", _("agreed by the programme office")
    SIGNED_OFFICE = "signed_office", _("signed for the office")
    SIGNED_CITY = "signed_city", _("signed for the city")
    REVIEWED = "reviewed", _("mid-year review")
    ASSESSED = "assessed", _("final assessment")
    CLOSED = "closed", _("closed")
    AMENDMENT_DRAFTED = "amendment_drafted", _("amendment drafted")
    AMENDMENT_SIGNED_OFFICE = "amendment_signed_office", _("amendment signed for the office")
    AMENDMENT_SIGNED_CITY = "amendment_signed_city", _("amendment signed for the city")
    AMENDMENT_WITHDRAWN = "amendment_withdrawn", _("amendment withdrawn")
    COPIED = "copied", _("started as a copy of the previous year")


class AgreementEvent(models.Model):
    """The workflow log of an agreement: who did which step when, with a comment."""

    agreement = models.ForeignKey(
        TargetAgreement,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("agreement"),
    )
    action = models.CharField(_("step"), max_length=40, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["agreement", "at", "pk"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")

    def __str__(self):
        return f"{self.agreement} {self.action}"

    @property
    def label(self) -> str:
        return self.get_action_display()
