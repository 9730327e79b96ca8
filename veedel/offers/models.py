"""Offers (Angebote), modelled on Open Referral HSDS 3.0.

HSDS names: an offer is a *service*, run by an *organization* (our Actor), at *locations*
(service_at_location), with *schedules* (RFC 5545 fields), *phones*, *languages* and
*taxonomy terms* (topics and target groups). All ids are UUIDs, as HSDS requires. One-off
events, a gap HSDS implementers name, are kept as Event.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from veedel.core import textsearch
from veedel.core.predicates import is_coordinator, manages_programme, office_ids_of
from veedel.network.models import Actor

FRESHNESS_MONTHS = 6


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    description = models.TextField(_("description"))
    uri = models.URLField(_("URI"), blank=True)
    version = models.CharField(_("version"), max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self):
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(
        Taxonomy, verbose_name=_("taxonomy"), on_delete=models.CASCADE, related_name="terms"
    )
    code = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.CASCADE, null=True, blank=True
    )
    topic = models.OneToOneField(
        "programme.Topic",
        verbose_name=_("topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taxonomy_term",
        help_text=_("For the taxonomy of topics: the topic field this term stands for."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["taxonomy__name", "order", "name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code")
        ]

    def __str__(self):
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    DEFUNCT = "defunct", _("defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")


# --- what is public, what is stale: defined here once ---------------------------------------
# Pages, feeds, APIs, search, PDFs and the admin use these and nothing else:
#
#   Offer.objects.published() -> QuerySet      what the public sees: published, not defunct,
#                                               of an organisation that is not internal
#   offer.is_public -> bool                     the same rule for one offer (reads .organization)
#   Offer.objects.visible_to(user) -> QuerySet  what the rule offers.view_offer lets ``user`` see
#   Offer.objects.stale(today=None) -> QuerySet not checked within FRESHNESS_MONTHS (or never);
#                                               defunct offers are never stale (nothing to check)
#   offer.is_stale -> bool                      the same rule for one offer, today
#   offer.stale_on(today: date) -> bool         … on a given day
#   stale_before(today=None) -> date            checked before this day means stale
#   Event.objects.public() -> QuerySet          events of offers the public sees
#   Event.objects.upcoming(now=None) -> QuerySet  not over yet (no end: the whole start day)
#   event.is_public -> bool, event.is_upcoming(now=None) -> bool   the same for one event


def stale_before(today: datetime.date | None = None) -> datetime.date:
    """Offers last checked before this day are stale: FRESHNESS_MONTHS before ``today``."""
    return _months_before(today or timezone.localdate(), FRESHNESS_MONTHS)


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _published(path: str = "") -> models.Q:
    """The condition of ``Offer.objects.published()``, for offers reached through ``path``."""
    internal = Actor.objects.internal().filter(pk=models.OuterRef(f"{path}organization_id"))
    return (
        models.Q(**{f"{path}is_published": True})
        & ~models.Exists(internal)
        & ~models.Q(**{f"{path}status": ServiceStatus.DEFUNCT})
    )


class OfferQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: published, not defunct, of a public organisation.

        Written as "no internal organisation exists for it" so that the database looks up the
        few internal actors (a partial index) instead of joining every actor to the offers; as
        an anti-join, PostgreSQL also weighs it rightly when it follows a few offers by key
        (a hashed "not in" subquery was charged once per offer, and made it scan them all).
        The same rule for one offer: ``Offer.is_public``.
        """
        return self.filter(_published())

    def visible_to(self, user):
        """The offers ``user`` may see, as the rule ``offers.view_offer`` decides for one:
        the published ones; a coordinator's offices' offers too; all for the programme office."""
        if manages_programme(user):
            return self
        seen = _published()
        if is_coordinator(user) and (offices := office_ids_of(user)):
            seen |= models.Q(office_id__in=offices)
        return self.filter(seen)

    def stale(self, today: datetime.date | None = None):
        """Due for a check: not confirmed since ``stale_before(today)`` (or never), and not
        defunct. The same rule for one offer: ``Offer.is_stale`` / ``Offer.stale_on``."""
        return self.filter(Offer.stale_condition(today))


class Offer(models.Model):
    """Angebot (HSDS service)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "network.Actor",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    office = models.ForeignKey(
        "programme.CoordinationOffice",
        verbose_name=_("responsible office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        help_text=_("The office that keeps this entry up to date."),
    )
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    application_process = models.TextField(_("how to apply"), blank=True)
    eligibility_description = models.TextField(_("who can use it"), blank=True)
    is_free = models.BooleanField(_("free of charge"), default=False)
    fees_description = models.TextField(_("costs"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    is_barrier_free = models.BooleanField(_("barrier-free"), default=False)
    accessibility_description = models.TextField(_("accessibility"), blank=True)
    taxonomy_terms = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("topics and target groups"), related_name="offers", blank=True
    )
    assured_date = models.DateField(_("last checked on"), null=True, blank=True)
    assurer_email = models.EmailField(_("checked by (e-mail)"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    is_example = models.BooleanField(_("example data"), default=False)
    search_document = models.TextField(editable=False, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(maximum_age__gte=models.F("minimum_age")),
                name="offer_age_range",
            )
        ]
        indexes = [
            models.Index(fields=["modified"]),
            models.Index(fields=["status", "is_published"]),
            models.Index(fields=["minimum_age", "maximum_age"]),
            # The directory's order: a large rank tier's page is read along it
            # (core/paging.py, ``tiered_keys_page``).
            models.Index(fields=["name", "id"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("offers:offer", args=[self.pk])

    @property
    def age_range(self) -> str:
        """Who the offer is for by age, as shown ("6 bis 12 Jahre"), or ""."""
        low, high = self.minimum_age, self.maximum_age
        if low is not None and high is not None:
            return gettext("%(low)s to %(high)s years") % {"low": low, "high": high}
        if low is not None:
            return gettext("from %(low)s years") % {"low": low}
        if high is not None:
            return gettext("up to %(high)s years") % {"high": high}
        return ""

    @cached_property
    def local_text(self) -> "OfferText | None":
        """The offer's name and description in the page's language, when someone wrote them
        (``texts``; prefetch them for lists). German pages show the original."""
        code = translation.get_language()
        if code and code != settings.LANGUAGE_CODE:
            for text in self.texts.all():
                if text.language == code:
                    return text
        return None

    @property
    def shown_name(self) -> str:
        return self.local_text.name if self.local_text else self.name

    @property
    def shown_description(self) -> str:
        text = self.local_text
        return text.description if text and text.description else self.description

    @property
    def shown_description_language(self) -> str:
        text = self.local_text
        return text.language if text and text.description else settings.LANGUAGE_CODE

    @property
    def shown_language(self) -> str:
        """The language of ``shown_name`` (for the ``lang`` attribute)."""
        return self.local_text.language if self.local_text else settings.LANGUAGE_CODE

    @property
    def is_public(self) -> bool:
        """Whether the public sees this offer (the rule of ``Offer.objects.published()``)."""
        return (
            self.is_published
            and self.status != ServiceStatus.DEFUNCT
            and self.organization.is_public
        )

    @staticmethod
    def stale_condition(today: datetime.date | None = None) -> models.Q:
        """``Offer.objects.stale()`` as a condition, e.g. for ``Count(…, filter=…)``."""
        checked_before = models.Q(assured_date__isnull=True) | models.Q(
            assured_date__lt=stale_before(today)
        )
        return checked_before & ~models.Q(status=ServiceStatus.DEFUNCT)

    def stale_on(self, today: datetime.date) -> bool:
        """Whether the offer is due for a check on ``today`` (``Offer.objects.stale(today)``)."""
        if self.status == ServiceStatus.DEFUNCT:
            return False
        return self.assured_date is None or self.assured_date < stale_before(today)

    @property
    def is_stale(self) -> bool:
        """Whether the offer is due for a check today (``Offer.objects.stale()``)."""
        return self.stale_on(timezone.localdate())


def default_state() -> str:
    """The federal state of a location that names none: the city's (``VEEDEL_DEFAULT_STATE``,
    from the area data set's manifest)."""
    return settings.VEEDEL_DEFAULT_STATE


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("physical")
    POSTAL = "postal", _("postal")
    VIRTUAL = "virtual", _("virtual")


class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "network.Actor",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="locations",
        null=True,
        blank=True,
    )
    location_type = models.CharField(
        _("kind of location"),
        max_length=16,
        choices=LocationType.choices,
        default=LocationType.PHYSICAL,
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    address_1 = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    state_province = models.CharField(_("state"), max_length=100, default=default_state)
    country = models.CharField(_("country"), max_length=2, default="DE")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    quarter = models.ForeignKey(
        "areas.Quarter",
        verbose_name=_("quarter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offer_locations",
        editable=False,
    )
    social_spaces = models.ManyToManyField(
        "areas.SocialSpace",
        verbose_name=_("located in social spaces"),
        related_name="offer_locations",
        blank=True,
        editable=False,
    )
    is_barrier_free = models.BooleanField(_("barrier-free access"), default=False)

    class Meta:
        ordering = ["name", "address_1"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        return self.name or f"{self.address_1}, {self.city}"


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="at_locations"
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        related_name="offers_here",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("offer at a location")
        verbose_name_plural = _("offers at locations")
        constraints = [
            models.UniqueConstraint(fields=["offer", "location"], name="unique_offer_location")
        ]

    def __str__(self):
        return f"{self.offer} @ {self.location}"


class Weekday(models.TextChoices):
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


WEEKDAY_CODES = [d.value for d in Weekday]  # index = Python's date.weekday()


class Schedule(models.Model):
    """Regular opening hours (HSDS schedule, RFC 5545): one weekday and time span per row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        verbose_name=_("at location"),
        on_delete=models.CASCADE,
        related_name="schedules",
        null=True,
        blank=True,
    )
    freq = models.CharField(_("frequency"), max_length=10, default="WEEKLY", editable=False)
    byday = models.CharField(_("weekday"), max_length=2, choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    description = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["byday", "opens_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="schedule_closes_after_opening",
            )
        ]
        indexes = [models.Index(fields=["byday", "opens_at", "closes_at"])]

    def __str__(self):
        return f"{self.get_byday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class EventQuerySet(models.QuerySet):
    def public(self):
        """Events of offers the public sees (``Offer.objects.published()``, joined through
        the offer). The same rule for one event: ``Event.is_public``."""
        return self.filter(_published("offer__"))

    def upcoming(self, now: datetime.datetime | None = None):
        """Events not over yet; one without an end counts for the whole day it starts on.
        The same rule for one event: ``Event.is_upcoming``."""
        now = timezone.localtime(now or timezone.now())
        start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return self.filter(
            models.Q(end__gte=now) | models.Q(end__isnull=True, start__gte=start_of_day)
        )


class Event(models.Model):
    """A one-off date of an offer (Termin), e.g. an information evening."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="events"
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="event_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.start:%d.%m.%Y})"

    @property
    def is_public(self) -> bool:
        """Whether the public sees this event (``Event.objects.public()``)."""
        return self.offer.is_public

    def is_upcoming(self, now: datetime.datetime | None = None) -> bool:
        """Whether the event is not over yet (``Event.objects.upcoming(now)``)."""
        now = timezone.localtime(now or timezone.now())
        if self.end is not None:
            return self.end >= now
        return timezone.localtime(self.start) >= now.replace(
            hour=0, minute=0, second=0, microsecond=0
        )


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="phones",
        null=True,
        blank=True,
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        related_name="phones",
        null=True,
        blank=True,
    )
    number = models.CharField(_("number"), max_length=50)
    description = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")

    def __str__(self):
        return self.number


def _other_languages():
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class OfferText(models.Model):
    """An offer's name and description in another language, written by whoever keeps the
    offer. Visitors who chose that language see it; the German text stays the original (the
    HSDS API gives the original). Both go into the offer's search document."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=8, choices=_other_languages())
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("text in another language")
        verbose_name_plural = _("texts in other languages")
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="unique_offer_text")
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"


class Language(models.Model):
    """A language an offer is available in (ISO 639-1 code)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="languages"
    )
    code = models.CharField(_("language code"), max_length=3)
    name = models.CharField(_("language"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["offer", "code"], name="unique_offer_language")
        ]
        indexes = [models.Index(fields=["code"])]

    def __str__(self):
        return self.name


class FreshnessNotice(models.Model):
    """That a person was reminded of an offer not checked for too long (freshness digest).

    Keeps the daily digest from reminding anyone of the same offer more than once a week."""

    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="freshness_notices",
    )
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="freshness_notices"
    )
    sent_on = models.DateField(_("sent on"))

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("freshness reminder")
        verbose_name_plural = _("freshness reminders")
        indexes = [models.Index(fields=["user", "offer", "sent_on"])]

    def __str__(self):
        return f"{self.offer} → {self.user} ({self.sent_on:%d.%m.%Y})"


MAX_SYNONYMS = 20


class Synonym(models.Model):
    """Words or phrases that mean the same to someone searching the directory ("Kita",
    "Kindertagesstätte"). A search for one finds offers that use any of them. The programme
    office keeps the list in the admin; it takes effect with the next search (no reindex)."""

    words = models.TextField(
        _("words"),
        help_text=_(
            "Words or phrases that mean the same, separated by commas, e.g. "
            "“Kita, Kindertagesstätte, Kindergarten”. A phrase has at most three words."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        ordering = ["words"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")

    def __str__(self):
        return self.words

    @property
    def entries(self) -> list[str]:
        return [w.strip() for w in self.words.split(",") if w.strip()]

    def clean(self):
        entries = self.entries
        if len(entries) < 2:
            raise ValidationError(
                {"words": _("Give at least two words or phrases, separated by commas.")}
            )
        if len(entries) > MAX_SYNONYMS:
            raise ValidationError(
                {"words": _("Give at most %(max)s words or phrases.") % {"max": MAX_SYNONYMS}}
            )
        for entry in entries:
            found = textsearch.tokens(entry)
            if not found:
                raise ValidationError(
                    {
                        "words": _(
                            "“%(entry)s” holds no word a search could find "
                            "(only short function words such as “und”)."
                        )
                        % {"entry": entry}
                    }
                )
            if len(found) > textsearch.MAX_PHRASE:
                raise ValidationError(
                    {
                        "words": _("“%(entry)s” has more than %(max)s words.")
                        % {"entry": entry, "max": textsearch.MAX_PHRASE}
                    }
                )
        self.words = ", ".join(entries)
