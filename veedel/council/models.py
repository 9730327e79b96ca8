"""Council information, shaped like OParl 1.1: the body (the city's council), its legislative
terms, organisations (Gremien: council, committees, Bezirksvertretungen), sessions (Sitzungen)
with agenda items, papers (Vorlagen: Mitteilung, Beschlussvorlage, Antrag) with their
consultations (the ordered list is the Beratungsfolge), files and locations.

Every object served by OParl keeps ``created``/``modified`` and is deleted softly (``deleted``
holds the time), so that clients asking with ``modified_since`` learn about deletions.

What is public is defined once per model, twice written: as the QuerySet method ``public()``
(built from a ``Q`` that related lookups reuse, e.g. ``paper_public_q("paper__")``) and as the
model property ``publicly_visible``; the pages, the iCalendar feed, OParl and the PDFs read
these, and a test checks that the two agree on every object. ``servable()`` is what OParl
names at all: what is public now or was public once (the rest of it is answered as deleted).
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REFERENCE_RE = re.compile(r"^(\d{4})/(\d{4})$")


def validate_reference(value: str) -> None:
    """A paper's reference: four digits, a slash, the year ("0123/2012")."""
    if not REFERENCE_RE.match(value or ""):
        raise ValidationError(
            _('Enter the reference as four digits, a slash and the year, e.g. "0123/2012".'),
            code="invalid_reference",
        )


class OParlQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted__isnull=True)

    def public(self):
        """What anyone may read (here: what is not deleted)."""
        return self.alive()

    def servable(self):
        """What OParl names: public now or public once (then answered as deleted)."""
        return self


class OParlModel(models.Model):
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    modified = models.DateTimeField(_("modified"), auto_now=True, editable=False)
    deleted = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)

    objects = OParlQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def publicly_visible(self) -> bool:
        """Whether anyone may read it (the model's ``public()``, for one object)."""
        return self.deleted is None


class Body(OParlModel):
    """The council body of a city (OParl Body), e.g. "Rat der Stadt Köln"."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    website = models.URLField(_("website"), blank=True)
    ags = models.CharField(_("municipality key (AGS)"), max_length=8, blank=True)
    rgs = models.CharField(_("regional key (RGS)"), max_length=12, blank=True)
    classification = models.CharField(_("classification"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    license = models.URLField(_("licence of the data"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self):
        return self.name


class LegislativeTerm(OParlModel):
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="legislative_terms", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("legislative term")
        verbose_name_plural = _("legislative terms")

    def __str__(self):
        return self.name


class Location(OParlModel):
    description = models.CharField(_("description"), max_length=300, blank=True)
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    sub_locality = models.CharField(_("district of the city"), max_length=100, blank=True)
    locality = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        parts = [self.description, self.room, self.street_address, self.locality]
        return ", ".join(p for p in parts if p)


class OrganizationType(models.TextChoices):
    # OParl's values, in German as the standard has them.
    GREMIUM = "Gremium", _("body (Gremium)")
    PARTEI = "Partei", _("party")
    FRAKTION = "Fraktion", _("parliamentary group")
    VERWALTUNGSBEREICH = "Verwaltungsbereich", _("administrative unit")
    EXTERNES_GREMIUM = "externes Gremium", _("external body")
    INSTITUTION = "Institution", _("institution")
    SONSTIGES = "Sonstiges", _("other")


class Classification(models.TextChoices):
    PARLAMENT = "Parlament", _("council")
    AUSSCHUSS = "Ausschuss", _("committee")
    BEZIRKSVERTRETUNG = "Bezirksvertretung", _("district council (Bezirksvertretung)")
    BEIRAT = "Beirat", _("advisory board")
    SONSTIGES = "Sonstiges", _("other")


class Organization(OParlModel):
    """Gremium: the council, a committee, a Bezirksvertretung (OParl Organization)."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="organizations", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    organization_type = models.CharField(
        _("kind of organisation"),
        max_length=40,
        choices=OrganizationType.choices,
        default=OrganizationType.GREMIUM,
    )
    classification = models.CharField(
        _("classification"), max_length=40, choices=Classification.choices, blank=True
    )
    district = models.OneToOneField(
        "areas.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="district_council",
        help_text=_("For a Bezirksvertretung: the district it represents."),
    )
    topics = models.ManyToManyField(
        "programme.Topic",
        verbose_name=_("responsible for topics"),
        related_name="committees",
        blank=True,
        help_text=_(
            "A paper concerning one of these topics is proposed to this committee for consultation."
        ),
    )
    sub_organization_of = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_organizations",
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organizations",
    )
    is_example = models.BooleanField(_("example data"), default=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("body (Gremium)")
        verbose_name_plural = _("bodies (Gremien)")
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="unique_organization_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("council:organization", args=[self.pk])


class Person(OParlModel):
    """A person in the council information (kept minimal: name only, no contact data)."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="persons", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=200)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    form_of_address = models.CharField(_("form of address"), max_length=40, blank=True)

    class Meta:
        ordering = ["family_name", "name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self):
        return self.name


class MeetingState(models.TextChoices):
    SCHEDULED = "terminiert", _("scheduled")
    INVITED = "eingeladen", _("invitation sent")
    HELD = "durchgeführt", _("held")


class MeetingQuerySet(OParlQuerySet):
    """Every session that is not deleted is public (cancelled ones too: they say so)."""

    def upcoming_from(self, day: datetime.date):
        """Sessions that are not cancelled and start on or after ``day`` (local time)."""
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        return self.alive().filter(cancelled=False, start__gte=start)


class Meeting(OParlModel):
    """Sitzung of one organisation."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("body (Gremium)"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.SCHEDULED
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    is_example = models.BooleanField(_("example data"), default=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["organization", "start"], name="council_meeting_org")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="council_meeting_end_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("council:meeting", args=[self.pk])

    @property
    def title(self) -> str:
        if self.name:
            return self.name
        day = timezone.localtime(self.start).strftime("%d.%m.%Y")
        return f"{self.organization.name}, {day}"

    @property
    def local_date(self) -> datetime.date:
        return timezone.localtime(self.start).date()


def agenda_item_public_q(prefix: str = "") -> Q:
    """A public agenda item: not deleted, marked public, of a session that is not deleted, and
    either of no consultation or of a consultation (not deleted) of a public paper."""
    p = prefix
    return Q(**{f"{p}deleted": None, f"{p}public": True, f"{p}meeting__deleted": None}) & (
        Q(**{f"{p}consultation__isnull": True})
        | (Q(**{f"{p}consultation__deleted": None}) & paper_public_q(f"{p}consultation__paper__"))
    )


class AgendaItemQuerySet(OParlQuerySet):
    def public(self):
        return self.filter(agenda_item_public_q())


class AgendaItem(OParlModel):
    """Tagesordnungspunkt."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("session")
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("order"))
    name = models.CharField(_("title"), max_length=500)
    public = models.BooleanField(_("public"), default=True)
    result = models.CharField(_("result"), max_length=200, blank=True)
    resolution_text = models.TextField(_("text of the resolution"), blank=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return f"{self.number} {self.name}".strip()

    @property
    def consultation_or_none(self) -> Consultation | None:
        try:
            return self.consultation
        except Consultation.DoesNotExist:
            return None

    @property
    def publicly_visible(self) -> bool:
        if self.deleted is not None or not self.public or self.meeting.deleted is not None:
            return False
        consultation = self.consultation_or_none
        return consultation is None or (
            consultation.deleted is None and consultation.paper.publicly_visible
        )


class PaperType(models.TextChoices):
    MITTEILUNG = "Mitteilung", _("communication (Mitteilung)")
    BESCHLUSSVORLAGE = "Beschlussvorlage", _("draft resolution (Beschlussvorlage)")
    ANTRAG = "Antrag", _("motion (Antrag)")


class PaperState(models.TextChoices):
    """Where a paper stands (the steps between them are in workflow.py)."""

    DRAFT = "draft", _("draft")
    RELEASED = "released", _("released")
    WITHDRAWN = "withdrawn", _("withdrawn")


def paper_public_q(prefix: str = "") -> Q:
    """A public paper: released (not a draft, not withdrawn) and not marked non-public."""
    return Q(**{f"{prefix}state": PaperState.RELEASED, f"{prefix}is_public": True})


def paper_servable_q(prefix: str = "") -> Q:
    """A paper OParl names: public now, or withdrawn after it was released as public (a
    released public paper cannot be made non-public, see services.paper_update)."""
    return Q(**{f"{prefix}released_at__isnull": False, f"{prefix}is_public": True})


class PaperQuerySet(OParlQuerySet):
    def released(self):
        return self.filter(state=PaperState.RELEASED)

    def public(self):
        """Released and public: what anyone may read and OParl serves."""
        return self.filter(paper_public_q())

    def servable(self):
        return self.filter(paper_servable_q())

    def visible_to(self, user):
        """The papers ``user`` may list: drafts for those who may read drafts, non-public
        papers for those who may read them, the public ones for everybody."""
        if user.has_perm("council.view_draft_papers"):
            return self.alive()
        if user.has_perm("council.view_nonpublic_papers"):
            return self.released()
        return self.public()


class Paper(OParlModel):
    """Vorlage: a Mitteilung, Beschlussvorlage or Antrag, with a public text and a non-public
    part, files, the areas and topics it concerns, and its Beratungsfolge."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="papers", verbose_name=_("body")
    )
    reference = models.CharField(
        _("reference"), max_length=9, validators=[validate_reference], help_text="0123/2012"
    )
    paper_type = models.CharField(
        _("kind of paper"), max_length=30, choices=PaperType.choices, default=PaperType.MITTEILUNG
    )
    title = models.CharField(_("title"), max_length=500)
    date = models.DateField(_("date"))
    text = models.TextField(_("public text"), blank=True)
    non_public_text = models.TextField(_("non-public part"), blank=True)
    department = models.CharField(_("originating department"), max_length=200, blank=True)
    social_spaces = models.ManyToManyField(
        "areas.SocialSpace",
        verbose_name=_("social spaces concerned"),
        related_name="council_papers",
        blank=True,
    )
    topics = models.ManyToManyField(
        "programme.Topic",
        verbose_name=_("topics concerned"),
        related_name="council_papers",
        blank=True,
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "A non-public paper is shown only to council members and the programme office."
        ),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=PaperState.choices, default=PaperState.DRAFT
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True, editable=False)
    consultations_fixed = models.DateTimeField(
        _("sequence of consultation fixed"), null=True, blank=True, editable=False
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_('E.g. "Stadt Köln".')
    )
    is_example = models.BooleanField(_("example data"), default=False)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-reference", "pk"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        constraints = [
            models.UniqueConstraint(fields=["body", "reference"], name="unique_paper_reference"),
            # Withdrawn is deleted (softly), and only withdrawn; released has a release date.
            models.CheckConstraint(
                condition=(Q(state=PaperState.WITHDRAWN) & Q(deleted__isnull=False))
                | (~Q(state=PaperState.WITHDRAWN) & Q(deleted__isnull=True)),
                name="council_paper_withdrawn_is_deleted",
            ),
            models.CheckConstraint(
                condition=~Q(state=PaperState.RELEASED) | Q(released_at__isnull=False),
                name="council_paper_released_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("council:paper", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == PaperState.DRAFT

    @property
    def is_fixed(self) -> bool:
        return self.consultations_fixed is not None

    @property
    def publicly_visible(self) -> bool:
        return self.state == PaperState.RELEASED and self.is_public


class ConsultationRole(models.TextChoices):
    KENNTNISNAHME = "Kenntnisnahme", _("for information (Kenntnisnahme)")
    VORBERATUNG = "Vorberatung", _("preliminary consultation (Vorberatung)")
    ENTSCHEIDUNG = "Entscheidung", _("decision (Entscheidung)")


class ConsultationQuerySet(OParlQuerySet):
    def public(self):
        """Steps (not deleted) of public papers."""
        return self.filter(Q(deleted=None) & paper_public_q("paper__"))

    def servable(self):
        return self.filter(paper_servable_q("paper__"))


class Consultation(OParlModel):
    """One step of a paper's Beratungsfolge: an organisation at one of its sessions."""

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("paper")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("body (Gremium)"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("session"),
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation",
        verbose_name=_("agenda item"),
    )
    order = models.PositiveIntegerField(_("order"))
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=ConsultationRole.choices,
        default=ConsultationRole.KENNTNISNAHME,
    )
    authoritative = models.BooleanField(_("authoritative"), default=False)
    result = models.CharField(_("result"), max_length=200, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["paper", "order", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return f"{self.paper.reference}: {self.organization.name}"

    @property
    def publicly_visible(self) -> bool:
        return self.deleted is None and self.paper.publicly_visible


def file_public_q(prefix: str = "") -> Q:
    """A public file: not deleted, marked public, of a public paper."""
    return Q(**{f"{prefix}deleted": None, f"{prefix}is_public": True}) & paper_public_q(
        f"{prefix}paper__"
    )


class FileQuerySet(OParlQuerySet):
    def public(self):
        return self.filter(file_public_q())

    def servable(self):
        return self.filter(Q(is_public=True) & paper_servable_q("paper__"))


class FileRole(models.TextChoices):
    # The paper's own document (its public part as PDF), made by Veedel: OParl's mainFile.
    MAIN = "main", _("the paper as PDF")
    AUXILIARY = "auxiliary", _("attachment")


class File(OParlModel):
    """A document of a paper, stored privately under MEDIA_ROOT and served by a view that
    checks the reader's rights."""

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="files", verbose_name=_("paper")
    )
    role = models.CharField(
        _("kind"), max_length=12, choices=FileRole.choices, default=FileRole.AUXILIARY
    )
    name = models.CharField(_("name"), max_length=250)
    file = models.FileField(_("file"), upload_to="council/%Y/", max_length=300)
    file_name = models.CharField(_("file name"), max_length=250)
    mime_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha1_checksum = models.CharField(_("SHA-1"), max_length=40, blank=True)
    sha512_checksum = models.CharField(_("SHA-512"), max_length=128, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("A non-public file belongs to the non-public part of the paper."),
    )

    objects = FileQuerySet.as_manager()

    class Meta:
        ordering = ["paper", "role", "pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [
            models.UniqueConstraint(
                fields=["paper"],
                condition=Q(role=FileRole.MAIN, deleted__isnull=True),
                name="council_one_document_per_paper",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("council:file", args=[self.pk])

    @property
    def is_document(self) -> bool:
        """The paper's own document (made by Veedel), not an attachment."""
        return self.role == FileRole.MAIN

    @property
    def publicly_visible(self) -> bool:
        return self.deleted is None and self.is_public and self.paper.publicly_visible
