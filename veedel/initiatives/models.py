"""Initiatives (Vorhaben): what a coordination office does in one of its social spaces.

An initiative starts from a situation and a key process of the guide; the process steps become
its checklist. Activities are logged with participants by target group, hours, the goals they
serve and the step of the impact ladder (PHINEO Wirkungstreppe) they reached. The states and
the steps of the work, with who may take them, are the tables of ``workflow.py``.

"Public" is defined once per model, as a QuerySet method and a property that pages, lists,
CSV exports and the network view all use:

- an initiative is public when it is published (``Initiative.objects.public()``,
  ``initiative.is_public``); the public sees only its ``PUBLIC_FIELDS`` and its public actors;
- a document is public when it is marked public *and* its initiative is public
  (``Document.objects.public()``, ``document.publicly_visible``).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImpactStep(models.IntegerChoices):
    """PHINEO Wirkungstreppe: 1–3 output, 4–6 outcome, 7 impact."""

    ACTIVITIES_AS_PLANNED = 1, _("1 – Activities take place as planned")
    TARGET_GROUPS_REACHED = 2, _("2 – Target groups are reached")
    OFFERS_ACCEPTED = 3, _("3 – Target groups accept the offers")
    AWARENESS_SKILLS = 4, _("4 – Awareness or skills change")
    BEHAVIOUR = 5, _("5 – Behaviour changes")
    LIFE_SITUATION = 6, _("6 – Life situation changes")
    SOCIETY = 7, _("7 – Society changes")


class TargetGroup(models.TextChoices):
    """Zielgruppen counted in the activity log (and in reports and target agreements)."""

    CHILDREN = "children", _("children")
    YOUNG_PEOPLE = "young_people", _("young people")
    FAMILIES = "families", _("families and parents")
    SENIORS = "seniors", _("senior citizens")
    MIGRANTS = "migrants", _("people with a migration history")
    WOMEN = "women", _("women")
    DISABLED = "disabled", _("people with disabilities")
    UNEMPLOYED = "unemployed", _("unemployed people")
    PROFESSIONALS = "professionals", _("professionals and institutions")
    RESIDENTS = "residents", _("residents in general")


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")
    STOPPED = "stopped", _("stopped")


IMPACT_STEP_MEANINGS = {
    1: _("Output: the planned activities take place in the planned quantity and quality."),
    2: _("Output: the people the initiative is meant for actually take part."),
    3: _("Output: the target groups are satisfied with the offers and use them."),
    4: _("Outcome: participants know more, think differently or gain skills."),
    5: _("Outcome: participants act differently, e.g. get involved or use services."),
    6: _("Outcome: the living situation of the target groups improves."),
    7: _("Impact: the neighbourhood or society as a whole changes."),
}


#: What makes an initiative public, as a condition (``InitiativeQuerySet.public``).
PUBLIC_INITIATIVE = Q(is_published=True)


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        """Initiatives everybody sees (with their public fields only): the published ones."""
        return self.filter(PUBLIC_INITIATIVE)

    def active(self):
        """Planned and running initiatives (``workflow.INITIATIVE_STATES``)."""
        from veedel.initiatives.workflow import ACTIVE_STATUSES

        return self.filter(status__in=ACTIVE_STATUSES)

    def of_offices(self, office_ids):
        return self.filter(office_id__in=office_ids)

    def active_in_year(self, year: int):
        """Initiatives that ran at some time in ``year`` (no start: counted from creation)."""
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return self.filter(
            Q(start__lte=last) | Q(start__isnull=True, created__year__lte=year)
        ).filter(Q(end__isnull=True) | Q(end__gte=first))

    def visible_to(self, user):
        """Published initiatives, plus all of the user's offices, of the offices run by the
        user's provider, and all for the programme office (as initiatives.view_initiative)."""
        from veedel.core.predicates import (
            is_coordinator,
            is_provider_lead,
            manages_programme,
            office_ids_of,
        )

        if manages_programme(user):
            return self
        q = PUBLIC_INITIATIVE
        if is_coordinator(user) and (offices := office_ids_of(user)):
            q |= Q(office_id__in=offices)
        if is_provider_lead(user) and user.provider_id:
            q |= Q(office__provider_id=user.provider_id)
        return self.filter(q)


class Initiative(models.Model):
    """Vorhaben."""

    office = models.ForeignKey(
        "programme.CoordinationOffice",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("coordination office"),
    )
    social_space = models.ForeignKey(
        "areas.SocialSpace",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("social space"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    situation = models.ForeignKey(
        "guide.Situation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("starting situation"),
    )
    key_process = models.ForeignKey(
        "guide.KeyProcess",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("key process"),
    )
    goals = models.ManyToManyField(
        "programme.Goal", related_name="initiatives", verbose_name=_("goals"), blank=True
    )
    topics = models.ManyToManyField(
        "programme.Topic", related_name="initiatives", verbose_name=_("topics"), blank=True
    )
    actors = models.ManyToManyField(
        "network.Actor", related_name="initiatives", verbose_name=_("actors involved"), blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PLANNED,
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("The public sees title, summary, goals, area and status."),
    )
    is_example = models.BooleanField(_("example data"), default=False)
    internal_notes = models.TextField(_("internal notes"), blank=True)
    outcome_statement = models.TextField(_("outcome"), blank=True)
    outcome_step = models.PositiveSmallIntegerField(
        _("highest impact step reached"), choices=ImpactStep.choices, null=True, blank=True
    )
    outcome_evidence = models.TextField(_("evidence for the impact step"), blank=True)
    # Optimistic locking: a save names the version it started from (services.py).
    version = models.PositiveIntegerField(default=1, editable=False)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
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
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    #: What the public sees of a public initiative (besides its public actors and documents).
    PUBLIC_FIELDS = (
        "title",
        "summary",
        "goals",
        "topics",
        "social_space",
        "office",
        "status",
        "start",
        "end",
        "situation",
        "key_process",
        "is_example",
    )

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="initiative_end_not_before_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        """Seen by everybody (its public fields): published (``objects.public()``)."""
        return self.is_published

    def outcome_meaning(self) -> str:
        return IMPACT_STEP_MEANINGS.get(self.outcome_step, "")


class StepStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    SKIPPED = "skipped", _("skipped")


class InitiativeStep(models.Model):
    """One item of an initiative's checklist, usually copied from a process step."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="steps", verbose_name=_("initiative")
    )
    process_step = models.ForeignKey(
        "guide.ProcessStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process step"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    aim = models.TextField(_("aim"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.OPEN
    )
    skip_reason = models.TextField(_("reason for skipping"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    started = models.DateField(_("started"), null=True, blank=True)
    finished = models.DateField(_("finished"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Optimistic locking as on the initiative.
    version = models.PositiveIntegerField(default=1, editable=False)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    modified = models.DateTimeField(_("modified"), auto_now=True, null=True)

    class Meta:
        ordering = ["initiative", "order"]
        verbose_name = _("initiative step")
        verbose_name_plural = _("initiative steps")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "order"], name="unique_initiative_step_order"
            ),
            models.CheckConstraint(
                condition=~Q(status=StepStatus.SKIPPED) | ~Q(skip_reason=""),
                name="skipped_step_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(finished__isnull=True)
                | Q(started__isnull=True)
                | Q(finished__gte=F("started")),
                name="step_finished_not_before_started",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class ActivityKind(models.TextChoices):
    NETWORK_MEETING = "network_meeting", _("network meeting")
    EVENT = "event", _("event")
    COUNSELLING = "counselling", _("counselling")
    PUBLIC_RELATIONS = "public_relations", _("public relations")
    PROJECT_WORK = "project_work", _("project work")
    SURVEY = "survey", _("survey or inspection")
    TRAINING = "training", _("training")
    OTHER = "other", _("other")


class Activity(models.Model):
    """Aktivität: one entry of an initiative's activity log."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("initiative"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    participants_total = models.PositiveIntegerField(_("participants in total"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, default=0)
    goals = models.ManyToManyField(
        "programme.Goal", related_name="activities", verbose_name=_("goals served"), blank=True
    )
    impact_step = models.PositiveSmallIntegerField(
        _("impact step reached"), choices=ImpactStep.choices, null=True, blank=True
    )
    network_meeting = models.ForeignKey(
        "network.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("network meeting"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=0), name="activity_hours_not_negative")
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.title}"

    def impact_meaning(self) -> str:
        return IMPACT_STEP_MEANINGS.get(self.impact_step, "")


class ActivityParticipants(models.Model):
    """Participants of one target group at one activity."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("activity"),
    )
    target_group = models.CharField(_("target group"), max_length=30, choices=TargetGroup.choices)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        ordering = ["activity", "target_group"]
        verbose_name = _("participants by target group")
        verbose_name_plural = _("participants by target group")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "target_group"], name="unique_activity_target_group"
            )
        ]

    def __str__(self):
        return f"{self.get_target_group_display()}: {self.count}"


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents everybody may download: marked public, of a public initiative."""
        return self.filter(is_public=True, initiative__in=Initiative.objects.public())


class Document(models.Model):
    """A file kept with an initiative. Served only through a permission-checked view, as an
    attachment, never from a public media folder. ``is_public`` is the office's mark; whether
    everybody may download it is ``publicly_visible`` (the initiative must be public too)."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="documents", verbose_name=_("initiative")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="initiatives/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    is_public = models.BooleanField(_("public"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    @property
    def publicly_visible(self) -> bool:
        """Everybody may download it (as ``Document.objects.public()``)."""
        return self.is_public and self.initiative.is_public
