"""Writes on council papers: drafting a Mitteilung, files, proposing, editing and fixing its
Beratungsfolge, releasing and deleting (softly). Keyword-only, typed, one transaction each.
"""

from __future__ import annotations

import datetime
import hashlib
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from veedel.areas.models import Coverage, SocialSpace, SocialSpaceQuarter
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
    PaperType,
)
from veedel.programme.models import Programme, Topic

MAX_FILE_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = {".pdf", ".docx", ".odt", ".xlsx", ".ods", ".png", ".jpg", ".jpeg", ".txt"}


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


def _as_file(item) -> tuple[str, ContentFile]:
    if isinstance(item, tuple):
        name, content = item
        data = content if isinstance(content, bytes) else content.read()
    else:
        name = PurePath(item.name or "datei").name
        if hasattr(item, "seek"):
            item.seek(0)
        data = item.read()
    return PurePath(name).name, ContentFile(data, name=PurePath(name).name)


def _check_upload(name: str, size: int) -> None:
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of type “%(suffix)s” cannot be attached. Allowed: %(allowed)s.")
            % {"suffix": suffix or "?", "allowed": ", ".join(sorted(ALLOWED_EXTENSIONS))},
            code="file_type",
        )
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
            code="file_size",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")


def _store_file(
    *, paper: Paper, name: str, content: ContentFile, role: str, is_public: bool, title: str
) -> File:
    data = content.read()
    content.seek(0)
    _check_upload(name, len(data))
    return File.objects.create(
        paper=paper,
        role=role,
        name=title or PurePath(name).stem,
        file=content,
        file_name=name,
        mime_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        size=len(data),
        sha1_checksum=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
        date=timezone.localdate(),
        is_public=is_public,
    )


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
    reference of the body. The first of ``files`` becomes the main file."""
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
        is_draft=True,
    )
    paper.social_spaces.set(list(social_spaces))
    paper.topics.set(list(topics))
    for index, item in enumerate(files):
        name, content = _as_file(item)
        _store_file(
            paper=paper,
            name=name,
            content=content,
            role=FileRole.MAIN if index == 0 else FileRole.AUXILIARY,
            is_public=True,
            title="",
        )
    return paper


@transaction.atomic
def paper_update(*, paper: Paper, by, social_spaces=None, topics=None, **fields) -> Paper:
    """Change a paper's fields (and the areas and topics it concerns)."""
    _require(by, "council.change_paper", paper)
    for name, value in fields.items():
        setattr(paper, name, value)
    # As stored: a model form has already set the new values on the instance.
    stored = Paper.objects.filter(pk=paper.pk).values("is_draft", "is_public").first() or {}
    if stored.get("is_draft") is False and stored.get("is_public") and not paper.is_public:
        # OParl clients that fetched the paper would never learn of it: it would vanish from
        # the API without a tombstone. Deleting it withdraws it for them too.
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
    return paper


@transaction.atomic
def paper_release(*, paper: Paper, by) -> Paper:
    """Release a draft: from now on it is read according to ``is_public``."""
    _require(by, "council.change_paper", paper)
    paper.is_draft = False
    paper.save(update_fields=["is_draft", "modified"])
    return paper


@transaction.atomic
def paper_delete(*, paper: Paper, by) -> None:
    """Delete softly: the paper, its consultations, agenda items and files stay as tombstones
    for OParl clients (``deleted: true``)."""
    _require(by, "council.delete_paper", paper)
    now = timezone.now()
    Paper.objects.filter(pk=paper.pk).update(deleted=now, modified=now)
    consultations = Consultation.objects.filter(paper=paper, deleted=None)
    AgendaItem.objects.filter(consultation__in=consultations).update(deleted=now, modified=now)
    consultations.update(deleted=now, modified=now)
    File.objects.filter(paper=paper, deleted=None).update(deleted=now, modified=now)
    paper.refresh_from_db()


@transaction.atomic
def file_add(
    *, paper: Paper, upload, by, name: str = "", role: str = FileRole.AUXILIARY, is_public=True
) -> File:
    """Attach an uploaded file; a new main file replaces the old one (which becomes an
    attachment)."""
    _require(by, "council.change_paper", paper)
    file_name, content = _as_file(upload)
    if role == FileRole.MAIN:
        now = timezone.now()
        File.objects.filter(paper=paper, role=FileRole.MAIN, deleted=None).update(
            role=FileRole.AUXILIARY, modified=now
        )
    return _store_file(
        paper=paper, name=file_name, content=content, role=role, is_public=is_public, title=name
    )


@transaction.atomic
def file_delete(*, file: File, by) -> None:
    _require(by, "council.delete_file", file)
    now = timezone.now()
    File.objects.filter(pk=file.pk).update(deleted=now, modified=now)


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


def _check_open(paper: Paper, by) -> None:
    if paper.is_fixed:
        raise ValidationError(
            _("The sequence of consultation is fixed and can no longer be changed.")
        )
    _require(by, "council.change_consultations", paper)


def _renumber(paper: Paper) -> None:
    now = timezone.now()
    for index, consultation in enumerate(
        Consultation.objects.alive().filter(paper=paper).order_by("order", "pk"), start=1
    ):
        if consultation.order != index:
            Consultation.objects.filter(pk=consultation.pk).update(order=index, modified=now)


@transaction.atomic
def consultations_apply_proposal(*, paper: Paper, after: datetime.date, by) -> list[Step]:
    """Replace the (open) Beratungsfolge by the proposal; returns the proposal."""
    _check_open(paper, by)
    steps = consultations_propose(paper=paper, after=after)
    now = timezone.now()
    Consultation.objects.alive().filter(paper=paper).update(deleted=now, modified=now)
    role = _default_role(paper)
    Consultation.objects.bulk_create(
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
    return steps


@transaction.atomic
def consultation_add(
    *, paper: Paper, organization: Organization, meeting: Meeting | None, by, role: str = ""
) -> Consultation:
    _check_open(paper, by)
    _check_meeting(organization, meeting)
    highest = Consultation.objects.alive().filter(paper=paper).aggregate(m=Max("order"))["m"] or 0
    return Consultation.objects.create(
        paper=paper,
        organization=organization,
        meeting=meeting,
        order=highest + 1,
        role=role or _default_role(paper),
    )


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
    _check_open(consultation.paper, by)
    _check_meeting(consultation.organization, meeting)
    consultation.meeting = meeting
    consultation.role = role
    consultation.save(update_fields=["meeting", "role", "modified"])
    return consultation


@transaction.atomic
def consultation_remove(*, consultation: Consultation, by) -> None:
    _check_open(consultation.paper, by)
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(deleted=now, modified=now)
    _renumber(consultation.paper)


@transaction.atomic
def consultation_move(*, consultation: Consultation, by, up: bool) -> None:
    """Swap a consultation with its neighbour above (``up``) or below."""
    paper = consultation.paper
    _check_open(paper, by)
    _renumber(paper)
    steps = list(Consultation.objects.alive().filter(paper=paper).order_by("order", "pk"))
    index = next(i for i, c in enumerate(steps) if c.pk == consultation.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(steps):
        return
    now = timezone.now()
    first, second = steps[index], steps[other]
    Consultation.objects.filter(pk=first.pk).update(order=second.order, modified=now)
    Consultation.objects.filter(pk=second.pk).update(order=first.order, modified=now)


@transaction.atomic
def consultations_fix(*, paper: Paper, by) -> Paper:
    """Fix the Beratungsfolge: every step needs a session; each gets an agenda item at the
    end of its session's agenda. Afterwards nothing in the sequence can be changed."""
    _check_open(paper, by)
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
    paper.consultations_fixed = timezone.now()
    paper.save(update_fields=["consultations_fixed", "modified"])
    return paper
