"""Writes that concern users: roles, bindings to offices and providers."""

from __future__ import annotations

from django.db import transaction

from veedel.accounts.models import Role, User
from veedel.programme.models import CoordinationOffice, OfficeStaff, Provider

STAFF_ROLES = {Role.PROGRAMME_OFFICE, Role.ADMIN}


def apply_role_flags(user: User) -> None:
    """Derive the admin flags and the provider binding from the user's role (unsaved)."""
    user.is_staff = user.role in STAFF_ROLES
    user.is_superuser = user.role == Role.ADMIN
    if user.role != Role.PROVIDER_LEAD:
        user.provider = None


def user_set_role(
    *,
    user: User,
    role: str,
    offices: list[CoordinationOffice] | None = None,
    provider: Provider | None = None,
) -> User:
    """Give ``user`` a role and the bindings it needs.

    Coordinators work in one or more offices; a provider lead is bound to one provider. Only
    the programme office and administrators may open the admin (``is_staff``).
    """
    role = Role(role)
    if role == Role.COORDINATOR and not offices:
        raise ValueError("A coordinator must be bound to at least one coordination office.")
    if role == Role.PROVIDER_LEAD and provider is None:
        raise ValueError("A provider lead must be bound to a provider.")
    with transaction.atomic():
        user.role = role
        user.provider = provider
        apply_role_flags(user)
        user.save(update_fields=["role", "provider", "is_staff", "is_superuser"])
        wanted = {o.pk for o in offices or []} if role == Role.COORDINATOR else set()
        OfficeStaff.objects.filter(user=user).exclude(office_id__in=wanted).delete()
        existing = set(OfficeStaff.objects.filter(user=user).values_list("office_id", flat=True))
        OfficeStaff.objects.bulk_create(
            OfficeStaff(user=user, office_id=pk) for pk in sorted(wanted - existing)
        )
    user.__dict__.pop("_veedel_office_ids", None)
    return user
