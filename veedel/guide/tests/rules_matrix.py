"""Rows of the permission matrix for the guide app (collected by veedel/tests/test_rules.py).

``MATRIX`` holds (permission, target, personas that hold it); ``make_target(kind, key)``
builds the object a row asks about, or returns NotImplemented for kinds it does not know.
Targets: ("guide_edition", "published" | "draft") and ("guide_<model>", "published" | "draft")
for a situation, key process, step or method in such an edition.
"""

PERSONAS = {
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
# Django's ModelBackend grants every permission to a superuser (the admin persona), whatever the
# rules say; the guide's pages, services and admin refuse changes to a published edition anyway.
SUPERUSER_ONLY = {"admin"}

PUBLISHED = ("guide_edition", "published")
DRAFT = ("guide_edition", "draft")
CONTENT = ("situation", "keyprocess", "processstep", "method")

MATRIX: list = [
    ("guide.view_edition", PUBLISHED, PERSONAS),
    ("guide.view_edition", DRAFT, PROGRAMME),
    ("guide.add_edition", None, PROGRAMME),
    # A published edition is read-only: it is copied into a new draft.
    ("guide.change_edition", DRAFT, PROGRAMME),
    ("guide.change_edition", PUBLISHED, SUPERUSER_ONLY),
    ("guide.change_edition", None, PROGRAMME),
    ("guide.delete_edition", DRAFT, PROGRAMME),
    ("guide.delete_edition", PUBLISHED, SUPERUSER_ONLY),
    ("guide.publish_edition", DRAFT, PROGRAMME),
    ("guide.publish_edition", PUBLISHED, SUPERUSER_ONLY),
    # App in the admin.
    ("guide", None, PROGRAMME),
]
for _model in CONTENT:
    MATRIX += [
        (f"guide.view_{_model}", None, PROGRAMME),
        (f"guide.view_{_model}", (f"guide_{_model}", "published"), PROGRAMME),
    ]
    for _action in ("add", "change", "delete"):
        MATRIX += [
            (f"guide.{_action}_{_model}", None, PROGRAMME),
            (f"guide.{_action}_{_model}", (f"guide_{_model}", "draft"), PROGRAMME),
            (f"guide.{_action}_{_model}", (f"guide_{_model}", "published"), SUPERUSER_ONLY),
        ]


def make_target(kind, key):
    if not kind.startswith("guide_"):
        return NotImplemented
    from veedel.guide.tests.factories import edition_make

    edition = edition_make(published=key == "published", situations=1, processes=1, steps=1)
    model = kind.removeprefix("guide_")
    if model == "edition":
        return edition
    if model == "situation":
        return edition.situations.get()
    if model == "keyprocess":
        return edition.key_processes.get()
    if model == "method":
        return edition.methods.first()
    if model == "processstep":
        return edition.key_processes.get().steps.get()
    return NotImplemented
