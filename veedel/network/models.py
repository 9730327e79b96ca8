"""Actors (Akteure), their contacts, and local networks with members, meetings and tasks.

What "public" means is written once per model, as a QuerySet method and a property that
pages, feeds, map data and PDFs all use:

- an actor is public unless it is internal: ``Actor.objects.public()`` / ``.internal()``,
  ``actor.is_public``;
- a network is public when marked so: ``Network.objects.public()``, ``network.is_public``;
- a meeting is public when it is marked public *and* its network is public:
  ``Meeting.objects.public()``, ``meeting.publicly_visible``.

``visible_to(user)`` adds what a user may see beyond that, as the rules in ``rules.py``
(``network.view_actor``, ``network.view_network``, ``network.view_meeting``) decide on one
object.
"""

import secrets
import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from veedel.core.validators import PostalCodeValidator, reject_bidi_controls


class ActorKind(models.TextChoices):
    SCHOOL = "school", _("school")
    KITA = "kita", _("day-care centre (Kita)")
    YOUTH_CENTRE = "youth_centre", _("youth centre")
    FAMILY_CENTRE = "family_centre", _("family centre")
    SENIOR_CENTRE = "senior_centre", _("senior centre")
    CLUB = "club", _("club or association")
    RELIGIOUS = "religious", _("religious community")
    HOUSING = "housing", _("housing company")
    POLICE = "police", _("police")
    ADMINISTRATION = "administration", _("administration unit")
    HEALTH = "health", _("health service")
    INITIATIVE = "initiative", _("residents' initiative")
    BUSINESS = "business", _("business")
    OTHER = "other", _("other")


def _visible_q(user, public: models.Q, *, office: str = "office") -> models.Q:
    """The records ``user`` may see: the ``public`` ones, those of the offices a coordinator
    works in, those of the offices run by a provider lead's provider; everything for the
    programme office. ``office`` is the path from the record to its office."""
    from veedel.core.predicates import (
        is_coordinator,
        is_provider_lead,
        manages_programme,
        office_ids_of,
    )

    if manages_programme(user):
        return models.Q()
    seen = public
    if is_coordinator(user) and (offices := office_ids_of(user)):
        seen |= models.Q(**{f"{office}_id__in": offices})
    if is_provider_lead(user) and user.provider_id:
        seen |= models.Q(**{f"{office}__provider_id": user.provider_id})
    return seen


class ActorQuerySet(models.QuerySet):
    def public(self):
        """Actors everybody sees: those not internal."""
        return self.filter(is_public=True)

    def internal(self):
        """Internal actors, seen only by their office, its provider and the programme office."""
        return self.filter(is_public=False)

    def visible_to(self, user):
        """Public actors, plus the internal ones of the user's offices or provider (programme
        office: all), as ``network.view_actor``."""
        return self.filter(_visible_q(user, models.Q(is_public=True)))


class Actor(models.Model):
    """Akteur: an organisation or group active in an area."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=32, choices=ActorKind.choices)
    description = models.TextField(_("description"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=10, blank=True, validators=[PostalCodeValidator()]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Derived from the point by point-in-polygon (network.services.actor_locate).
    quarter = models.ForeignKey(
        "areas.Quarter",
        verbose_name=_("quarter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actors",
        editable=False,
    )
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actors",
        editable=False,
    )
    social_spaces = models.ManyToManyField(
        "areas.SocialSpace",
        verbose_name=_("located in social spaces"),
        related_name="located_actors",
        blank=True,
        editable=False,
    )
    areas_served = models.ManyToManyField(
        "areas.SocialSpace",
        verbose_name=_("areas served"),
        related_name="serving_actors",
        blank=True,
    )
    topics = models.ManyToManyField("programme.Topic", verbose_name=_("topics"), blank=True)
    website = models.URLField(_("website"), blank=True, validators=[reject_bidi_controls])
    email = models.EmailField(
        _("e-mail of the organisation"), blank=True, validators=[reject_bidi_controls]
    )
    phone = models.CharField(_("phone of the organisation"), max_length=50, blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Internal actors are seen only by the office.")
    )
    office = models.ForeignKey(
        "programme.CoordinationOffice",
        verbose_name=_("kept by office"),
        on_delete=models.PROTECT,
        related_name="actors",
        null=True,
        blank=True,
    )
    is_example = models.BooleanField(_("example data"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    external_id = models.CharField(_("id in the source"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_actor_source_id",
            ),
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (
                    models.Q(latitude__gte=-90)
                    & models.Q(latitude__lte=90)
                    & models.Q(longitude__gte=-180)
                    & models.Q(longitude__lte=180)
                ),
                name="actor_point_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["modified"]),
            # The few internal actors, whose offers the public lists leave out
            # (offers.OfferQuerySet.published): found without reading all actors.
            models.Index(fields=["id"], condition=models.Q(is_public=False), name="actor_internal"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:actor", args=[self.pk])

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("consent (Art. 6(1)(a) GDPR)")
    CONTRACT = "contract", _("contract (Art. 6(1)(b) GDPR)")
    PUBLIC_TASK = "public_task", _("public task (Art. 6(1)(e) GDPR)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("legitimate interest (Art. 6(1)(f) GDPR)")


class Contact(models.Model):
    """A person at an actor. Personal data: kept by one office for a stated purpose."""

    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), on_delete=models.CASCADE, related_name="contacts"
    )
    office = models.ForeignKey(
        "programme.CoordinationOffice",
        verbose_name=_("kept by office"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, validators=[reject_bidi_controls])
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    purpose = models.TextField(
        _("purpose of storing"),
        help_text=_("Why the office keeps this person's data, e.g. invitations to the network."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=32, choices=LegalBasis.choices)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name


class NetworkKind(models.TextChoices):
    DISTRICT_CONFERENCE = "stadtteilkonferenz", _("district conference (Stadtteilkonferenz)")
    WORKING_GROUP = "arbeitskreis", _("working group (Arbeitskreis)")
    ROUND_TABLE = "runder_tisch", _("round table (Runder Tisch)")


class NetworkQuerySet(models.QuerySet):
    def public(self):
        """Networks everybody sees, with their members and public meetings."""
        return self.filter(is_public=True)

    def visible_to(self, user):
        """Public networks, plus those of the user's offices or provider (programme office:
        all), as ``network.view_network``."""
        return self.filter(_visible_q(user, models.Q(is_public=True)))


class Network(models.Model):
    """Netzwerk: a Stadtteilkonferenz, Arbeitskreis or Runder Tisch in a social space."""

    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(_("short name in addresses"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=NetworkKind.choices)
    social_space = models.ForeignKey(
        "areas.SocialSpace",
        verbose_name=_("social space"),
        on_delete=models.PROTECT,
        related_name="networks",
    )
    office = models.ForeignKey(
        "programme.CoordinationOffice",
        verbose_name=_("organised by office"),
        on_delete=models.PROTECT,
        related_name="networks",
    )
    topics = models.ManyToManyField("programme.Topic", verbose_name=_("topics"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    members = models.ManyToManyField(
        Actor, through="NetworkMembership", verbose_name=_("members"), related_name="networks"
    )
    calendar_token = models.CharField(
        _("calendar token"),
        max_length=64,
        default=secrets.token_urlsafe,
        editable=False,
        help_text=_("Grants the calendar feed with non-public meetings; keep it secret."),
    )
    is_example = models.BooleanField(_("example data"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:network", args=[self.slug])


class MemberRole(models.TextChoices):
    MEMBER = "member", _("member")
    CHAIR = "chair", _("chair")
    SPEAKER = "speaker", _("speaker")
    GUEST = "guest", _("permanent guest")


class NetworkMembership(models.Model):
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="memberships"
    )
    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )

    class Meta:
        ordering = ["actor__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "actor"], name="unique_network_member")
        ]

    def __str__(self):
        return f"{self.actor} – {self.network}"


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """Meetings everybody sees (public calendar, public minutes): marked public, of a
        public network."""
        return self.filter(is_public=True, network__is_public=True)

    def visible_to(self, user):
        """Public meetings, plus all meetings of the networks of the user's offices or
        provider (programme office: all), as ``network.view_meeting``."""
        public = models.Q(is_public=True, network__is_public=True)
        return self.filter(_visible_q(user, public, office="network__office"))


class Meeting(models.Model):
    """A meeting of a network, with agenda, attendance, minutes and decisions."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="meetings"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Public meetings appear in the public calendar.")
    )
    attendees = models.ManyToManyField(
        Actor, verbose_name=_("attending actors"), related_name="meetings_attended", blank=True
    )
    other_attendance = models.PositiveIntegerField(
        _("further participants"), default=0, help_text=_("e.g. residents without an actor")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="meeting_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.network} – {self.start:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("network:meeting", args=[self.network.slug, self.pk])

    @property
    def publicly_visible(self) -> bool:
        """Whether everybody sees this meeting (as ``Meeting.objects.public()``)."""
        return self.is_public and self.network.is_public


class TaskStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class FollowUpTask(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=300)
    responsible = models.CharField(_("responsible"), max_length=200)
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self):
        return self.title
