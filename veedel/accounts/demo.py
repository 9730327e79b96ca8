"""The demo logins: one persona per role, as used in the demo and in the tests.

Names are invented; no real person appears in the demo data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from veedel.accounts.models import Role, User
from veedel.accounts.services import user_set_role
from veedel.programme.models import CoordinationOffice

DEMO_PASSWORD = "veedel-demo"


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str
    offices: tuple[str, ...] = ()
    provider_of_office: str = ""

    @property
    def email(self) -> str:
        return f"{self.username}@demo.veedel.example.org"


PERSONAS = (
    Persona("bewohnerin", "Rike", "Beispiel", Role.RESIDENT),
    Persona("koordination-kalk", "Kim", "Muster", Role.COORDINATOR, ("kalk",)),
    Persona("koordination-kalk-2", "Ali", "Exempel", Role.COORDINATOR, ("kalk",)),
    Persona(
        "koordination-chorweiler",
        "Sam",
        "Probe",
        Role.COORDINATOR,
        ("blumenberg-chorweiler-seeberg-nord",),
    ),
    Persona("traeger", "Jo", "Vorlage", Role.PROVIDER_LEAD, provider_of_office="kalk"),
    Persona("geschaeftsstelle", "Mika", "Testmann", Role.PROGRAMME_OFFICE),
    Persona("ratsmitglied", "Noa", "Entwurf", Role.COUNCIL_MEMBER),
    Persona("admin", "Robin", "Admin", Role.ADMIN),
)


def demo_users_create(*, password: str = DEMO_PASSWORD) -> dict[str, User]:
    """Create or reset the demo personas. Needs the area data (offices) to be loaded."""
    users = {}
    with transaction.atomic():
        for p in PERSONAS:
            user, _ = User.objects.get_or_create(username=p.username)
            user.first_name, user.last_name, user.email = p.first_name, p.last_name, p.email
            user.is_active = True
            user.set_password(password)
            user.save()
            offices = list(CoordinationOffice.objects.filter(slug__in=p.offices))
            if len(offices) != len(p.offices):
                raise LookupError(f"Offices {p.offices} not found: load the area data first.")
            provider = None
            if p.provider_of_office:
                provider = CoordinationOffice.objects.get(slug=p.provider_of_office).provider
            users[p.username] = user_set_role(
                user=user, role=p.role, offices=offices, provider=provider
            )
    return users
