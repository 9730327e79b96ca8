"""The guide (Handlungsleitfaden): editions of typical situations, key processes and methods.

An edition is a whole, self-contained version of the guide. The programme office copies a
published edition into a new draft, edits it and publishes it; earlier editions stay readable
at their own addresses. Everything below an edition (situations, key processes with their
steps, methods) belongs to exactly one edition, so a copy never changes its original. The
workflow of an edition (states, steps, who may take them) is the table in ``workflow.py``.

"Public" is defined once: a published edition (``Edition.objects.published()``,
``edition.is_published``) with everything in it.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class EditionQuerySet(models.QuerySet):
    def published(self):
        """The editions everybody reads (pages, PDFs, the finder, the list): the public ones."""
        return self.filter(status=EditionStatus.PUBLISHED)

    def drafts(self):
        """Editions still being written, seen only by the programme office and admins."""
        return self.filter(status=EditionStatus.DRAFT)

    def current(self):
        """The newest published edition, or None."""
        return self.published().order_by("-year", "-published_at", "-pk").first()


class Edition(models.Model):
    """Ausgabe des Leitfadens, e.g. "Handlungsleitfaden Sozialraumkoordination 2012"."""

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="guide_editions",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=120, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=20, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    introduction = models.TextField(_("introduction"), blank=True)
    is_example = models.BooleanField(
        _("example edition"),
        default=False,
        help_text=_("Written for the demo; a city loads its own edition."),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("guide edition")
        verbose_name_plural = _("guide editions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guide:edition", args=[self.slug])

    @property
    def is_published(self) -> bool:
        """Public: everybody reads it (``Edition.objects.published()`` is the same as a
        filter). Everything in an edition is as public as the edition."""
        return self.status == EditionStatus.PUBLISHED


class Method(models.Model):
    """Methode of the method library (Stadtteilbegehung, Zukunftswerkstatt, …)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="methods", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="unique_method_slug")
        ]

    def __str__(self):
        return self.name


class Situation(models.Model):
    """Ausgangssituation: a typical starting situation in an area."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="situations", verbose_name=_("edition")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=120)
    description = models.TextField(_("description"))
    signs = models.TextField(
        _("signs"),
        blank=True,
        help_text=_("How a coordinator recognises the situation; one sign per line."),
    )
    goals = models.ManyToManyField(
        "programme.Goal", related_name="guide_situations", verbose_name=_("goals"), blank=True
    )
    topics = models.ManyToManyField(
        "programme.Topic", related_name="guide_situations", verbose_name=_("topics"), blank=True
    )
    key_processes = models.ManyToManyField(
        "KeyProcess",
        related_name="situations",
        verbose_name=_("suggested key processes"),
        blank=True,
    )
    # Search tokens (veedel.core.textsearch) of title, description and signs; kept by the
    # guide's services whenever the text changes.
    search_document = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("situation")
        verbose_name_plural = _("situations")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="unique_situation_slug")
        ]

    def __str__(self):
        return self.title

    def sign_list(self) -> list[str]:
        return [line.strip() for line in self.signs.splitlines() if line.strip()]


class KeyProcess(models.Model):
    """Schlüsselprozess: the working method for a kind of situation, as ordered steps."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="key_processes", verbose_name=_("edition")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=120)
    purpose = models.TextField(_("purpose"))
    goals = models.ManyToManyField(
        "programme.Goal", related_name="guide_processes", verbose_name=_("goals"), blank=True
    )
    topics = models.ManyToManyField(
        "programme.Topic", related_name="guide_processes", verbose_name=_("topics"), blank=True
    )
    search_document = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("key process")
        verbose_name_plural = _("key processes")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="unique_key_process_slug")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guide:process", args=[self.edition.slug, self.slug])


class ProcessStep(models.Model):
    """Prozessschritt of a key process."""

    key_process = models.ForeignKey(
        KeyProcess, on_delete=models.CASCADE, related_name="steps", verbose_name=_("key process")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    aim = models.TextField(_("aim"))
    methods = models.ManyToManyField(
        Method, related_name="steps", verbose_name=_("methods"), blank=True
    )
    method_notes = models.TextField(
        _("how to work"), blank=True, help_text=_("Methods and approach in words.")
    )
    participants = models.TextField(_("who takes part"), blank=True)
    results = models.TextField(_("results"), blank=True)
    duration = models.CharField(_("typical duration"), max_length=100, blank=True)
    pitfalls = models.TextField(_("pitfalls"), blank=True)

    class Meta:
        ordering = ["key_process", "order"]
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        constraints = [
            models.UniqueConstraint(fields=["key_process", "order"], name="unique_step_order")
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"
