"""Districts, quarters, neighbourhoods and social spaces.

Geometries are GeoJSON geometry objects (WGS84, lon/lat) kept in JSON fields; shapely does the
geometry work in Python, so Veedel runs on plain SQLite and PostgreSQL without spatial
extensions (see docs/design.md). Each area also keeps a simplified copy for display, already
serialised, so that map endpoints only concatenate strings.
"""

import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AreaBase(models.Model):
    number = models.CharField(_("official number"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=200)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    geometry = models.JSONField(_("geometry (GeoJSON)"), null=True, blank=True, editable=False)
    display_geometry = models.TextField(
        _("simplified geometry for maps (GeoJSON)"), blank=True, editable=False
    )

    class Meta:
        abstract = True
        ordering = ["number"]

    def __str__(self):
        return f"{self.number} {self.name}"


class District(AreaBase):
    """Stadtbezirk."""

    class Meta(AreaBase.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def get_absolute_url(self):
        return reverse("areas:district", args=[self.number])


class Quarter(AreaBase):
    """Stadtteil."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="quarters"
    )

    class Meta(AreaBase.Meta):
        verbose_name = _("quarter")
        verbose_name_plural = _("quarters")

    def get_absolute_url(self):
        return reverse("areas:quarter", args=[self.number])


class Neighbourhood(AreaBase):
    """Stadtviertel."""

    quarter = models.ForeignKey(
        Quarter, verbose_name=_("quarter"), on_delete=models.PROTECT, related_name="neighbourhoods"
    )

    class Meta(AreaBase.Meta):
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")


class SocialSpaceQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )

    def in_year(self, year: int):
        """The area set that was in force in the middle of ``year``."""
        return self.valid_on(datetime.date(year, 7, 1))

    def current(self):
        return self.valid_on(timezone.localdate())


class SocialSpace(models.Model):
    """Sozialraum(gebiet): an area of the programme, made of whole quarters or parts of them.

    An area set is valid from one date to another; when the council redraws the areas, the new
    set gets new records and the old ones stay readable with their own links.
    """

    programme = models.ForeignKey(
        "programme.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="social_spaces",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=120, unique=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    quarters = models.ManyToManyField(
        Quarter,
        through="SocialSpaceQuarter",
        verbose_name=_("quarters"),
        related_name="social_spaces",
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        verbose_name=_("neighbourhoods"),
        related_name="social_spaces",
        blank=True,
        help_text=_(
            "Where only part of a quarter belongs to the area: the neighbourhoods that do."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    boundary_note = models.TextField(
        _("note on the boundary"),
        blank=True,
        help_text=_("Where the outline is an approximation, say so here."),
    )
    geometry = models.JSONField(_("geometry (GeoJSON)"), null=True, blank=True, editable=False)
    display_geometry = models.TextField(_("simplified geometry"), blank=True, editable=False)

    objects = SocialSpaceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "valid_from"]
        verbose_name = _("social space")
        verbose_name_plural = _("social spaces")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="social_space_valid_until_after_from",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.validity_label})"

    def get_absolute_url(self):
        return reverse("areas:social_space", args=[self.slug])

    @property
    def validity_label(self) -> str:
        if self.valid_until:
            return f"{self.valid_from.year}–{self.valid_until.year}"
        return _("since %(year)s") % {"year": self.valid_from.year}

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Coverage(models.TextChoices):
    FULL = "full", _("whole quarter")
    PARTIAL = "partial", _("part of the quarter")
    UNCERTAIN = "uncertain", _("membership not confirmed")


class SocialSpaceQuarter(models.Model):
    social_space = models.ForeignKey(
        SocialSpace,
        verbose_name=_("social space"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    quarter = models.ForeignKey(
        Quarter, verbose_name=_("quarter"), on_delete=models.PROTECT, related_name="+"
    )
    coverage = models.CharField(
        _("coverage"), max_length=16, choices=Coverage.choices, default=Coverage.FULL
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["quarter__number"]
        verbose_name = _("member quarter")
        verbose_name_plural = _("member quarters")
        constraints = [
            models.UniqueConstraint(
                fields=["social_space", "quarter"], name="unique_social_space_quarter"
            )
        ]

    def __str__(self):
        return f"{self.social_space.name}: {self.quarter.name}"


class AreaLevel(models.TextChoices):
    CITY = "city", _("city")
    DISTRICT = "district", _("district")
    QUARTER = "quarter", _("quarter")


class StructureFigures(models.Model):
    """Structure figures of one area and year (Strukturdaten), as published by the city.

    The monitoring module will generalise this to any indicator; these are the key figures the
    area pages compare with the city.
    """

    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices)
    area_number = models.CharField(_("official number"), max_length=16)
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    population = models.PositiveIntegerField(_("residents"))
    under_18 = models.PositiveIntegerField(_("residents under 18"))
    aged_65_plus = models.PositiveIntegerField(_("residents aged 65 and over"))
    migration_background = models.PositiveIntegerField(_("residents with migration background"))
    foreign_nationals = models.PositiveIntegerField(_("foreign nationals"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "level", "area_number"]
        verbose_name = _("structure figures")
        verbose_name_plural = _("structure figures")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "area_number", "year"], name="unique_structure_figures"
            )
        ]

    def __str__(self):
        return f"{self.name} {self.year}"
