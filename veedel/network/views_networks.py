"""Networks (Stadtteilkonferenz, Arbeitskreis, Runder Tisch), their members and meetings, the
calendar feed and the network view of a social space (meetings: views_meetings.py).

Every view asks the rules about the object. What the viewer may not see is a 404, so the
existence of a non-public network or meeting is not given away; what they may see but not
change is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veedel.areas.models import SocialSpace
from veedel.areas.queries import HEAVY_FIELDS
from veedel.core.predicates import manages_programme, office_ids_of
from veedel.core.queryforms import takes_no_query
from veedel.network import ical
from veedel.network.forms_networks import (
    MemberAddForm,
    MemberChangeForm,
    NetworkForm,
)
from veedel.network.forms_query import CalendarQuery, NetworkAddQuery, NetworkQuery
from veedel.network.graph import network_view
from veedel.network.models import Actor, Meeting, MemberRole, Network
from veedel.network.services_networks import (
    membership_remove,
    membership_set,
    network_create,
    network_renew_calendar_token,
    network_update,
)
from veedel.programme.models import CoordinationOffice, Topic

SPACE_HEAVY = [f"social_space__{f}" for f in HEAVY_FIELDS]


# --- helpers ------------------------------------------------------------------------------


def _networks():
    return Network.objects.select_related("social_space", "office").defer(*SPACE_HEAVY)


def _get_network(request, slug) -> Network:
    network = get_object_or_404(_networks(), slug=slug)
    if not request.user.has_perm("network.view_network", network):
        raise Http404
    return network


def _get_meeting(request, network, pk) -> Meeting:
    meeting = get_object_or_404(Meeting, pk=pk, network=network)
    meeting.network = network
    if not request.user.has_perm("network.view_meeting", meeting):
        raise Http404
    return meeting


def _sees_all_meetings(user, network) -> bool:
    """Whether ``user`` may see the non-public meetings of ``network`` too."""
    return user.has_perm("network.view_meeting", Meeting(network=network, is_public=False))


def _visible_meetings(user, network):
    return network.meetings.visible_to(user)


def _visible_attendees(user, meeting) -> list[Actor]:
    return [
        a
        for a in meeting.attendees.select_related("office").order_by("name")
        if user.has_perm("network.view_actor", a)
    ]


def _submitted(request):
    return request.POST if request.method == "POST" else None


# --- networks -----------------------------------------------------------------------------


@require_GET
def network_list(request):
    user = request.user
    form = NetworkQuery.read(request)
    upcoming = Meeting.objects.filter(network=OuterRef("pk"), start__gte=timezone.now()).order_by(
        "start"
    )
    networks = form.filter(
        Network.objects.visible_to(user)
        .select_related("social_space", "office")
        .defer(*SPACE_HEAVY)
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("order", "name")))
        .annotate(
            next_any=Subquery(upcoming.values("start")[:1]),
            next_public=Subquery(upcoming.public().values("start")[:1]),
        )
        .order_by("social_space__name", "name")
    )
    rows = [
        {
            "network": network,
            "next": network.next_any if _sees_all_meetings(user, network) else network.next_public,
        }
        for network in networks
    ]
    return render(
        request,
        "network/network_list.html",
        {
            "rows": rows,
            "form": form,
            "space": form.given().get("sozialraum"),
            "may_add": user.has_perm("network.add_network"),
        },
    )


@require_GET
@takes_no_query
def network_detail(request, slug):
    user = request.user
    network = _get_network(request, slug)
    memberships = [
        m
        for m in network.memberships.select_related("actor__office").order_by("actor__name")
        if user.has_perm("network.view_actor", m.actor)
    ]
    now = timezone.now()
    meetings = list(_visible_meetings(user, network).order_by("start"))
    sees_all = _sees_all_meetings(user, network)
    feed = request.build_absolute_uri(reverse("network:network_ical", args=[network.slug]))
    may_change = user.has_perm("network.change_network", network)
    return render(
        request,
        "network/network_detail.html",
        {
            "network": network,
            "topics": list(network.topics.order_by("order", "name")),
            "memberships": memberships,
            "upcoming": [m for m in meetings if m.start >= now],
            "past": [m for m in reversed(meetings) if m.start < now],
            "public_feed": feed if network.is_public else None,
            "token_feed": f"{feed}?token={network.calendar_token}" if sees_all else None,
            "may_change": may_change,
            "may_add_meeting": may_change and user.has_perm("network.add_meeting"),
        },
    )


@login_required
@require_POST
def network_renew_token(request, slug):
    network = _get_network(request, slug)
    if not request.user.has_perm("network.change_network", network):
        raise PermissionDenied
    network_renew_calendar_token(network=network, by=request.user)
    messages.success(
        request,
        _(
            "The calendar has a new address. The old one no longer works; give the new one to "
            "the members."
        ),
    )
    return redirect(reverse("network:network", args=[network.slug]) + "#calendar-title")


def _offices_for(user):
    offices = CoordinationOffice.objects.order_by("name")
    if manages_programme(user):
        return offices
    return offices.filter(pk__in=office_ids_of(user))


@login_required
@require_http_methods(["GET", "POST"])
def network_add(request):
    user = request.user
    if not user.has_perm("network.add_network"):
        raise PermissionDenied
    initial = {}
    if request.method == "GET" and (space := NetworkAddQuery.read(request).values["sozialraum"]):
        initial["social_space"] = space
    form = NetworkForm(_submitted(request), offices=_offices_for(user), initial=initial)
    if request.method == "POST" and form.is_valid():
        network = network_create(
            office=form.chosen_office(),
            data=form.cleaned_data,
            topics=form.cleaned_data["topics"],
            by=user,
        )
        messages.success(request, _("The network “%(name)s” was created.") % {"name": network})
        return redirect(network)
    return render(request, "network/network_form.html", {"form": form, "network": None})


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def network_edit(request, slug):
    user = request.user
    network = _get_network(request, slug)
    if not user.has_perm("network.change_network", network):
        raise PermissionDenied
    form = NetworkForm(_submitted(request), instance=network)
    if request.method == "POST" and form.is_valid():
        network_update(
            network=network,
            data=form.cleaned_data,
            topics=form.cleaned_data["topics"],
            by=user,
        )
        messages.success(request, _("The network was saved."))
        return redirect(network)
    return render(request, "network/network_form.html", {"form": form, "network": network})


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def network_members(request, slug):
    user = request.user
    network = _get_network(request, slug)
    if not user.has_perm("network.change_network", network):
        raise PermissionDenied
    members = Actor.objects.visible_to(user).filter(memberships__network=network)
    candidates = (
        Actor.objects.visible_to(user)
        .exclude(pk__in=Actor.objects.filter(memberships__network=network).values("pk"))
        .order_by("name")
    )
    add_form = MemberAddForm(actors=candidates)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            add_form = MemberAddForm(request.POST, actors=candidates)
            if add_form.is_valid():
                actor = add_form.cleaned_data["actor"]
                membership_set(
                    network=network, actor=actor, role=add_form.cleaned_data["role"], by=user
                )
                messages.success(request, _("%(actor)s was added.") % {"actor": actor.name})
                return redirect("network:network_members", slug=network.slug)
        elif action in ("change", "remove"):
            form = MemberChangeForm(request.POST, actors=members)
            if form.is_valid() and action == "remove":
                actor = form.cleaned_data["actor"]
                membership_remove(network=network, actor=actor, by=user)
                messages.success(request, _("%(actor)s was removed.") % {"actor": actor.name})
            elif form.is_valid() and form.cleaned_data["role"]:
                actor = form.cleaned_data["actor"]
                membership_set(
                    network=network, actor=actor, role=form.cleaned_data["role"], by=user
                )
                messages.success(
                    request, _("The role of %(actor)s was saved.") % {"actor": actor.name}
                )
            else:
                problems = [e for errors in form.errors.values() for e in errors]
                messages.error(request, " ".join(problems) or _("Choose a role for the member."))
            return redirect("network:network_members", slug=network.slug)
        else:
            messages.error(request, _("Unknown action; nothing was changed."))
            return redirect("network:network_members", slug=network.slug)
    memberships = [
        m
        for m in network.memberships.select_related("actor__office").order_by("actor__name")
        if user.has_perm("network.view_actor", m.actor)
    ]
    return render(
        request,
        "network/network_members.html",
        {
            "network": network,
            "memberships": memberships,
            "add_form": add_form,
            "roles": MemberRole.choices,
        },
    )


# --- meetings -----------------------------------------------------------------------------


@require_GET
def network_ical(request, slug):
    """Public meetings of a public network; with the network's token, all its meetings."""
    network = get_object_or_404(Network.objects.select_related("office"), slug=slug)
    form = CalendarQuery(request.GET)
    if unknown := form.unknown_parameters():
        return HttpResponseBadRequest(
            _("Unknown parameter: %(names)s") % {"names": ", ".join(unknown)},
            content_type="text/plain; charset=utf-8",
        )
    token = form.token_given
    if token:
        # A token that cannot be read is as wrong as one that does not match: not found.
        given = form.values["token"]
        if "token" in form.errors or not constant_time_compare(given, network.calendar_token):
            raise Http404
        meetings = network.meetings.all()
    elif network.is_public:
        meetings = network.meetings.public()
    else:
        raise Http404
    body = ical.network_calendar(
        network=network,
        meetings=meetings.order_by("start"),
        url_of=lambda m: request.build_absolute_uri(
            reverse("network:meeting", args=[network.slug, m.pk])
        ),
    )
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{network.slug}.ics"'
    response["Cache-Control"] = "private, no-store" if token else "public, max-age=300"
    return response


# --- network view of a social space -------------------------------------------------------


@require_GET
@takes_no_query
def graph(request, slug):
    space = get_object_or_404(SocialSpace.objects.defer(*HEAVY_FIELDS), slug=slug)
    return render(
        request,
        "network/graph.html",
        {
            "space": space,
            "view": network_view(space=space, user=request.user),
            "is_public_view": not request.user.is_authenticated,
        },
    )
