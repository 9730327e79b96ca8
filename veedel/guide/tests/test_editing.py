"""Editing the guide in the browser (test client): copy, edit, reorder, publish; who may; and
forms that say what is wrong."""

import re

import pytest
from django.urls import reverse

from veedel.guide.models import Edition, KeyProcess, Method, ProcessStep, Situation
from veedel.guide.tests.factories import edition_make, german
from veedel.programme.models import Goal, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return edition_make(title="Leitfaden 2020", slug="leitfaden-2020", year=2020)


@pytest.fixture
def draft():
    return edition_make(title="Entwurf", slug="entwurf", year=2026, published=False)


@pytest.fixture
def office(login):
    return login("geschaeftsstelle")


def text(response) -> str:
    return response.content.decode()


def test_office_copies_edits_and_publishes_an_edition(office, published):
    # Copy the published edition into a new draft.
    response = office.post(
        reverse("guide:edition_copy", args=[published.slug]),
        {"title": "Leitfaden 2026", "year": "2026"},
    )
    copy = Edition.objects.get(title="Leitfaden 2026")
    assert response.status_code == 302
    assert response["Location"] == reverse("guide:edit", args=[copy.slug])
    assert copy.based_on == published and not copy.is_published
    overview = text(office.get(response["Location"]))
    assert "Ausgangssituation 3" in overview and "Schlüsselprozess 2" in overview
    assert published.get_absolute_url() in overview

    # Change title and introduction.
    office.post(
        reverse("guide:edition_edit", args=[copy.slug]),
        {"title": "Leitfaden 2026", "year": "2026", "introduction": "Neu überarbeitet."},
    )
    copy.refresh_from_db()
    assert copy.introduction == "Neu überarbeitet."

    # Add a situation linked to a key process, a goal and a topic.
    process = copy.key_processes.get(slug="schluesselprozess-2")
    goal = Goal.objects.get(slug="partizipation")
    topic = Topic.objects.get(slug="wohnen")
    response = office.post(
        reverse("guide:situation_add", args=[copy.slug]),
        {
            "title": "Leerstand im Quartier",
            "description": "Viele Ladenlokale stehen leer.",
            "signs": "Leere Schaufenster\nWenig Laufkundschaft",
            "goals": [goal.pk],
            "topics": [topic.pk],
            "key_processes": [process.pk],
        },
    )
    situation = copy.situations.get(slug="leerstand-im-quartier")
    assert response["Location"] == reverse("guide:situation", args=[copy.slug, situation.slug])
    assert list(situation.key_processes.all()) == [process]
    page = text(office.get(response["Location"]))
    assert "<li>Leere Schaufenster</li>" in page and process.get_absolute_url() in page

    # Edit a step and link another method; the original edition keeps its step.
    step = process.steps.get(order=2)
    method = copy.methods.get(slug="methode-1")
    response = office.post(
        reverse("guide:step_edit", args=[copy.slug, process.slug, step.pk]),
        {
            "title": "Bestandsaufnahme mit Begehung",
            "aim": "Überblick gewinnen",
            "methods": [method.pk],
        },
    )
    assert response["Location"].endswith("#schritt-2")
    step.refresh_from_db()
    assert step.title == "Bestandsaufnahme mit Begehung"
    assert list(step.methods.all()) == [method]
    original = ProcessStep.objects.get(
        key_process__edition=published, key_process__slug=process.slug, order=2
    )
    assert original.title == "Schritt 2 von Schlüsselprozess 2"

    # Move the step up.
    office.post(
        reverse("guide:step_move", args=[copy.slug, process.slug, step.pk]), {"richtung": "hoch"}
    )
    step.refresh_from_db()
    assert step.order == 1

    # Publish: the copy becomes the current edition.
    response = office.post(reverse("guide:edition_publish", args=[copy.slug]))
    assert response["Location"] == copy.get_absolute_url()
    copy.refresh_from_db()
    assert copy.is_published
    assert Edition.objects.current() == copy
    current = text(office.get(reverse("guide:current")))
    assert "Leitfaden 2026" in current and "Neu überarbeitet." in current


def test_a_published_edition_is_refused_with_the_hint_to_copy_it(office, published):
    for name, args in [
        ("edit", [published.slug]),
        ("edition_edit", [published.slug]),
        ("situation_add", [published.slug]),
        ("process_edit", [published.slug, "schluesselprozess-1"]),
        ("method_delete", [published.slug, "methode-1"]),
    ]:
        response = office.get(reverse(f"guide:{name}", args=args), follow=True)
        assert response.redirect_chain[-1][0] == published.get_absolute_url(), name
        page = text(response)
        refusal = german(
            "“%(edition)s” is published and cannot be changed. Copy it into a new draft.",
            edition=published.title,
        )
        assert refusal in page
        assert reverse("guide:edition_copy", args=[published.slug]) in page
    # A POST changes nothing either.
    office.post(
        reverse("guide:situation_edit", args=[published.slug, "ausgangssituation-1"]),
        {"title": "Überschrieben", "description": "x"},
    )
    assert not Situation.objects.filter(title="Überschrieben").exists()


def test_the_administrator_cannot_change_a_published_edition_either(login, published):
    client = login("admin")
    url = reverse("guide:situation_edit", args=[published.slug, "ausgangssituation-1"])
    response = client.post(url, {"title": "Überschrieben", "description": "x"})
    assert response.status_code == 302
    assert not Situation.objects.filter(title="Überschrieben").exists()
    assert german("Edit the situation") not in text(
        client.get(reverse("guide:situation", args=[published.slug, "ausgangssituation-1"]))
    )


def test_publishing_an_empty_draft_is_refused_with_the_reason(office):
    empty = edition_make(published=False, situations=0, processes=0, slug="leer")
    response = office.post(reverse("guide:edition_publish", args=[empty.slug]), follow=True)
    page = text(response)
    missing = (
        german("at least one situation") + german(" and ") + german("at least one key process")
    )
    reason = german(
        "“%(edition)s” cannot be published yet: it needs %(missing)s.",
        edition=empty.title,
        missing=missing,
    )
    assert reason in page
    empty.refresh_from_db()
    assert not empty.is_published


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bewohnerin", 404), ("koordination-kalk", 404), ("ratsmitglied", 404), ("traeger", 404)],
)
def test_others_cannot_even_see_the_edit_pages_of_a_draft(login, draft, persona, status):
    client = login(persona)
    assert client.get(reverse("guide:edit", args=[draft.slug])).status_code == status
    response = client.post(reverse("guide:edition_publish", args=[draft.slug]))
    assert response.status_code == status
    draft.refresh_from_db()
    assert not draft.is_published


def test_others_get_403_on_a_published_edition_and_anonymous_must_log_in(client, login, published):
    url = reverse("guide:edition_copy", args=[published.slug])
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.get(reverse("guide:edition_add")).status_code == 302
    coordinator = login("koordination-kalk")
    assert coordinator.get(url).status_code == 403
    assert coordinator.get(reverse("guide:edit", args=[published.slug])).status_code == 403
    assert coordinator.post(url, {"title": "x", "year": 2026}).status_code == 403
    assert Edition.objects.count() == 1


def test_a_new_empty_edition(office):
    response = office.post(
        reverse("guide:edition_add"), {"title": "Handbuch", "year": "2022", "introduction": ""}
    )
    edition = Edition.objects.get(slug="handbuch")
    assert response["Location"] == reverse("guide:edit", args=["handbuch"])
    assert edition.year == 2022 and not edition.is_published


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "", "year": "2026"}, "title", "This field is required."),
        ({"title": "Leitfaden", "year": "zwanzig"}, "year", "Enter a whole number."),
        (
            {"title": "Leitfaden", "year": "1850"},
            "year",
            "Enter a year between %(min)d and %(max)d.",
        ),
    ],
)
def test_the_copy_form_says_what_is_wrong(office, published, data, field, message):
    response = office.post(reverse("guide:edition_copy", args=[published.slug]), data)
    assert response.status_code == 200
    page = text(response)
    assert german("Please correct the fields marked below.") in page
    expected = german(message, min=2000, max=2100) if "%" in message else german(message)
    assert expected in page
    assert f'id="id_{field}_error"' in page or f'aria-describedby="id_{field}_error' in page
    assert Edition.objects.count() == 1


def test_situation_form_errors_and_foreign_links(office, draft, published):
    url = reverse("guide:situation_add", args=[draft.slug])
    response = office.post(url, {"title": "", "description": ""})
    page = text(response)
    assert response.status_code == 200 and page.count(german("This field is required.")) == 2
    # A key process of another edition is not a valid choice.
    foreign = published.key_processes.first()
    response = office.post(url, {"title": "Neu", "description": "x", "key_processes": [foreign.pk]})
    assert response.status_code == 200
    assert german(
        "Select a valid choice. %(value)s is not one of the available choices.", value=foreign.pk
    ) in text(response)
    assert not draft.situations.filter(title="Neu").exists()


def test_step_form_offers_only_methods_of_the_edition(office, draft, published):
    process = draft.key_processes.first()
    page = text(office.get(reverse("guide:step_add", args=[draft.slug, process.slug])))
    own = draft.methods.first()
    foreign = published.methods.first()
    assert f'value="{own.pk}"' in page and f'value="{foreign.pk}"' not in page
    response = office.post(
        reverse("guide:step_add", args=[draft.slug, process.slug]),
        {"title": "Auswertung", "aim": "Lernen", "methods": [own.pk]},
    )
    assert response.status_code == 302
    assert process.steps.order_by("order").last().title == "Auswertung"


def test_key_process_form_links_situations(office, draft):
    situation = draft.situations.get(slug="ausgangssituation-2")
    response = office.post(
        reverse("guide:process_add", args=[draft.slug]),
        {
            "title": "Beteiligung organisieren",
            "purpose": "Menschen beteiligen",
            "situations": [situation.pk],
        },
    )
    process = KeyProcess.objects.get(edition=draft, slug="beteiligung-organisieren")
    assert response["Location"] == process.get_absolute_url()
    assert process in situation.key_processes.all()
    # The edit form shows the linked situation as chosen.
    page = text(office.get(reverse("guide:process_edit", args=[draft.slug, process.slug])))
    assert re.search(rf'name="situations" value="{situation.pk}"[^>]*checked', page)


def test_deleting_asks_first_then_deletes(office, draft):
    process = draft.key_processes.get(slug="schluesselprozess-1")
    step = process.steps.get(order=1)
    url = reverse("guide:step_delete", args=[draft.slug, process.slug, step.pk])
    assert german("Delete step %(number)d “%(title)s”?", number=1, title=step.title) in text(
        office.get(url)
    )
    assert ProcessStep.objects.filter(pk=step.pk).exists()
    office.post(url)
    assert list(process.steps.values_list("order", flat=True).order_by("order")) == [1, 2]

    method_url = reverse("guide:method_delete", args=[draft.slug, "methode-1"])
    assert office.post(method_url)["Location"] == reverse("guide:methods", args=[draft.slug])
    assert not Method.objects.filter(edition=draft, slug="methode-1").exists()

    office.post(reverse("guide:situation_delete", args=[draft.slug, "ausgangssituation-1"]))
    office.post(reverse("guide:process_delete", args=[draft.slug, process.slug]))
    assert not draft.situations.filter(slug="ausgangssituation-1").exists()
    assert not draft.key_processes.filter(slug=process.slug).exists()

    response = office.post(reverse("guide:edition_delete", args=[draft.slug]))
    assert response["Location"] == reverse("guide:editions")
    assert not Edition.objects.filter(pk=draft.pk).exists()


def test_moving_a_step_with_a_bad_direction_changes_nothing(office, draft):
    process = draft.key_processes.first()
    step = process.steps.get(order=2)
    url = reverse("guide:step_move", args=[draft.slug, process.slug, step.pk])
    response = office.post(url, {"richtung": "seitwaerts"}, follow=True)
    assert german("Unknown direction; the steps were not moved.") in text(response)
    step.refresh_from_db()
    assert step.order == 2
    assert office.get(url).status_code == 405
    other = edition_make(published=False).key_processes.first().steps.first()
    assert (
        office.post(
            reverse("guide:step_move", args=[draft.slug, process.slug, other.pk]),
            {"richtung": "hoch"},
        ).status_code
        == 404
    )


def test_edit_tools_show_on_draft_pages_for_the_office_only(office, client, draft, published):
    url = reverse("guide:process", args=[draft.slug, "schluesselprozess-1"])
    page = text(office.get(url))
    assert german("Move step %(number)s up", number=2) in page
    assert german("Move step %(number)s up", number=1) not in page
    assert german("Move step %(number)s down", number=3) not in page
    published_page = text(office.get(published.key_processes.first().get_absolute_url()))
    assert "verschieben" not in published_page
