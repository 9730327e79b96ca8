"""Writes on networks, their members, meetings and follow-up tasks.

The views check the permissions on the object before they call these; the functions check
again what would corrupt data (an office running the network's social space, members and
attendees who belong to the network) and raise ``PermissionDenied`` or ``ValueError``.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from veedel.network.models import (
    Actor,
    FollowUpTask,
    Meeting,
    MemberRole,
    Network,
    NetworkMembership,
    TaskStatus,
)

NETWORK_FIELDS = ("name", "kind", "social_space", "description", "is_public")
# Words used in the addresses under /netzwerke/ that a network's slug must not take.
RESERVED_SLUGS = {"neu"}
MEETING_FIELDS = (
    "start",
    "end",
    "place",
    "agenda",
    "is_public",
    "other_attendance",
    "minutes",
    "decisions",
)


@dataclass(frozen=True)
class TaskData:
    """One follow-up task as a form gives it; ``pk`` names an existing task of the meeting."""

    title: str
    responsible: str
    due: datetime.date | None = None
    status: str = TaskStatus.OPEN
    pk: int | None = None


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    max_length = Network._meta.get_field("slug").max_length
    base = (slugify(name) or "netzwerk")[: max_length - 8].strip("-") or "netzwerk"
    taken = set(
        Network.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    taken |= RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_space(office, social_space) -> None:
    if not office.social_spaces.filter(pk=social_space.pk).exists():
        raise ValueError(f"Office {office} does not work in {social_space}.")


@transaction.atomic
def network_create(*, office, data: dict, topics: Iterable = (), by) -> Network:
    """Create a network organised by ``office``; the slug is made from the name."""
    _require(by, "network.add_network")
    if not by.has_perm("network.change_network", Network(office=office)):
        raise PermissionDenied("network.change_network")
    _check_space(office, data["social_space"])
    network = Network(office=office, **{f: data[f] for f in NETWORK_FIELDS if f in data})
    network.slug = _unique_slug(network.name)
    network.full_clean(exclude=["calendar_token"])
    network.save()
    network.topics.set(topics)
    return network


@transaction.atomic
def network_update(*, network: Network, data: dict, topics: Iterable | None = None, by) -> Network:
    """Change a network's fields (the slug, and so its address, stays)."""
    _require(by, "network.change_network", network)
    for field in NETWORK_FIELDS:
        if field in data:
            setattr(network, field, data[field])
    _check_space(network.office, network.social_space)
    network.full_clean(exclude=["calendar_token"])
    network.save()
    if topics is not None:
        network.topics.set(topics)
    return network


@transaction.atomic
def network_renew_calendar_token(*, network: Network, by) -> Network:
    """Give the network a new secret calendar key: the old address of the full calendar stops
    working (for when it reached someone it should not have)."""
    _require(by, "network.change_network", network)
    network.calendar_token = secrets.token_urlsafe()
    network.save(update_fields=["calendar_token"])
    return network


def membership_set(
    *, network: Network, actor: Actor, role: str = MemberRole.MEMBER, by
) -> NetworkMembership:
    """Add ``actor`` to ``network`` with ``role``, or change the role of a member."""
    _require(by, "network.change_network", network)
    if role not in MemberRole.values:
        raise ValueError(f"Unknown role {role!r}.")
    membership, created = NetworkMembership.objects.get_or_create(
        network=network, actor=actor, defaults={"role": role}
    )
    if created:
        # A coordinator may add only actors they can see (public ones, their office's own).
        _require(by, "network.view_actor", actor)
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, network: Network, actor: Actor, by) -> bool:
    """Remove ``actor`` from ``network``; False when it was no member."""
    _require(by, "network.change_network", network)
    deleted, _ = NetworkMembership.objects.filter(network=network, actor=actor).delete()
    return bool(deleted)


def _save_tasks(meeting: Meeting, tasks: Iterable[TaskData]) -> None:
    """Make the meeting's tasks those in ``tasks``: update by pk, create new, delete the rest."""
    existing = {t.pk: t for t in meeting.tasks.all()}
    keep = set()
    for data in tasks:
        task = existing.get(data.pk) if data.pk is not None else None
        if data.pk is not None and task is None:
            raise ValueError(f"Task {data.pk} does not belong to this meeting.")
        task = task or FollowUpTask(meeting=meeting)
        task.title, task.responsible = data.title, data.responsible
        task.due, task.status = data.due, data.status
        task.full_clean()
        task.save()
        keep.add(task.pk)
    meeting.tasks.exclude(pk__in=keep).delete()


def _set_attendees(meeting: Meeting, attendees: Iterable[Actor]) -> None:
    attendees = list(attendees)
    members = set(meeting.network.memberships.values_list("actor_id", flat=True))
    already = set(meeting.attendees.values_list("pk", flat=True))
    strangers = [a for a in attendees if a.pk not in members and a.pk not in already]
    if strangers:
        raise ValueError(f"Not members of the network: {', '.join(map(str, strangers))}.")
    meeting.attendees.set(attendees)


@transaction.atomic
def meeting_create(
    *,
    network: Network,
    data: dict,
    attendees: Iterable[Actor] = (),
    tasks: Iterable[TaskData] = (),
    by,
) -> Meeting:
    """Record a meeting of ``network`` with its attendance and follow-up tasks."""
    _require(by, "network.add_meeting")
    _require(by, "network.change_network", network)
    meeting = Meeting(network=network, **{f: data[f] for f in MEETING_FIELDS if f in data})
    meeting.full_clean()
    meeting.save()
    _set_attendees(meeting, attendees)
    _save_tasks(meeting, tasks)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    data: dict,
    attendees: Iterable[Actor] | None = None,
    tasks: Iterable[TaskData] | None = None,
    by,
) -> Meeting:
    """Change a meeting; ``attendees`` and ``tasks``, when given, replace the current ones."""
    _require(by, "network.change_meeting", meeting)
    for field in MEETING_FIELDS:
        if field in data:
            setattr(meeting, field, data[field])
    meeting.full_clean()
    meeting.save()
    if attendees is not None:
        _set_attendees(meeting, attendees)
    if tasks is not None:
        _save_tasks(meeting, tasks)
    return meeting


def task_set_status(*, task: FollowUpTask, status: str, by) -> FollowUpTask:
    """Mark a follow-up task open, in progress or done."""
    _require(by, "network.change_meeting", task.meeting)
    if status not in TaskStatus.values:
        raise ValueError(f"Unknown status {status!r}.")
    if task.status != status:
        task.status = status
        task.save(update_fields=["status"])
    return task
