"""Every permission × every persona (and the public), as listed in docs/roles.md.

The table below is the specification: one row per permission and object, one column per
persona. A new permission gets a new row here and in docs/roles.md.
"""

import importlib

import pytest
from django.contrib.auth.models import AnonymousUser

from veedel.accounts.models import Role, User
from veedel.accounts.services import user_set_role
from veedel.programme.models import CoordinationOffice, OfficeStaff, Provider

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
PERSONAS = (
    ANONYMOUS,
    "bewohnerin",
    "koordination-kalk",
    "koordination-kalk-2",
    "koordination-chorweiler",
    "traeger",
    "geschaeftsstelle",
    "ratsmitglied",
    "admin",
)

KALK = "kalk"
CHORWEILER = "blumenberg-chorweiler-seeberg-nord"
# Run by AWO, not by the Diakonie that runs Kalk (and Chorweiler).
OTHER_PROVIDERS_OFFICE = "bickendorf-westend-ossendorf"

# Who holds a permission; everyone else in PERSONAS must not.
PROGRAMME = {"geschaeftsstelle", "admin"}
ADMINS = {"admin"}
LOGGED_IN = set(PERSONAS) - {ANONYMOUS}

# (permission, object the rule is asked about, personas that hold it)
MATRIX = [
    (
        "programme.view_staff_of_coordinationoffice",
        ("office", KALK),
        {"koordination-kalk", "koordination-kalk-2", "traeger"} | PROGRAMME,
    ),
    (
        "programme.view_staff_of_coordinationoffice",
        ("office", CHORWEILER),
        # The Diakonie runs both offices, so its lead sees the staff of both.
        {"koordination-chorweiler", "traeger"} | PROGRAMME,
    ),
    ("programme.view_offices_of_provider", ("provider_of", KALK), {"traeger"} | PROGRAMME),
    ("programme.view_offices_of_provider", ("provider_of", OTHER_PROVIDERS_OFFICE), PROGRAMME),
    ("programme.view_offices_of_provider", ("provider", "Synagogen-Gemeinde Köln"), PROGRAMME),
    ("accounts.view_dashboard", None, LOGGED_IN),
    # App-level permissions: the admin asks for these before it lists an app.
    ("areas", None, PROGRAMME),
    ("programme", None, PROGRAMME),
    # The programme office looks up coordinators in the admin to bind them to offices.
    ("accounts", None, PROGRAMME),
]
AREAS_MODELS = [
    "district",
    "quarter",
    "neighbourhood",
    "socialspace",
    "socialspacequarter",
    "structurefigures",
]
PROGRAMME_MODELS = [
    "programme",
    "programmeperiod",
    "councildecision",
    "goal",
    "topic",
    "provider",
    "coordinationoffice",
    "officestaff",
]
for _action in ("view", "add", "change", "delete"):
    MATRIX += [(f"areas.{_action}_{m}", None, PROGRAMME) for m in AREAS_MODELS]
    MATRIX += [(f"programme.{_action}_{m}", None, PROGRAMME) for m in PROGRAMME_MODELS]
    MATRIX += [(f"accounts.{_action}_user", None, PROGRAMME if _action == "view" else ADMINS)]


# --- actors, contacts, networks, meetings, offers -----------------------------------------
KALK_STAFF = {"koordination-kalk", "koordination-kalk-2"}
COORDINATORS = KALK_STAFF | {"koordination-chorweiler"}
EVERYONE = set(PERSONAS)
MATRIX += [
    ("network.view_actor", ("actor", (KALK, True)), EVERYONE),
    ("network.view_actor", ("actor", (KALK, False)), KALK_STAFF | {"traeger"} | PROGRAMME),
    ("network.view_actor", ("actor", (OTHER_PROVIDERS_OFFICE, False)), PROGRAMME),
    ("network.add_actor", None, COORDINATORS | PROGRAMME),
    ("network.change_actor", ("actor", (KALK, True)), KALK_STAFF | PROGRAMME),
    ("network.delete_actor", ("actor", (KALK, True)), KALK_STAFF | PROGRAMME),
    ("network.add_contact", None, COORDINATORS | PROGRAMME),
    ("network.view_network", ("network", (KALK, True)), EVERYONE),
    ("network.view_network", ("network", (KALK, False)), KALK_STAFF | {"traeger"} | PROGRAMME),
    ("network.add_network", None, COORDINATORS | PROGRAMME),
    ("network.change_network", ("network", (KALK, True)), KALK_STAFF | PROGRAMME),
    ("network.delete_network", ("network", (KALK, True)), KALK_STAFF | PROGRAMME),
    ("network.view_meeting", ("meeting", (KALK, True, True)), EVERYONE),
    (
        "network.view_meeting",
        ("meeting", (KALK, True, False)),
        KALK_STAFF | {"traeger"} | PROGRAMME,
    ),
    (
        "network.view_meeting",
        ("meeting", (KALK, False, True)),
        KALK_STAFF | {"traeger"} | PROGRAMME,
    ),
    ("network.add_meeting", None, COORDINATORS | PROGRAMME),
    ("network.change_meeting", ("meeting", (KALK, True, True)), KALK_STAFF | PROGRAMME),
    ("network.delete_meeting", ("meeting", (KALK, True, True)), KALK_STAFF | PROGRAMME),
    ("network", None, PROGRAMME),
    ("offers.view_offer", ("offer", (KALK, True)), EVERYONE),
    ("offers.view_offer", ("offer", (KALK, False)), KALK_STAFF | PROGRAMME),
    ("offers.add_offer", None, COORDINATORS | PROGRAMME),
    ("offers.change_offer", ("offer", (KALK, True)), KALK_STAFF | PROGRAMME),
    ("offers.delete_offer", ("offer", (KALK, True)), KALK_STAFF | PROGRAMME),
    ("offers.import_offers", None, COORDINATORS | PROGRAMME),
    ("offers.view_stale_offers", None, COORDINATORS | PROGRAMME),
    ("offers", None, PROGRAMME),
]
for _action in ("view", "change", "delete", "export", "erase"):
    MATRIX += [(f"network.{_action}_contact", ("contact", KALK), KALK_STAFF | PROGRAMME)]
for _action in ("view", "add", "change", "delete"):
    MATRIX += [
        (f"network.{_action}_{m}", None, PROGRAMME) for m in ("networkmembership", "followuptask")
    ]
    MATRIX += [
        (f"offers.{_action}_{m}", None, PROGRAMME)
        for m in (
            "taxonomy",
            "taxonomyterm",
            "location",
            "serviceatlocation",
            "schedule",
            "event",
            "phone",
            "language",
            "offertext",
            "synonym",
        )
    ]

# Apps added later keep their rows in <app>/tests/rules_matrix.py (MATRIX and make_target).
APP_MATRICES = [
    importlib.import_module(f"veedel.{app}.tests.rules_matrix")
    for app in ("guide", "initiatives", "agreements", "reports", "council")
]
for _module in APP_MATRICES:
    MATRIX += _module.MATRIX

CASES = [
    pytest.param(perm, target, persona, persona in holders, id=f"{perm}-{target}-{persona}")
    for perm, target, holders in MATRIX
    for persona in PERSONAS
]


def _user(personas, name):
    return AnonymousUser() if name == ANONYMOUS else personas[name]


def _target(target):
    if target is None:
        return None
    kind, key = target
    for module in APP_MATRICES:
        made = module.make_target(kind, key)
        if made is not NotImplemented:
            return made
    if kind == "office":
        return CoordinationOffice.objects.get(slug=key)
    if kind == "provider_of":
        return CoordinationOffice.objects.get(slug=key).provider
    if kind in ("actor", "contact", "network", "meeting", "offer"):
        return _network_object(kind, key)
    return Provider.objects.get(name=key)


def _network_object(kind, key):
    """Create the object the row asks about, kept by the office named first in ``key``."""
    from veedel.areas.models import SocialSpace
    from veedel.network.models import Actor, Contact, Meeting, Network
    from veedel.offers.models import Offer

    slug, *flags = key if isinstance(key, tuple) else (key,)
    office = CoordinationOffice.objects.get(slug=slug)
    if kind == "actor":
        return Actor.objects.create(name="Probe", kind="club", office=office, is_public=flags[0])
    if kind == "contact":
        actor = Actor.objects.create(name="Probe", kind="club", office=office)
        return Contact.objects.create(
            actor=actor,
            office=office,
            name="Erika Probe",
            purpose="Einladungen",
            legal_basis="consent",
        )
    if kind == "offer":
        actor = Actor.objects.create(name="Probe", kind="club", office=office)
        return Offer.objects.create(
            organization=actor, office=office, name="Probe", is_published=flags[0]
        )
    network = Network.objects.create(
        name="Probe",
        slug=f"probe-{slug}",
        kind="arbeitskreis",
        office=office,
        social_space=SocialSpace.objects.current().filter(offices=office).first(),
        is_public=flags[0],
    )
    if kind == "network":
        return network
    return Meeting.objects.create(
        network=network, start="2026-03-05T17:00:00+01:00", is_public=flags[1]
    )


@pytest.mark.parametrize(("perm", "target", "persona", "expected"), CASES)
def test_permission_matrix(personas, perm, target, persona, expected):
    user = _user(personas, persona)
    obj = _target(target)
    assert user.has_perm(perm, obj) is expected
    if "." not in perm:  # app label: what the admin actually calls
        assert user.has_module_perms(perm) is expected


def test_matrix_covers_every_registered_permission():
    """A permission added in some rules.py without a row here fails this test."""
    from django.apps import apps
    from rules.permissions import permissions

    labels = {c.label for c in apps.get_app_configs() if c.name.startswith("veedel.")}
    known = {perm for perm, _target, _holders in MATRIX}
    ours = {name for name in permissions if name.split(".")[0] in labels}
    assert ours - known == set()


def test_demo_providers_are_as_the_matrix_assumes():
    kalk = CoordinationOffice.objects.get(slug=KALK)
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    other = CoordinationOffice.objects.get(slug=OTHER_PROVIDERS_OFFICE)
    assert kalk.provider_id == chorweiler.provider_id != other.provider_id
    assert not Provider.objects.get(name="Synagogen-Gemeinde Köln").offices.exists()


@pytest.mark.parametrize(
    ("perm", "obj_kind"),
    [
        ("programme.view_staff_of_coordinationoffice", "office"),
        ("programme.view_offices_of_provider", "provider"),
    ],
)
def test_object_permissions_are_false_without_an_object(personas, perm, obj_kind):
    """Asked without an object, only the programme office and admins hold them."""
    for name in PERSONAS:
        user = _user(personas, name)
        assert user.has_perm(perm) is (name in PROGRAMME), name


def test_inactive_users_hold_nothing(personas):
    kalk = CoordinationOffice.objects.get(slug=KALK)
    for name in ("koordination-kalk", "traeger", "geschaeftsstelle", "admin"):
        user = personas[name]
        user.is_active = False
        user.save(update_fields=["is_active"])
        user = User.objects.get(pk=user.pk)
        assert not user.has_perm("programme.view_staff_of_coordinationoffice", kalk), name
        assert not user.has_perm("programme.view_offices_of_provider", kalk.provider), name
        assert not user.has_perm("accounts.view_dashboard"), name
        assert not user.has_perm("areas.change_socialspace"), name
        assert not user.has_module_perms("programme"), name


def test_createsuperuser_makes_an_administrator(db):
    """createsuperuser (docs/deployment.md) gives the administrator role and every right."""
    user = User.objects.create_superuser("root", "root@example.org", "x-long-password-1")
    assert user.role == Role.ADMIN
    assert user.has_perm("accounts.change_user")
    assert user.has_perm("programme.view_offices_of_provider", Provider.objects.first())
    assert user.has_module_perms("accounts")


# --- user_set_role ------------------------------------------------------------------------


@pytest.fixture
def newcomer(db):
    return User.objects.create_user("neu", "neu@example.org", "x-long-password-1")


@pytest.mark.parametrize("offices", [None, []])
def test_a_coordinator_needs_an_office(newcomer, offices):
    with pytest.raises(ValueError, match="coordination office"):
        user_set_role(user=newcomer, role=Role.COORDINATOR, offices=offices)
    newcomer.refresh_from_db()
    assert newcomer.role == Role.RESIDENT
    assert not OfficeStaff.objects.filter(user=newcomer).exists()


def test_a_provider_lead_needs_a_provider(newcomer):
    with pytest.raises(ValueError, match="provider"):
        user_set_role(user=newcomer, role=Role.PROVIDER_LEAD)
    newcomer.refresh_from_db()
    assert newcomer.role == Role.RESIDENT
    assert newcomer.provider_id is None


def test_an_unknown_role_is_refused(newcomer):
    with pytest.raises(ValueError):
        user_set_role(user=newcomer, role="mayor")


@pytest.mark.parametrize("role", list(Role))
def test_only_programme_office_and_admin_open_the_admin(newcomer, role):
    kalk = CoordinationOffice.objects.get(slug=KALK)
    user_set_role(user=newcomer, role=role, offices=[kalk], provider=kalk.provider)
    newcomer.refresh_from_db()
    assert newcomer.role == role
    assert newcomer.is_staff is (role in (Role.PROGRAMME_OFFICE, Role.ADMIN))
    assert newcomer.is_superuser is (role == Role.ADMIN)
    # Bindings only for the roles that use them, even when more was passed.
    assert (newcomer.provider_id is not None) is (role == Role.PROVIDER_LEAD)
    bound = set(OfficeStaff.objects.filter(user=newcomer).values_list("office__slug", flat=True))
    assert bound == ({KALK} if role == Role.COORDINATOR else set())


def test_a_coordinator_made_resident_loses_the_office(personas):
    user = personas["koordination-kalk"]
    kalk = CoordinationOffice.objects.get(slug=KALK)
    assert user.has_perm("programme.view_staff_of_coordinationoffice", kalk)  # fills the cache

    user_set_role(user=user, role=Role.RESIDENT)

    assert not OfficeStaff.objects.filter(user=user).exists()
    # The same object answers with the new binding at once (the office cache is dropped) ...
    assert not user.has_perm("programme.view_staff_of_coordinationoffice", kalk)
    # ... and so does a fresh one.
    fresh = User.objects.get(pk=user.pk)
    assert fresh.role == Role.RESIDENT
    assert not fresh.has_perm("programme.view_staff_of_coordinationoffice", kalk)
    # The colleague keeps the office.
    assert OfficeStaff.objects.filter(office=kalk).count() == 1


def test_moving_a_coordinator_to_another_office_replaces_the_binding(personas):
    user = personas["koordination-kalk"]
    kalk = CoordinationOffice.objects.get(slug=KALK)
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    assert user.has_perm("programme.view_staff_of_coordinationoffice", kalk)

    user_set_role(user=user, role=Role.COORDINATOR, offices=[chorweiler])

    bound = set(OfficeStaff.objects.filter(user=user).values_list("office__slug", flat=True))
    assert bound == {CHORWEILER}
    assert not user.has_perm("programme.view_staff_of_coordinationoffice", kalk)
    assert user.has_perm("programme.view_staff_of_coordinationoffice", chorweiler)


def test_setting_the_same_offices_again_keeps_the_bindings(personas):
    user = personas["koordination-kalk"]
    kalk = CoordinationOffice.objects.get(slug=KALK)
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    before = OfficeStaff.objects.get(user=user, office=kalk).pk

    user_set_role(user=user, role=Role.COORDINATOR, offices=[kalk, chorweiler])
    user_set_role(user=user, role=Role.COORDINATOR, offices=[kalk, chorweiler])

    assert OfficeStaff.objects.filter(user=user).count() == 2
    assert OfficeStaff.objects.get(user=user, office=kalk).pk == before


def test_a_provider_lead_made_coordinator_loses_the_provider(personas):
    user = personas["traeger"]
    kalk = CoordinationOffice.objects.get(slug=KALK)
    assert user.has_perm("programme.view_offices_of_provider", kalk.provider)

    user_set_role(user=user, role=Role.COORDINATOR, offices=[kalk], provider=kalk.provider)

    user.refresh_from_db()
    assert user.provider_id is None
    assert not user.has_perm("programme.view_offices_of_provider", kalk.provider)
    assert user.has_perm("programme.view_staff_of_coordinationoffice", kalk)


def test_an_admin_made_programme_office_is_no_longer_superuser(personas):
    user = personas["admin"]
    user_set_role(user=user, role=Role.PROGRAMME_OFFICE)
    user = User.objects.get(pk=user.pk)
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("programme.change_coordinationoffice")
    assert not user.has_perm("accounts.change_user")
