"""Writes on council papers: drafting a Mitteilung, files, proposing, editing and fixing its
Beratungsfolge, releasing and withdrawing (deleting softly). Keyword-only, typed, one
transaction each.

Every step asks the workflow table (workflow.py) first: who may take it and whether the
paper's state allows it. Every write reports what it changed to ``changes.py``, which moves the
``modified`` of everything that embeds it (for OParl clients) and makes the paper's document
again when what it shows has changed. Uploads pass the one upload policy
(``veedel/core/uploads.py``). The writes of the admin are in services_admin.py.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.areas.models import Coverage, SocialSpace, SocialSpaceQuarter
from veedel.core import uploads
from veedel.council import workflow
from veedel.council.changes import changed, paper_changed
from veedel.council.models import (
    REFERENCE_RE,
    AgendaItem,
    Body,
    Classification,
    Consultation,
    ConsultationRole,
    File,
    FileRole,
    Meeting,
    Organization,
    Paper,
    PaperState,
    PaperType,
)
from veedel.programme.models import Programme, Topic

#: What may be attached to a paper (the upload policy's kinds).
EXTENSIONS = ("pdf", "docx", "odt", "xlsx", "ods", "png", "jpg", "jpeg", "txt")


def _require(user, perm: str, obj=None) -> None:
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def body_default() -> Body:
    """The body papers belong to: the first one, or a new one named after the programme's
    city when there is none yet."""
    body = Body.objects.alive().order_by("pk").first()
    if body is None:
        programme = Programme.objects.order_by("pk").first()
        city = programme.city if programme else ""
        name = _("Council of the City of %(city)s") % {"city": city} if city else _("Council")
        body = Body.objects.create(name=name, short_name=city)
    return body


def paper_next_reference(*, body: Body, year: int) -> str:
    """The next free reference "NNNN/YYYY" of ``body`` in ``year`` (deleted papers keep
    theirs)."""
    highest = 0
    for reference in Paper.objects.filter(body=body, reference__endswith=f"/{year}").values_list(
        "reference", flat=True
    ):
        match = REFERENCE_RE.match(reference)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{highest + 1:04d}/{year}"


def _as_upload(item):
    """An upload, or ``(name, bytes)`` as the reports app passes its PDF, as a named file."""
    if isinstance(item, tuple):
        name, content = item
        data = content if isinstance(content, bytes) else content.read()
        return ContentFile(data, name=name)
    return item


def _write_upload(file: File, upload) -> None:
    """Check ``upload`` against the upload policy and put it into ``file`` (not saved):
    stored under a random name, with the type of the policy and its checksums."""
    kind = uploads.check_upload(upload, extensions=EXTENSIONS)
    upload.seek(0)
    data = upload.read()
    old_name = file.file.name if file.file else ""
    file.file.save(
        uploads.stored_name(uploads.extension_of(upload.name)), ContentFile(data), save=False
    )
    file.file_name = uploads.safe_filename(upload.name)
    file.mime_type = kind.content_type
    file.size = len(data)
    file.sha1_checksum = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    file.sha512_checksum = hashlib.sha512(data).hexdigest()
    file.date = timezone.localdate()
    if old_name:
        storage = file.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))


def _attach(*, paper: Paper, upload, name: str, is_public: bool) -> File:
    upload = _as_upload(upload)
    file = File(paper=paper, role=FileRole.AUXILIARY, is_public=is_public)
    _write_upload(file, upload)
    file.name = name.strip() or file.file_name.rsplit(".", 1)[0]
    file.save()
    return file


@transaction.atomic
def paper_draft_mitteilung(
    *,
    title: str,
    text: str,
    non_public_text: str = "",
    files: Iterable = (),
    social_spaces: Iterable[SocialSpace],
    topics: Iterable[Topic],
    department: str,
    by,
) -> Paper:
    """A new Mitteilung as a draft (seen by the programme office only), with the next free
    reference of the body and its document (the public part as PDF, its main file).
    ``files`` (uploads, or ``(name, bytes)``) become its attachments."""
    _require(by, "council.add_paper")
    if not title.strip():
        raise ValidationError({"title": _("A paper needs a title.")})
    body = body_default()
    today = timezone.localdate()
    paper = Paper.objects.create(
        body=body,
        reference=paper_next_reference(body=body, year=today.year),
        paper_type=PaperType.MITTEILUNG,
        title=title.strip(),
        date=today,
        text=text,
        non_public_text=non_public_text,
        department=department,
        is_public=True,
        state=PaperState.DRAFT,
    )
    paper.social_spaces.set(list(social_spaces))
    paper.topics.set(list(topics))
    for item in files:
        _attach(paper=paper, upload=item, name="", is_public=True)
    paper_changed(paper)
    return paper


@transaction.atomic
def paper_update(*, paper: Paper, by, social_spaces=None, topics=None, **fields) -> Paper:
    """Change a paper's fields (and the areas and topics it concerns)."""
    workflow.check("edit", by, paper)
    # As stored: a model form has already set the new values on the instance.
    stored = Paper.objects.get(pk=paper.pk)
    for name, value in fields.items():
        setattr(paper, name, value)
    if stored.publicly_visible and not paper.is_public:
        # OParl clients that fetched the paper would see it vanish. Deleting it withdraws
        # it for them too, with a tombstone.
        raise ValidationError(
            {
                "is_public": _(
                    "A released public paper cannot be made non-public. Delete it (OParl "
                    "clients are then told it was withdrawn) and create a new paper."
                )
            }
        )
    paper.full_clean()
    paper.save()
    if social_spaces is not None:
        paper.social_spaces.set(list(social_spaces))
    if topics is not None:
        paper.topics.set(list(topics))
    paper_changed(paper, visibility=stored.publicly_visible != paper.publicly_visible)
    return paper


@transaction.atomic
def paper_release(*, paper: Paper, by) -> Paper:
    """Release a draft: from now on it is read according to ``is_public``."""
    step = workflow.check("release", by, paper)
    paper.state = step.to_state
    paper.released_at = timezone.now()
    paper.save(update_fields=["state", "released_at", "modified"])
    paper_changed(paper, visibility=True)
    return paper


@transaction.atomic
def paper_delete(*, paper: Paper, by) -> None:
    """Withdraw a paper: it is deleted softly, with its consultations, their agenda items and
    its files; OParl clients are told (``deleted: true``)."""
    step = workflow.check("withdraw", by, paper)
    now = timezone.now()
    consultations = Consultation.objects.filter(paper=paper, deleted=None)
    items = AgendaItem.objects.filter(consultation__in=consultations, deleted=None)
    files = File.objects.filter(paper=paper, deleted=None)
    items.update(deleted=now)
    consultations.update(deleted=now)
    files.update(deleted=now)
    Paper.objects.filter(pk=paper.pk).update(state=step.to_state, deleted=now)
    paper.refresh_from_db()
    # Its consultations, their agenda items (and so their sessions) and its files move too.
    changed(paper, visibility=True, now=now)


@transaction.atomic
def file_add(*, paper: Paper, upload, by, name: str = "", is_public: bool = True) -> File:
    """Attach an uploaded file to a paper (its main file is its own document)."""
    workflow.check("add_file", by, paper)
    file = _attach(paper=paper, upload=upload, name=name, is_public=is_public)
    changed(file)
    return file


def _not_the_document(file: File) -> None:
    if file.role == FileRole.MAIN:
        raise ValidationError(
            _("The paper's own document is made by Veedel from the paper; edit the paper instead.")
        )


@transaction.atomic
def file_replace(*, file: File, upload, by) -> File:
    """Put a new version of an attachment in its place (same file, new content)."""
    workflow.check("add_file", by, file.paper)
    _not_the_document(file)
    _write_upload(file, _as_upload(upload))
    file.save()
    changed(file)
    return file


@transaction.atomic
def file_delete(*, file: File, by) -> None:
    workflow.check("remove_file", by, file.paper)
    _not_the_document(file)
    File.objects.filter(pk=file.pk).update(deleted=timezone.now())
    file.refresh_from_db()
    changed(file)


# --- the Beratungsfolge -------------------------------------------------------------------


def name_key(name: str) -> str:
    """Sort key for names: case and umlauts folded (ä → a, ß → ss)."""
    folded = name.casefold()
    for source, target in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss")):
        folded = folded.replace(source, target)
    return folded


@dataclass(frozen=True)
class Step:
    """One proposed consultation: an organisation at its next session (None: no session
    scheduled)."""

    organization: Organization
    meeting: Meeting | None

    @property
    def day(self) -> datetime.date | None:
        return self.meeting.local_date if self.meeting else None


def _concerned_organizations(paper: Paper) -> list[Organization]:
    districts = (
        SocialSpaceQuarter.objects.filter(social_space__in=paper.social_spaces.all())
        .exclude(coverage=Coverage.UNCERTAIN)
        .values("quarter__district")
    )
    district_councils = Organization.objects.alive().filter(
        body=paper.body,
        classification=Classification.BEZIRKSVERTRETUNG,
        district__in=districts,
    )
    committees = Organization.objects.alive().filter(body=paper.body, topics__in=paper.topics.all())
    return list((district_councils | committees).distinct())


def consultations_propose(*, paper: Paper, after: datetime.date) -> list[Step]:
    """The proposed Beratungsfolge: the Bezirksvertretung of every district that holds a
    concerned social space (through the space's quarters; quarters whose membership is not
    confirmed do not count) and the committees responsible for the concerned topics, each at
    its next session on or after ``after`` that is not cancelled; ordered by the session's
    date, then by the organisation's name. Organisations without a next session come last
    (by name), with ``meeting=None``. Nothing is written."""
    organizations = _concerned_organizations(paper)
    next_meeting: dict[int, Meeting] = {}
    upcoming = (
        Meeting.objects.upcoming_from(after)
        .filter(organization__in=organizations)
        .order_by("organization_id", "start", "pk")
    )
    for meeting in upcoming:
        next_meeting.setdefault(meeting.organization_id, meeting)
    steps = [Step(org, next_meeting.get(org.pk)) for org in organizations]
    for step in steps:
        if step.meeting is not None:
            step.meeting.organization = step.organization
    return sorted(
        steps,
        key=lambda s: (
            s.meeting is None,
            s.day or datetime.date.max,
            name_key(s.organization.name),
        ),
    )


def _default_role(paper: Paper) -> str:
    if paper.paper_type == PaperType.MITTEILUNG:
        return ConsultationRole.KENNTNISNAHME
    return ConsultationRole.VORBERATUNG


def _renumber(paper: Paper) -> list[Consultation]:
    """Number the steps 1, 2, … again; returns those whose number changed."""
    moved = []
    for index, consultation in enumerate(
        Consultation.objects.alive().filter(paper=paper).order_by("order", "pk"), start=1
    ):
        if consultation.order != index:
            Consultation.objects.filter(pk=consultation.pk).update(order=index)
            moved.append(consultation)
    return moved


def _sequence_changed(paper: Paper, *consultations) -> None:
    """The Beratungsfolge of ``paper`` changed (``consultations``: the steps written)."""
    changed(*consultations)
    paper_changed(paper)


@transaction.atomic
def consultations_apply_proposal(*, paper: Paper, after: datetime.date, by) -> list[Step]:
    """Replace the (open) Beratungsfolge by the proposal; returns the proposal."""
    workflow.check("edit_sequence", by, paper)
    steps = consultations_propose(paper=paper, after=after)
    old = Consultation.objects.alive().filter(paper=paper)
    old_pks = list(old.values_list("pk", flat=True))
    old.update(deleted=timezone.now())
    role = _default_role(paper)
    new = Consultation.objects.bulk_create(
        [
            Consultation(
                paper=paper,
                organization=step.organization,
                meeting=step.meeting,
                order=index,
                role=role,
            )
            for index, step in enumerate(steps, start=1)
        ]
    )
    _sequence_changed(
        paper,
        Consultation.objects.filter(pk__in=old_pks),
        Consultation.objects.filter(pk__in=[c.pk for c in new]),
    )
    return steps


@transaction.atomic
def consultation_add(
    *, paper: Paper, organization: Organization, meeting: Meeting | None, by, role: str = ""
) -> Consultation:
    workflow.check("edit_sequence", by, paper)
    _check_meeting(organization, meeting)
    highest = Consultation.objects.alive().filter(paper=paper).aggregate(m=Max("order"))["m"] or 0
    consultation = Consultation.objects.create(
        paper=paper,
        organization=organization,
        meeting=meeting,
        order=highest + 1,
        role=role or _default_role(paper),
    )
    _sequence_changed(paper, consultation)
    return consultation


def _check_meeting(organization: Organization, meeting: Meeting | None) -> None:
    if meeting is not None and meeting.organization_id != organization.pk:
        raise ValidationError(
            {"meeting": _("The session must be one of %(name)s.") % {"name": organization.name}}
        )
    if meeting is not None and meeting.cancelled:
        raise ValidationError({"meeting": _("This session is cancelled.")})


@transaction.atomic
def consultation_change(
    *, consultation: Consultation, by, meeting: Meeting | None, role: str
) -> Consultation:
    workflow.check("edit_sequence", by, consultation.paper)
    _check_meeting(consultation.organization, meeting)
    consultation.meeting = meeting
    consultation.role = role
    consultation.save(update_fields=["meeting", "role", "modified"])
    _sequence_changed(consultation.paper, consultation)
    return consultation


@transaction.atomic
def consultation_remove(*, consultation: Consultation, by) -> None:
    paper = consultation.paper
    workflow.check("edit_sequence", by, paper)
    Consultation.objects.filter(pk=consultation.pk).update(deleted=timezone.now())
    _sequence_changed(paper, consultation, *_renumber(paper))


@transaction.atomic
def consultation_move(*, consultation: Consultation, by, up: bool) -> None:
    """Swap a consultation with its neighbour above (``up``) or below."""
    paper = consultation.paper
    workflow.check("edit_sequence", by, paper)
    renumbered = _renumber(paper)
    steps = list(Consultation.objects.alive().filter(paper=paper).order_by("order", "pk"))
    index = next(i for i, c in enumerate(steps) if c.pk == consultation.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(steps):
        if renumbered:
            _sequence_changed(paper, *renumbered)
        return
    first, second = steps[index], steps[other]
    Consultation.objects.filter(pk=first.pk).update(order=second.order)
    Consultation.objects.filter(pk=second.pk).update(order=first.order)
    _sequence_changed(paper, first, second, *renumbered)


@transaction.atomic
def consultations_fix(*, paper: Paper, by) -> Paper:
    """Fix the Beratungsfolge: every step needs a session; each gets an agenda item at the
    end of its session's agenda. Afterwards nothing in the sequence can be changed."""
    workflow.check("fix_sequence", by, paper)
    steps = list(
        Consultation.objects.alive().filter(paper=paper).select_related("organization", "meeting")
    )
    if not steps:
        raise ValidationError(_("Add at least one body before fixing the sequence."))
    missing = [c.organization.name for c in steps if c.meeting is None]
    if missing:
        raise ValidationError(
            _("No session chosen for: %(names)s. Choose one or remove the body.")
            % {"names": ", ".join(missing)}
        )
    public = paper.is_public
    items = []
    for consultation in steps:
        last = (
            AgendaItem.objects.alive()
            .filter(meeting=consultation.meeting)
            .aggregate(m=Max("order"))["m"]
            or 0
        )
        item = AgendaItem.objects.create(
            meeting=consultation.meeting,
            order=last + 1,
            number=str(last + 1),
            name=f"{paper.title} ({paper.paper_type} {paper.reference})",
            public=public,
        )
        consultation.agenda_item = item
        consultation.save(update_fields=["agenda_item", "modified"])
        items.append(item)
    paper.consultations_fixed = timezone.now()
    paper.save(update_fields=["consultations_fixed", "modified"])
    changed(*items, *steps)
    paper_changed(paper)
    return paper
