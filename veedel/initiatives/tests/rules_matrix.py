"""Rows of the permission matrix for the initiatives app (collected by veedel/tests/test_rules.py).

``MATRIX`` holds (permission, target, personas that hold it); ``make_target(kind, key)``
builds the object a row asks about, or returns NotImplemented for kinds it does not know.
Targets: ("initiative", (office slug, published?)) and ("initiative_step" | "activity" |
"document", (office slug, initiative published?[, document public?])).
"""

KALK = "kalk"
CHORWEILER = "blumenberg-chorweiler-seeberg-nord"
OTHER_PROVIDERS_OFFICE = "bickendorf-westend-ossendorf"

EVERYONE = {
    "anonymous",
    "bewohnerin",
    "koordination-kalk",
    "koordination-kalk-2",
    "koordination-chorweiler",
    "traeger",
    "geschaeftsstelle",
    "ratsmitglied",
    "admin",
}
PROGRAMME = {"geschaeftsstelle", "admin"}
# The administrator is a superuser and holds every permission (Django's ModelBackend).
ADMIN = {"admin"}
KALK_STAFF = {"koordination-kalk", "koordination-kalk-2"}
COORDINATORS = KALK_STAFF | {"koordination-chorweiler"}
WRITERS = KALK_STAFF | ADMIN
# Read everything of a Kalk initiative: its office, the Diakonie (runs Kalk), the programme.
READERS = KALK_STAFF | {"traeger"} | PROGRAMME

PUBLISHED = ("initiative", (KALK, True))
UNPUBLISHED = ("initiative", (KALK, False))

MATRIX: list = [
    ("initiatives.view_initiative", PUBLISHED, EVERYONE),
    ("initiatives.view_initiative", UNPUBLISHED, READERS),
    # The Diakonie also runs Chorweiler: its lead reads there too; Kalk's staff do not.
    (
        "initiatives.view_initiative",
        ("initiative", (CHORWEILER, False)),
        {"koordination-chorweiler", "traeger"} | PROGRAMME,
    ),
    ("initiatives.view_internals_of_initiative", PUBLISHED, READERS),
    ("initiatives.view_internals_of_initiative", UNPUBLISHED, READERS),
    # Asked without an initiative: whoever reads the internals of some (the CSV's columns).
    ("initiatives.view_internals_of_initiative", None, COORDINATORS | {"traeger"} | PROGRAMME),
    ("initiatives.export_activities_of_initiative", PUBLISHED, READERS),
    ("initiatives.add_initiative", None, COORDINATORS | ADMIN),
    # Asked about an office: its coordinators only.
    ("initiatives.add_initiative", ("office", KALK), WRITERS),
    # Only the coordinators of the responsible office change anything.
    ("initiatives.change_initiative", PUBLISHED, WRITERS),
    ("initiatives.change_initiative", UNPUBLISHED, WRITERS),
    ("initiatives.change_initiative", None, ADMIN),
    ("initiatives.change_initiativestep", ("initiative_step", (KALK, True)), WRITERS),
    ("initiatives.change_activity", ("activity", (KALK, True)), WRITERS),
    ("initiatives.delete_activity", ("activity", (KALK, True)), WRITERS),
    # Documents: public ones of a published initiative for everybody; otherwise the readers.
    ("initiatives.view_document", ("document", (KALK, True, True)), EVERYONE),
    ("initiatives.view_document", ("document", (KALK, True, False)), READERS),
    ("initiatives.view_document", ("document", (KALK, False, True)), READERS),
    ("initiatives.change_document", ("document", (KALK, True, False)), WRITERS),
    ("initiatives.delete_document", ("document", (KALK, True, True)), WRITERS),
]


def make_target(kind, key):
    if kind not in ("initiative", "initiative_step", "activity", "document"):
        return NotImplemented
    import datetime

    from veedel.initiatives.models import Activity, Document, InitiativeStep
    from veedel.initiatives.tests.factories import make_initiative

    slug, published, *rest = key
    initiative = make_initiative(office_slug=slug, process=False, published=published)
    if kind == "initiative":
        return initiative
    if kind == "initiative_step":
        return InitiativeStep.objects.create(initiative=initiative, order=1, title="Probe")
    if kind == "activity":
        return Activity.objects.create(
            initiative=initiative, date=datetime.date(2026, 3, 5), kind="event", title="Probe"
        )
    return Document.objects.create(
        initiative=initiative,
        title="Probe",
        file="initiatives/probe.pdf",
        original_name="probe.pdf",
        content_type="application/pdf",
        size=10,
        is_public=rest[0],
    )
