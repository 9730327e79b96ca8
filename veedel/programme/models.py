"""The programme, its periods and council decisions, goals, topics, providers and offices."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veedel.core.roles import Role


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), unique=True)
    city = models.CharField(_("city"), max_length=100)
    summary = models.TextField(_("summary"), blank=True)
    started = models.DateField(_("started"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name


class CouncilDecision(models.Model):
    """A decision of the council behind a programme period (Ratsbeschluss)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("programme")
    )
    date = models.DateField(_("date"))
    body = models.CharField(_("body"), max_length=200, default="Rat der Stadt")
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    reference = models.CharField(_("reference"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.title}"


class PeriodQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(start__lte=day).filter(
            models.Q(end__isnull=True) | models.Q(end__gte=day)
        )

    def current(self):
        return self.valid_on(timezone.localdate())

    def overlapping(self, start: datetime.date, end: datetime.date | None):
        """Periods that share at least one day with ``start``–``end`` (open end: None)."""
        periods = self.filter(models.Q(end__isnull=True) | models.Q(end__gte=start))
        return periods.filter(start__lte=end) if end else periods


class ProgrammePeriod(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="periods", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    decision = models.ForeignKey(
        CouncilDecision,
        verbose_name=_("council decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="periods",
    )
    description = models.TextField(_("description"), blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("programme period")
        verbose_name_plural = _("programme periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="period_end_after_start",
            )
        ]

    def __str__(self):
        end = f"{self.end:%d.%m.%Y}" if self.end else "…"
        return f"{self.name} ({self.start:%d.%m.%Y}–{end})"


class Goal(models.Model):
    """Leitziel. The five goals of the framework concept, ordered and editable."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="goals", verbose_name=_("programme")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="unique_goal_slug"),
            models.UniqueConstraint(fields=["programme", "order"], name="unique_goal_order"),
        ]

    def __str__(self):
        return self.name


class Topic(models.Model):
    """Themenfeld."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="topics", verbose_name=_("programme")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="unique_topic_slug")
        ]

    def __str__(self):
        return self.name


class Provider(models.Model):
    """Träger: a welfare organisation that runs coordination offices."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    association = models.CharField(
        _("umbrella association"),
        max_length=100,
        blank=True,
        help_text=_("The LIGA association the provider belongs to, e.g. Caritas or AWO."),
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self):
        return self.name


class OfficeQuerySet(models.QuerySet):
    def under_contract_on(self, day: datetime.date):
        return self.filter(contract_from__lte=day).filter(
            models.Q(contract_until__isnull=True) | models.Q(contract_until__gte=day)
        )

    def current(self):
        return self.under_contract_on(timezone.localdate())


class CoordinationOffice(models.Model):
    """Koordinationsstelle: run by a provider for one or more social spaces."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=120, unique=True)
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="offices"
    )
    provider_is_example = models.BooleanField(
        _("provider is example data"),
        default=False,
        help_text=_("Set where the provider running this office is not publicly documented."),
    )
    social_spaces = models.ManyToManyField(
        "areas.SocialSpace", verbose_name=_("social spaces"), related_name="offices"
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_is_example = models.BooleanField(
        _("address and contact are example data"), default=False
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the office does, for residents, in a few sentences."),
    )
    opening_hours = models.TextField(
        _("opening hours"), blank=True, help_text=_("e.g. “Mo–Do 9–16 Uhr, Fr 9–13 Uhr”")
    )
    office_hours = models.TextField(
        _("office hours"),
        blank=True,
        help_text=_("Open consultation hours for residents, with the place if elsewhere."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    contract_from = models.DateField(_("contract from"))
    contract_until = models.DateField(_("contract until"), null=True, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OfficeStaff",
        verbose_name=_("staff"),
        related_name="offices",
        blank=True,
    )

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("coordination office")
        verbose_name_plural = _("coordination offices")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_until__isnull=True)
                | models.Q(contract_until__gte=models.F("contract_from")),
                name="office_contract_until_after_from",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programme:office", args=[self.slug])


class OfficeStaff(models.Model):
    """A person working in a coordination office (Sozialraumkoordinator*in)."""

    office = models.ForeignKey(
        CoordinationOffice,
        verbose_name=_("coordination office"),
        on_delete=models.CASCADE,
        related_name="staff_members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="office_memberships",
        limit_choices_to={"role": Role.COORDINATOR},
        help_text=_("Only users with the role coordinator can be bound to an office."),
    )
    function = models.CharField(_("function"), max_length=200, default="Sozialraumkoordination")

    class Meta:
        ordering = ["office__name", "user__last_name", "user__first_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.UniqueConstraint(fields=["office", "user"], name="unique_office_staff")
        ]

    def __str__(self):
        return f"{self.user} ({self.office})"
