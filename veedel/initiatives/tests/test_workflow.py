"""The workflow of initiatives (workflow.py): every service takes its step through the one
table, so a user without the step's permission is refused with the table's reason and nothing
changes; the administrator (a superuser) may repair; the page offers exactly the steps the
user may take; and "public" is the same in the QuerySet and on the object."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from veedel.initiatives import services, workflow
from veedel.initiatives.models import Activity, Document, Initiative, InitiativeStep, StepStatus
from veedel.initiatives.tests.factories import current_space, make_initiative, office
from veedel.initiatives.workflow import STEPS, InitiativeAction

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def work(personas):
    """A Kalk initiative with a step, an activity and a document, and a way to take every
    step of the workflow as somebody."""
    initiative = make_initiative()
    kalk = personas["koordination-kalk"]
    step = initiative.steps.order_by("order").first()
    activity = services.activity_log(
        initiative=initiative,
        data={"date": datetime.date(2026, 3, 5), "kind": "event", "title": "Fest"},
        by=kalk,
    )
    document = services.document_add(
        initiative=initiative,
        upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
        by=kalk,
    )

    def version():
        return Initiative.objects.get(pk=initiative.pk).version

    def attempts(by):
        return {
            InitiativeAction.START: lambda: services.initiative_start(
                office=office(), social_space=current_space(), title="Neu", by=by
            ),
            InitiativeAction.EDIT: lambda: services.initiative_update(
                initiative=initiative, data={"title": "Anders"}, version=version(), by=by
            ),
            InitiativeAction.SET_OUTCOME: lambda: services.initiative_set_outcome(
                initiative=initiative,
                outcome_step=1,
                outcome_evidence="Fest fand statt",
                version=version(),
                by=by,
            ),
            InitiativeAction.ADD_STEP: lambda: services.step_add(
                initiative=initiative, title="Mehr", by=by
            ),
            InitiativeAction.UPDATE_STEP: lambda: services.step_update(
                step=step,
                data={"status": StepStatus.DONE},
                version=InitiativeStep.objects.get(pk=step.pk).version,
                by=by,
            ),
            InitiativeAction.LOG_ACTIVITY: lambda: services.activity_log(
                initiative=initiative,
                data={"date": datetime.date(2026, 3, 6), "kind": "event", "title": "Noch"},
                by=by,
            ),
            InitiativeAction.UPDATE_ACTIVITY: lambda: services.activity_update(
                activity=activity, data={"title": "Anders"}, by=by
            ),
            InitiativeAction.DELETE_ACTIVITY: lambda: services.activity_delete(
                activity=activity, by=by
            ),
            InitiativeAction.ADD_DOCUMENT: lambda: services.document_add(
                initiative=initiative,
                upload=SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
                by=by,
            ),
            InitiativeAction.SET_DOCUMENT_PUBLIC: lambda: services.document_set_public(
                document=document, is_public=True, by=by
            ),
            InitiativeAction.DELETE_DOCUMENT: lambda: services.document_delete(
                document=document, by=by
            ),
        }

    def state():
        initiative.refresh_from_db()
        return (
            initiative.title,
            initiative.outcome_step,
            Initiative.objects.count(),
            list(InitiativeStep.objects.values_list("status", flat=True)),
            list(Activity.objects.values_list("title", flat=True)),
            list(Document.objects.values_list("is_public", flat=True)),
        )

    return initiative, attempts, state


def test_every_step_of_the_table_has_a_service(work):
    _initiative, attempts, _state = work
    assert set(attempts(None)) == set(InitiativeAction) == set(STEPS)


@pytest.mark.parametrize(
    "who", [None, "bewohnerin", "koordination-chorweiler", "traeger", "geschaeftsstelle"]
)
def test_who_may_not_take_a_step_is_refused_with_the_reason_and_nothing_changes(
    personas, work, who
):
    """Provider lead and programme office read everything, but change nothing."""
    _initiative, attempts, state = work
    user = personas[who] if who else None
    before = state()
    with translation.override("en"):
        for action, attempt in attempts(user).items():
            with pytest.raises(PermissionDenied) as refused:
                attempt()
            assert str(refused.value) == str(STEPS[action].denied), action
    assert state() == before


@pytest.mark.parametrize("who", ["koordination-kalk-2", "admin"])
def test_the_office_and_the_administrator_take_every_step(personas, work, who):
    initiative, attempts, state = work
    before = state()
    for attempt in attempts(personas[who]).values():
        attempt()
    after = state()
    assert after[0] == "Anders" and after[1] == 1
    assert after[2] == before[2] + 1  # started one more
    assert StepStatus.DONE in after[3] and initiative.documents.count() == 1


@pytest.mark.parametrize(
    "who,tools",
    [
        (None, set()),
        ("koordination-chorweiler", set()),
        ("traeger", set()),
        ("geschaeftsstelle", set()),
        ("koordination-kalk", {"edit", "outcome", "step_add", "step_edit", "activity_add"}),
    ],
)
def test_the_page_offers_exactly_the_steps_the_user_may_take(client, login, work, who, tools):
    initiative, _attempts, _state = work
    Initiative.objects.filter(pk=initiative.pk).update(is_published=True)
    if who:
        client = login(who)
    page = client.get(initiative.get_absolute_url()).content.decode()
    step = initiative.steps.order_by("order").first()
    activity = initiative.activities.first()
    document = initiative.documents.first()
    offered = {
        "edit": reverse("initiatives:edit", args=[initiative.pk]),
        "outcome": reverse("initiatives:outcome", args=[initiative.pk]),
        "step_add": reverse("initiatives:step_add", args=[initiative.pk]),
        "step_edit": reverse("initiatives:step_edit", args=[initiative.pk, step.pk]),
        "activity_add": reverse("initiatives:activity_add", args=[initiative.pk]),
        "activity_edit": reverse("initiatives:activity_edit", args=[initiative.pk, activity.pk]),
        "document_add": reverse("initiatives:document_add", args=[initiative.pk]),
        "document_public": reverse(
            "initiatives:document_public", args=[initiative.pk, document.pk]
        ),
        "document_delete": reverse(
            "initiatives:document_delete", args=[initiative.pk, document.pk]
        ),
    }
    if tools:
        tools = set(offered)
    assert {name for name, url in offered.items() if url in page} == tools


def test_the_states_of_the_checklist_decide_dates_reason_and_what_counts_as_done(personas):
    initiative = make_initiative()
    kalk = personas["koordination-kalk"]
    first, second, third = initiative.steps.order_by("order")[:3]
    today = datetime.date.today()
    done = services.step_update(
        step=first, data={"status": StepStatus.DONE}, version=first.version, by=kalk
    )
    assert (done.started, done.finished) == (today, today)
    skipped = services.step_update(
        step=second,
        data={"status": StepStatus.SKIPPED, "skip_reason": "Nicht nötig"},
        version=second.version,
        by=kalk,
    )
    assert skipped.started is None and skipped.skip_reason == "Nicht nötig"
    reopened = services.step_update(
        step=skipped, data={"status": StepStatus.OPEN}, version=skipped.version, by=kalk
    )
    assert reopened.skip_reason == ""
    services.step_update(
        step=third, data={"status": StepStatus.IN_PROGRESS}, version=third.version, by=kalk
    )
    settled = {s for s, state in workflow.STEP_STATES.items() if state.settled}
    assert settled == {StepStatus.DONE, StepStatus.SKIPPED}
    page_count = sum(1 for s in initiative.steps.all() if s.status in settled)
    assert page_count == 1


def test_public_is_the_same_in_the_queryset_and_on_the_object(personas):
    published = make_initiative(title="Öffentlich", published=True)
    internal = make_initiative(title="Intern")
    kalk = personas["koordination-kalk"]
    for initiative in (published, internal):
        for public in (True, False):
            services.document_add(
                initiative=initiative,
                upload=SimpleUploadedFile("a.pdf", io.BytesIO(PDF).read()),
                is_public=public,
                by=kalk,
            )
    assert (
        set(Initiative.objects.public())
        == {i for i in Initiative.objects.all() if i.is_public}
        == {published}
    )
    public_documents = set(Document.objects.public())
    assert public_documents == {d for d in Document.objects.all() if d.publicly_visible}
    assert [(d.initiative, d.is_public) for d in public_documents] == [(published, True)]


def test_the_public_sees_no_text_field_outside_the_public_fields(client):
    """Every text of an initiative that is not one of its PUBLIC_FIELDS stays off the public
    page, the list, its CSV and the social space's page."""
    initiative = make_initiative(published=True)
    hidden = {
        f.name: f"GEHEIM-{f.name}"
        for f in Initiative._meta.concrete_fields
        if f.get_internal_type() in ("CharField", "TextField")
        and f.name not in Initiative.PUBLIC_FIELDS
    }
    assert {"internal_notes", "outcome_statement", "outcome_evidence"} <= set(hidden)
    Initiative.objects.filter(pk=initiative.pk).update(**hidden)
    pages = [
        client.get(initiative.get_absolute_url()).content.decode(),
        client.get(reverse("initiatives:list")).content.decode(),
        b"".join(client.get(reverse("initiatives:list_csv")).streaming_content).decode(),
        client.get(reverse("initiatives:space", args=[current_space().slug])).content.decode(),
    ]
    assert initiative.title in pages[0]
    for page in pages:
        assert "GEHEIM-" not in page
