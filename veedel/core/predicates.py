"""Shared django-rules predicates: who someone is, and how they relate to an office or area.

The roles and what they may do are listed in docs/roles.md; each app's rules.py combines
these predicates into permissions named ``app.verb_model``.
"""

import rules

from veedel.core.roles import Role


def _has_role(role: str):
    @rules.predicate(name=f"is_{role}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role == role)

    return predicate


is_resident = _has_role(Role.RESIDENT)
is_coordinator = _has_role(Role.COORDINATOR)
is_provider_lead = _has_role(Role.PROVIDER_LEAD)
is_programme_office = _has_role(Role.PROGRAMME_OFFICE)
is_council_member = _has_role(Role.COUNCIL_MEMBER)


@rules.predicate
def is_admin(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.role == Role.ADMIN or user.is_superuser)
    )


is_logged_in = rules.is_authenticated & rules.is_active


def office_ids_of(user) -> set[int]:
    """The ids of the offices a coordinator works in; cached on the user object."""
    if not (user and user.is_authenticated):
        return set()
    cached = getattr(user, "_veedel_office_ids", None)
    if cached is None:
        cached = set(user.office_memberships.values_list("office_id", flat=True))
        user._veedel_office_ids = cached
    return cached


@rules.predicate
def is_staff_of_office(user, office) -> bool:
    return office is not None and is_coordinator(user) and office.pk in office_ids_of(user)


@rules.predicate
def is_lead_of_office_provider(user, office) -> bool:
    return (
        office is not None
        and is_provider_lead(user)
        and user.provider_id is not None
        and office.provider_id == user.provider_id
    )


@rules.predicate
def is_lead_of_provider(user, provider) -> bool:
    return provider is not None and is_provider_lead(user) and user.provider_id == provider.pk


manages_programme = is_programme_office | is_admin


def add_model_perms(app_label: str, models: list[str], predicate) -> None:
    """Give ``predicate`` the Django admin permissions (view/add/change/delete) on ``models``
    and on the app itself, which the admin asks for before it lists the app."""
    rules.add_perm(app_label, predicate)
    for model in models:
        for action in ("view", "add", "change", "delete"):
            rules.add_perm(f"{app_label}.{action}_{model}", predicate)


def office_predicate(get_office, name: str):
    """A predicate over an object that belongs to an office (``get_office(obj)``): true for the
    coordinators of that office."""

    @rules.predicate(name=name)
    def predicate(user, obj) -> bool:
        office_id = get_office(obj) if obj is not None else None
        return office_id is not None and is_coordinator(user) and office_id in office_ids_of(user)

    return predicate


def provider_predicate(get_provider_id, name: str):
    """True for the provider lead of the provider running the object's office."""

    @rules.predicate(name=name)
    def predicate(user, obj) -> bool:
        if obj is None or not is_provider_lead(user) or user.provider_id is None:
            return False
        return get_provider_id(obj) == user.provider_id

    return predicate


@rules.predicate
def works_in_an_office(user) -> bool:
    return is_coordinator(user) and bool(office_ids_of(user))
