"""Rows of the permission matrix for the council app (collected by veedel/tests/test_rules.py).

``MATRIX`` holds (permission, target, personas that hold it); ``make_target(kind, key)``
builds the object a row asks about, or returns NotImplemented for kinds it does not know.

Targets: ``("council_paper", (is_public, is_draft, is_fixed))`` and
``("council_file", (file_is_public, paper_is_public, paper_is_draft))``.
"""

PERSONAS = (
    "anonymous",
    "bewohnerin",
    "koordination-kalk",
    "koordination-kalk-2",
    "koordination-chorweiler",
    "traeger",
    "geschaeftsstelle",
    "ratsmitglied",
    "admin",
)
EVERYONE = set(PERSONAS)
PROGRAMME = {"geschaeftsstelle", "admin"}
READERS = PROGRAMME | {"ratsmitglied"}

PUBLIC = ("council_paper", (True, False, False))
NON_PUBLIC = ("council_paper", (False, False, False))
DRAFT = ("council_paper", (True, True, False))
FIXED = ("council_paper", (True, False, True))

MATRIX: list = [
    ("council.view_paper", PUBLIC, EVERYONE),
    ("council.view_paper", NON_PUBLIC, READERS),
    ("council.view_paper", DRAFT, PROGRAMME),
    ("council.view_nonpublic_part", PUBLIC, READERS),
    ("council.view_nonpublic_part", DRAFT, PROGRAMME),
    ("council.view_file", ("council_file", (True, True, False)), EVERYONE),
    ("council.view_file", ("council_file", (False, True, False)), READERS),
    ("council.view_file", ("council_file", (True, False, False)), READERS),
    ("council.view_file", ("council_file", (True, True, True)), PROGRAMME),
    ("council.view_draft_papers", None, PROGRAMME),
    ("council.view_nonpublic_papers", None, READERS),
    ("council.view_nonpublic_items", None, READERS),
    ("council.add_paper", None, PROGRAMME),
    ("council.change_paper", PUBLIC, PROGRAMME),
    ("council.change_paper", DRAFT, PROGRAMME),
    ("council.delete_paper", PUBLIC, PROGRAMME),
    ("council.change_consultations", PUBLIC, PROGRAMME),
    # Who may take a step; whether a fixed sequence allows it is the workflow's (workflow.py,
    # refused for everybody, see test_workflow.py).
    ("council.change_consultations", FIXED, PROGRAMME),
    ("council.add_file", None, PROGRAMME),
    ("council.delete_file", ("council_file", (True, True, False)), PROGRAMME),
    ("council", None, PROGRAMME),
]
for _action in ("view", "add", "change", "delete"):
    MATRIX += [
        (f"council.{_action}_{model}", None, PROGRAMME)
        for model in (
            "body",
            "legislativeterm",
            "location",
            "organization",
            "person",
            "meeting",
            "agendaitem",
            "consultation",
        )
    ]


def make_target(kind, key):
    if kind not in ("council_paper", "council_file"):
        return NotImplemented
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from veedel.council.models import File, Paper, PaperState
    from veedel.council.services import body_default, paper_next_reference

    body = body_default()
    if kind == "council_paper":
        is_public, is_draft, is_fixed = key
        file_public = None
    else:
        file_public, is_public, is_draft = key
        is_fixed = False
    paper = Paper.objects.create(
        body=body,
        reference=paper_next_reference(body=body, year=2012),
        title="Probe",
        date=datetime.date(2012, 3, 1),
        is_public=is_public,
        state=PaperState.DRAFT if is_draft else PaperState.RELEASED,
        released_at=None if is_draft else timezone.now(),
        consultations_fixed=timezone.now() if is_fixed else None,
    )
    if kind == "council_paper":
        return paper
    return File(
        paper=paper,
        name="Probe",
        file=ContentFile(b"x", name="probe.pdf"),
        file_name="probe.pdf",
        is_public=file_public,
    )
