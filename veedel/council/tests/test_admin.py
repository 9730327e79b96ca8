"""The programme office keeps the bodies, sessions and the topic → committee mapping in the
admin; the proposal follows the mapping."""

import pytest
from django.urls import reverse

from veedel.council.demo import PROPOSE_AFTER
from veedel.council.models import Organization
from veedel.council.services import consultations_propose
from veedel.programme.models import Topic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["organization", "meeting", "body", "location"])
def test_programme_office_lists_and_opens(login, council, model):
    client = login("geschaeftsstelle")
    changelist = client.get(reverse(f"admin:council_{model}_changelist"))
    assert changelist.status_code == 200
    first = changelist.context["cl"].result_list[0]
    assert client.get(reverse(f"admin:council_{model}_change", args=[first.pk])).status_code == 200


def test_changing_the_mapping_changes_the_proposal(login, council):
    culture = Organization.objects.get(name="Kulturausschuss")
    client = login("geschaeftsstelle")
    url = reverse("admin:council_organization_change", args=[culture.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "topics"}
    data.update(
        {
            "body": culture.body_id,
            "sub_organization_of": culture.sub_organization_of_id,
            "location": culture.location_id,
            "topics": [Topic.objects.get(slug="kultur").pk, Topic.objects.get(slug="sport").pk],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    names = [s.organization.name for s in consultations_propose(paper=council, after=PROPOSE_AFTER)]
    assert "Kulturausschuss" in names and len(names) == 15


def test_others_cannot_open_the_admin(login, council):
    response = login("ratsmitglied").get(reverse("admin:council_organization_changelist"))
    assert response.status_code == 302
