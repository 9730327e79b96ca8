"""The workflow is written once (workflow.py): the services, the pages and the dashboard read
the same table, so what a page offers is what the service accepts, and a refusal reads the
same everywhere."""

import re
from pathlib import Path

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from veedel.agreements.models import AgreementState
from veedel.agreements.services import StepNotAllowed
from veedel.agreements.tests.factories import make_agreement
from veedel.agreements.workflow import AGREEMENT, AMENDMENT

pytestmark = pytest.mark.django_db
S = AgreementState
PERSONAS = ["koordination-kalk", "traeger", "geschaeftsstelle", "ratsmitglied", "admin"]
# The buttons of the page that post a step (``<input name="action" value="…">``).
POSTED = ("propose", "agree", "request_changes", "sign", "close", "copy")
LINKED = {
    "edit": "agreements:edit",
    "review": "agreements:review",
    "assess": "agreements:assess",
    "amend": "agreements:amendment_add",
}


def test_every_step_asks_a_permission_the_rules_know():
    for workflow in (AGREEMENT, AMENDMENT):
        for step in workflow.steps:
            assert rules.perm_exists(step.permission), step.permission


def test_every_state_is_covered_by_the_steps_it_cannot_take():
    """Each step says, for every state it is not allowed from, why (or the general reason)."""
    agreement = make_agreement()
    for step in AGREEMENT.steps:
        for state in set(S) - step.from_states:
            agreement.state = state
            refusal = AGREEMENT.refusal(step.name, agreement)
            assert isinstance(refusal, StepNotAllowed), (step.name, state)
            assert refusal.message and "%(" not in refusal.message


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("username", PERSONAS)
def test_the_page_offers_exactly_the_steps_the_table_allows(login, personas, state, username):
    agreement = make_agreement(state=state)
    user = personas[username]
    response = login(username).get(agreement.get_absolute_url())
    if not user.has_perm("agreements.view_targetagreement", agreement):
        assert response.status_code == 404
        return
    page = response.content.decode()
    for name in POSTED:
        offered = f'name="action" value="{name}"' in page
        assert offered == AGREEMENT.may(name, user, agreement), (name, state, username)
    for name, url_name in LINKED.items():
        offered = f'href="{reverse(url_name, args=[agreement.pk])}"' in page
        assert offered == AGREEMENT.may(name, user, agreement), (name, state, username)


@pytest.mark.parametrize("state", [S.PROPOSED, S.SIGNED, S.CLOSED])
def test_a_refused_page_shows_the_tables_reason(login, personas, state):
    agreement = make_agreement(state=state)
    response = login("koordination-kalk").get(reverse("agreements:edit", args=[agreement.pk]))
    assert response.status_code == 409
    reason = AGREEMENT.refusal("edit", agreement).message
    assert reason in response.content.decode()
    with pytest.raises(StepNotAllowed) as refused:
        AGREEMENT.check("edit", personas["koordination-kalk"], agreement)
    assert refused.value.message == reason


def test_a_step_the_user_may_not_take_is_forbidden_before_the_state_is_asked(personas):
    agreement = make_agreement(state=S.CLOSED)
    with pytest.raises(PermissionDenied, match="programme office"):
        AGREEMENT.check("agree", personas["koordination-kalk"], agreement)


def test_the_templates_compare_no_state_or_role_with_a_string():
    """States and roles are compared with the enums (``State.X``, ``Role.X``) or with model
    properties; a quoted value in a comparison would be a second copy of the workflow."""
    templates = list((Path(__file__).resolve().parents[1] / "templates").glob("**/*.html"))
    assert templates
    compared = re.compile(r"""(==|!=|\bin)\s*["'][a-z_]+["']""")
    for template in templates:
        for tag in re.findall(r"{%\s*(?:if|elif)\b(.*?)%}", template.read_text()):
            assert not compared.search(tag), f"{template.name}: {tag}"
