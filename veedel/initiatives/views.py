"""Pages of initiatives: the list with its filters, the initiative page, starting and editing
an initiative, its outcome and the timelines (per initiative and per social space).

Whoever may not see an initiative gets a 404 on its page, so an unpublished initiative is not
given away; the pages that change something need a login and answer 403 to logged-in users
without the right (docs/initiatives.md).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from veedel.areas.models import SocialSpace
from veedel.areas.queries import HEAVY_FIELDS
from veedel.core.predicates import office_ids_of
from veedel.core.queryforms import takes_no_query
from veedel.guide.models import Edition
from veedel.initiatives import queries, workflow
from veedel.initiatives.forms import InitiativeForm, OutcomeForm, StartForm, StepStatusForm
from veedel.initiatives.forms_query import InitiativeListQuery, StartQuery
from veedel.initiatives.models import Activity, Initiative
from veedel.initiatives.services import (
    ConflictError,
    initiative_actor_choices,
    initiative_set_outcome,
    initiative_start,
    initiative_update,
)
from veedel.initiatives.workflow import InitiativeAction
from veedel.network.graph import visible_actors
from veedel.network.models import Actor
from veedel.programme.models import CoordinationOffice, Goal

PAGE_SIZE = 50


# --- helpers ------------------------------------------------------------------------------


def _initiatives():
    return Initiative.objects.select_related(
        "office__provider", "social_space", "situation__edition", "key_process__edition"
    ).defer(*queries.SPACE_HEAVY)


def get_initiative(request, pk: int) -> Initiative:
    """The initiative if the user may see it, else 404."""
    initiative = get_object_or_404(_initiatives(), pk=pk)
    if not request.user.has_perm("initiatives.view_initiative", initiative):
        raise Http404
    return initiative


def get_initiative_to_change(
    request, pk: int, action: InitiativeAction = InitiativeAction.EDIT
) -> Initiative:
    """The initiative if the user may take the step ``action`` in it; 403 for any other
    logged-in user, also when they may not see it."""
    initiative = get_object_or_404(_initiatives(), pk=pk)
    if reason := workflow.refusal_in(action, request.user, initiative):
        raise PermissionDenied(reason)
    return initiative


def form_errors_to(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _submitted(request):
    return request.POST if request.method == "POST" else None


# --- list ---------------------------------------------------------------------------------


@require_GET
def initiative_list(request):
    user = request.user
    form = InitiativeListQuery.read(request)
    initiatives = form.filter(queries.visible_initiatives(user)).order_by("-start", "title", "pk")
    page = Paginator(initiatives, PAGE_SIZE).get_page(form.values["seite"])
    space = form.values["sozialraum"]
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "page": page,
            "form": form,
            "query": form.urlencode(seite=None),
            # "Start an initiative" opens in the social space the list is filtered by.
            "start_query": urlencode({"sozialraum": space.slug}) if space else "",
            "may_add": workflow.refusal(InitiativeAction.START, user) is None,
        },
    )


@require_GET
@takes_no_query
def space_initiatives(request, slug):
    """The initiatives of one social space and their timeline."""
    user = request.user
    space = get_object_or_404(SocialSpace.objects.defer(*HEAVY_FIELDS), slug=slug)
    initiatives = list(
        queries.visible_initiatives(user).filter(social_space=space).order_by("-start", "title")
    )
    for initiative in initiatives:
        initiative.social_space = space
    internal = {
        i.pk for i in initiatives if user.has_perm("initiatives.view_internals_of_initiative", i)
    }
    return render(
        request,
        "initiatives/space_initiatives.html",
        {
            "space": space,
            "initiatives": initiatives,
            "timeline": queries.space_timeline(initiatives, internal_ids=internal),
            "may_add": workflow.refusal(InitiativeAction.START, user) is None
            and space.offices.filter(pk__in=office_ids_of(user)).exists(),
        },
    )


# --- the initiative page -----------------------------------------------------------------


@require_GET
@takes_no_query
def initiative_detail(request, pk):
    """The initiative: its public fields for everybody who may see it; the internals for
    those who may read them. ``may``: the steps of the workflow the user may take."""
    user = request.user
    initiative = get_initiative(request, pk)
    internals = user.has_perm("initiatives.view_internals_of_initiative", initiative)
    may = workflow.allowed(user, initiative)
    context = {
        "initiative": initiative,
        "internals": internals,
        "may": may,
        "goals": list(initiative.goals.order_by("order")),
        "topics": list(initiative.topics.order_by("order", "name")),
    }
    documents = initiative.documents.select_related("uploaded_by").order_by("-uploaded")
    if internals:
        steps = list(initiative.steps.select_related("modified_by").order_by("order"))
        activities = list(
            initiative.activities.select_related("network_meeting__network")
            .prefetch_related(
                "participants",
                Prefetch("goals", queryset=Goal.objects.order_by("order")),
            )
            .order_by("-date", "-pk")
        )
        actors = [
            a
            for a in initiative.actors.select_related("office").order_by("name")
            if user.has_perm("network.view_actor", a)
        ]
        if may[InitiativeAction.UPDATE_STEP]:
            for step in steps:
                step.status_form = StepStatusForm(
                    version=step.version,
                    initial={"status": step.status, "skip_reason": step.skip_reason},
                    auto_id=f"step{step.pk}-%s",
                )
        context.update(
            steps=steps,
            activities=activities,
            actors=actors,
            documents=list(documents),
            totals=_totals(activities),
            steps_done=sum(1 for s in steps if s.status in workflow.SETTLED_STEP_STATUSES),
        )
    else:
        context.update(
            documents=list(documents.public()),
            actors=list(initiative.actors.public().order_by("name")),
        )
    return render(request, "initiatives/initiative_detail.html", context)


def _totals(activities: list[Activity]) -> dict:
    return {
        "participants": sum(a.participants_total for a in activities),
        "hours": sum((a.hours for a in activities), start=0),
        "highest": max((a.impact_step or 0 for a in activities), default=0) or None,
    }


@require_GET
@takes_no_query
def initiative_timeline(request, pk):
    user = request.user
    initiative = get_initiative(request, pk)
    if not user.has_perm("initiatives.view_internals_of_initiative", initiative):
        raise PermissionDenied if user.is_authenticated else Http404
    entries = queries.timeline(
        initiative,
        steps=initiative.steps.order_by("order"),
        activities=initiative.activities.all(),
    )
    return render(
        request,
        "initiatives/initiative_timeline.html",
        {"initiative": initiative, "entries": entries},
    )


# --- start and edit -----------------------------------------------------------------------


def _my_offices(user):
    return CoordinationOffice.objects.filter(pk__in=office_ids_of(user)).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def initiative_start_view(request):
    """The form for a new initiative; ``?prozess=…&situation=…&sozialraum=…`` preselect."""
    user = request.user
    if reason := workflow.refusal(InitiativeAction.START, user):
        raise PermissionDenied(reason)
    offices = _my_offices(user)
    edition = Edition.objects.current()
    initial = {}
    if request.method == "GET":
        initial = StartQuery.read(request, edition=edition).initial_for_start()
    form = StartForm(_submitted(request), offices=offices, edition=edition, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            initiative = initiative_start(
                office=data["office"],
                social_space=data["social_space"],
                situation=data["situation"],
                key_process=data["key_process"],
                title=data["title"],
                summary=data["summary"],
                start=data["start"],
                end=data["end"],
                goals=data["goals"],
                topics=data["topics"],
                by=user,
            )
        except ValidationError as error:
            form_errors_to(form, error)
        else:
            messages.success(
                request,
                _("The initiative “%(title)s” was started.") % {"title": initiative.title},
            )
            return redirect(initiative)
    return render(request, "initiatives/initiative_start.html", {"form": form, "edition": edition})


def _actor_choices(user, initiative):
    return (
        Actor.objects.filter(
            pk__in=initiative_actor_choices(initiative).values("pk"),
        )
        .filter(pk__in=visible_actors(user).values("pk"))
        .order_by("name")
    )


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def initiative_edit(request, pk):
    user = request.user
    initiative = get_initiative_to_change(request, pk)
    actors = _actor_choices(user, initiative)
    form = InitiativeForm(
        _submitted(request), instance=initiative, actors=actors, version=initiative.version
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Internal actors the user may not see stay as they are.
        hidden = list(initiative.actors.exclude(pk__in=actors.values("pk")))
        try:
            initiative = initiative_update(
                initiative=initiative,
                data=data,
                version=data["version"],
                goals=data["goals"],
                topics=data["topics"],
                actors=list(data["actors"]) + hidden,
                by=user,
            )
        except ConflictError as error:
            conflict = error.current
            form.add_error(None, _conflict_message(conflict))
        except ValidationError as error:
            form_errors_to(form, error)
        else:
            messages.success(request, _("The initiative was saved."))
            return redirect(initiative)
    changes = with_conflict(form, conflict, EDIT_FIELDS, actors=actors) if conflict else []
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "initiative": initiative, "conflict": conflict, "changes": changes},
    )


EDIT_FIELDS = [
    "title",
    "summary",
    "status",
    "start",
    "end",
    "goals",
    "topics",
    "actors",
    "is_published",
    "internal_notes",
]


def _conflict_message(current) -> str:
    who = current.modified_by.display_name if current.modified_by else _("somebody")
    return _(
        "%(who)s saved a change at %(when)s while you were editing. Nothing of yours was saved "
        "yet: compare with the current state shown below, then save again to keep your input."
    ) % {"who": who, "when": f"{current.modified:%d.%m.%Y %H:%M}"}


def with_conflict(form, current, fields, actors=None):
    """Let the user save their input over ``current`` after seeing it: the hidden version
    becomes the current one, the visible fields keep what the user typed. ``actors``: the
    actors the user may see (others are not named)."""
    data = form.data.copy()
    data["version"] = current.version
    form.data = data
    return [
        (form[name].label, _display(current, name, actors))
        for name in fields
        if name in form.fields
    ]


def _display(obj, name, actors=None):
    value = getattr(obj, name)
    if hasattr(obj, f"get_{name}_display"):
        return getattr(obj, f"get_{name}_display")()
    if name == "actors" and actors is not None:
        value = value.filter(pk__in=actors.values("pk"))
    if hasattr(value, "all"):
        return ", ".join(str(v) for v in value.all()) or "–"
    if value is None or value == "":
        return "–"
    if hasattr(value, "strftime"):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def initiative_outcome(request, pk):
    user = request.user
    initiative = get_initiative_to_change(request, pk, InitiativeAction.SET_OUTCOME)
    form = OutcomeForm(
        _submitted(request),
        version=initiative.version,
        initial={
            "outcome_step": initiative.outcome_step,
            "outcome_evidence": initiative.outcome_evidence,
            "outcome_statement": initiative.outcome_statement,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            initiative_set_outcome(
                initiative=initiative,
                outcome_step=data["outcome_step"],
                outcome_evidence=data["outcome_evidence"],
                outcome_statement=data["outcome_statement"],
                version=data["version"],
                by=user,
            )
        except ConflictError as error:
            conflict = error.current
            form.add_error(None, _conflict_message(conflict))
        except ValidationError as error:
            form_errors_to(form, error)
        else:
            messages.success(request, _("The outcome was saved."))
            return redirect(initiative)
    changes = (
        with_conflict(form, conflict, ["outcome_step", "outcome_evidence", "outcome_statement"])
        if conflict
        else []
    )
    return render(
        request,
        "initiatives/outcome_form.html",
        {
            "form": form,
            "initiative": initiative,
            "conflict": conflict,
            "changes": changes,
            "steps": OutcomeForm.steps(),
        },
    )
