"""Rows of the permission matrix for the reports app (collected by veedel/tests/test_rules.py).

``MATRIX`` holds (permission, target, personas that hold it); ``make_target(kind, key)``
builds the object a row asks about, or returns NotImplemented for kinds it does not know.
A report target is ``("report", (office slug or None for the programme report, status))``.
"""

KALK = "kalk"
OTHER = "bickendorf-westend-ossendorf"  # run by another provider than the Diakonie
PROGRAMME = {"geschaeftsstelle", "admin"}
KALK_STAFF = {"koordination-kalk", "koordination-kalk-2"}
COORDINATORS = KALK_STAFF | {"koordination-chorweiler"}
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

MATRIX: list = [
    ("reports.view_report", ("report", (KALK, "published")), EVERYONE),
    ("reports.view_report", ("report", (None, "published")), EVERYONE),
    ("reports.view_report", ("report", (KALK, "draft")), KALK_STAFF | {"traeger"} | PROGRAMME),
    ("reports.view_report", ("report", (KALK, "approved")), KALK_STAFF | {"traeger"} | PROGRAMME),
    ("reports.view_report", ("report", (OTHER, "draft")), PROGRAMME),
    ("reports.view_report", ("report", (None, "draft")), PROGRAMME),
    ("reports.generate_report", None, COORDINATORS | PROGRAMME),
    ("reports.generate_report", ("report", (KALK, "draft")), KALK_STAFF | {"admin"}),
    ("reports.generate_report", ("report", (None, "draft")), PROGRAMME),
    ("reports.change_report", None, {"admin"}),  # the superuser holds everything
    ("reports.change_report", ("report", (KALK, "draft")), KALK_STAFF | {"admin"}),
    ("reports.change_report", ("report", (None, "draft")), PROGRAMME),
    ("reports.approve_report", ("report", (KALK, "draft")), {"traeger", "admin"}),
    ("reports.approve_report", ("report", (OTHER, "draft")), {"admin"}),
    ("reports.approve_report", ("report", (None, "draft")), {"admin"}),
    ("reports.publish_report", ("report", (KALK, "approved")), PROGRAMME),
    ("reports.publish_report", ("report", (None, "draft")), PROGRAMME),
    ("reports.draft_paper_from_report", ("report", (KALK, "published")), PROGRAMME),
    ("reports.draft_paper_from_report", ("report", (None, "published")), PROGRAMME),
    ("reports.draft_paper_from_report", ("report", (None, "draft")), {"admin"}),
]


def make_target(kind, key):
    if kind != "report":
        return NotImplemented
    from veedel.programme.models import CoordinationOffice
    from veedel.reports.models import Report, ReportKind

    slug, status = key
    office = CoordinationOffice.objects.get(slug=slug) if slug else None
    return Report.objects.create(
        kind=ReportKind.OFFICE if office else ReportKind.PROGRAMME,
        office=office,
        year=2025,
        status=status,
    )
