"""The guide in the admin: the programme office works on drafts (steps inline); published
editions and their content are read-only there too, for the superuser as well."""

import pytest
from django.urls import reverse

from veedel.guide.models import Edition
from veedel.guide.tests.factories import edition_make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["geschaeftsstelle", "admin"])
def test_admin_lists_and_edits_drafts_but_only_shows_published_content(login, persona):
    client = login(persona)
    published = edition_make(slug="veroeffentlicht")
    draft = edition_make(slug="entwurf", published=False)
    for model in ("edition", "situation", "keyprocess", "method"):
        assert client.get(reverse(f"admin:guide_{model}_changelist")).status_code == 200

    draft_process = draft.key_processes.first()
    page = client.get(reverse("admin:guide_keyprocess_change", args=[draft_process.pk]))
    assert page.status_code == 200
    assert 'name="steps-0-title"' in page.content.decode()  # the steps inline, editable

    published_process = published.key_processes.first()
    url = reverse("admin:guide_keyprocess_change", args=[published_process.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # read-only view
    response = client.post(url, {"title": "Überschrieben", "order": 1, "purpose": "x"})
    assert response.status_code == 403
    published_process.refresh_from_db()
    assert published_process.title != "Überschrieben"

    edition_url = reverse("admin:guide_edition_change", args=[published.pk])
    assert 'name="title"' not in client.get(edition_url).content.decode()


def test_copy_and_publish_actions(login):
    client = login("geschaeftsstelle")
    draft = edition_make(slug="entwurf", published=False)
    changelist = reverse("admin:guide_edition_changelist")
    client.post(changelist, {"action": "publish_editions", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published
    client.post(changelist, {"action": "copy_editions", "_selected_action": [draft.pk]})
    copy = Edition.objects.get(based_on=draft)
    assert not copy.is_published and copy.situations.count() == 3


def test_coordinators_cannot_open_the_guide_admin(login):
    client = login("koordination-kalk")
    response = client.get(reverse("admin:guide_edition_changelist"))
    assert response.status_code == 302
