"""Rows of the permission matrix for the agreements app (collected by veedel/tests/test_rules.py).

``MATRIX`` holds (permission, target, personas that hold it); ``make_target(kind, key)``
builds the object a row asks about, or returns NotImplemented for kinds it does not know.
The same rows are described in docs/roles.md, section "Target agreements".
"""

KALK = "kalk"
CHORWEILER = "blumenberg-chorweiler-seeberg-nord"
OTHER_PROVIDERS_OFFICE = "bickendorf-westend-ossendorf"

PROGRAMME = {"geschaeftsstelle", "admin"}
KALK_STAFF = {"koordination-kalk", "koordination-kalk-2"}
COORDINATORS = KALK_STAFF | {"koordination-chorweiler"}
LEAD = {"traeger"}  # Diakonie: runs Kalk and Chorweiler
COUNCIL = {"ratsmitglied"}

KIND = "zielvereinbarung"

MATRIX: list = [
    ("agreements.view_targetagreement", (KIND, (KALK, "draft")), KALK_STAFF | LEAD | PROGRAMME),
    ("agreements.view_targetagreement", (KIND, (KALK, "agreed")), KALK_STAFF | LEAD | PROGRAMME),
    # Council members read signed agreements only.
    (
        "agreements.view_targetagreement",
        (KIND, (KALK, "signed")),
        KALK_STAFF | LEAD | PROGRAMME | COUNCIL,
    ),
    (
        "agreements.view_targetagreement",
        (KIND, (KALK, "closed")),
        KALK_STAFF | LEAD | PROGRAMME | COUNCIL,
    ),
    (
        "agreements.view_targetagreement",
        (KIND, (CHORWEILER, "draft")),
        {"koordination-chorweiler"} | LEAD | PROGRAMME,
    ),
    ("agreements.view_targetagreement", (KIND, (OTHER_PROVIDERS_OFFICE, "draft")), PROGRAMME),
    ("agreements.view_targetagreement", None, PROGRAMME),
    ("agreements.list_agreements", None, COORDINATORS | LEAD | PROGRAMME | COUNCIL),
    ("agreements.add_targetagreement", None, COORDINATORS | PROGRAMME),
    # Starting an agreement for one office: its coordinators and the programme office.
    ("agreements.add_targetagreement", ("office", KALK), KALK_STAFF | PROGRAMME),
    (
        "agreements.add_targetagreement",
        ("office", CHORWEILER),
        {"koordination-chorweiler"} | PROGRAMME,
    ),
    ("agreements.change_targetagreement", (KIND, (KALK, "draft")), KALK_STAFF | PROGRAMME),
    ("agreements.change_targetagreement", (KIND, (KALK, "signed")), KALK_STAFF | PROGRAMME),
    ("agreements.propose_targetagreement", (KIND, (KALK, "draft")), KALK_STAFF | {"admin"}),
    ("agreements.decide_targetagreement", (KIND, (KALK, "proposed")), PROGRAMME),
    ("agreements.sign_targetagreement", (KIND, (KALK, "agreed")), KALK_STAFF | PROGRAMME),
    (
        "agreements.sign_targetagreement",
        (KIND, (CHORWEILER, "agreed")),
        {"koordination-chorweiler"} | PROGRAMME,
    ),
    # Without an agreement: whether the user is a party to agreements at all (the dashboard).
    ("agreements.sign_targetagreement", None, COORDINATORS | PROGRAMME),
    # Which party one signs for (workflow.party_of asks for the city first).
    ("agreements.sign_for_city", (KIND, (KALK, "agreed")), PROGRAMME),
    ("agreements.sign_for_office", (KIND, (KALK, "agreed")), KALK_STAFF | {"admin"}),
    ("agreements.close_targetagreement", (KIND, (KALK, "assessed")), PROGRAMME),
    ("agreements.bind_metric", (KIND, (KALK, "signed")), PROGRAMME),
    ("agreements.delete_targetagreement", None, PROGRAMME),
    ("agreements", None, PROGRAMME),
]
for _action in ("view", "add", "change", "delete"):
    MATRIX += [
        (f"agreements.{_action}_{m}", None, PROGRAMME)
        for m in ("target", "amendment", "amendmentchange", "agreementevent")
    ]


def make_target(kind, key):
    if kind != KIND:
        return NotImplemented
    from veedel.agreements.models import TargetAgreement
    from veedel.programme.models import CoordinationOffice

    slug, state = key
    return TargetAgreement.objects.create(
        office=CoordinationOffice.objects.get(slug=slug), year=2026, state=state
    )
