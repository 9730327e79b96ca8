"""Actors (Akteure) and their contacts: list with filters and map, detail, forms, GDPR export
and erasure of a contact."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from veedel.areas.models import SocialSpace
from veedel.areas.queries import HEAVY_FIELDS
from veedel.core.predicates import manages_programme, office_ids_of
from veedel.core.queryforms import NoQuery, takes_no_query
from veedel.network import services
from veedel.network.forms import ActorForm, ContactForm
from veedel.network.forms_query import ActorListQuery, ActorQuery
from veedel.network.models import Actor, Contact, NetworkMembership
from veedel.programme.models import CoordinationOffice

PAGE_SIZE = 50
QUARTER_HEAVY = tuple(f"quarter__{f}" for f in HEAVY_FIELDS)


def _lean_spaces():
    return SocialSpace.objects.defer(*HEAVY_FIELDS).order_by("-valid_from", "name")


def _office_choices(user):
    """The offices a user may keep actors and contacts for."""
    offices = CoordinationOffice.objects.order_by("name")
    if manages_programme(user):
        return offices
    return offices.filter(pk__in=office_ids_of(user))


@require_GET
def actor_list(request):
    form = ActorListQuery.read(request)
    actors = form.filter(Actor.objects.visible_to(request.user))
    listed = (
        actors.select_related("quarter")
        .defer("description", *QUARTER_HEAVY)
        .prefetch_related(
            Prefetch("social_spaces", queryset=_lean_spaces().current()),
            "topics",
        )
        .order_by("name", "pk")
    )
    page = Paginator(listed, PAGE_SIZE).get_page(form.values["seite"])
    query = form.urlencode(seite=None)
    geojson_url = reverse("network:actors_geojson") + (f"?{query}" if query else "")
    return render(
        request,
        "network/actor_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "filtered": form.has_filters,
            "has_points": page.paginator.count and actors.filter(latitude__isnull=False).exists(),
            "geojson_url": geojson_url,
            "may_add": request.user.has_perm("network.add_actor"),
        },
    )


def _visible_actor(request, pk) -> Actor:
    actor = get_object_or_404(
        Actor.objects.select_related("quarter", "neighbourhood", "office").defer(
            *QUARTER_HEAVY, *(f"neighbourhood__{f}" for f in HEAVY_FIELDS)
        ),
        pk=pk,
    )
    if not request.user.has_perm("network.view_actor", actor):
        raise Http404  # internal actors do not show that they exist
    return actor


def _network_url(network) -> str | None:
    try:
        return network.get_absolute_url()
    except NoReverseMatch:  # the network pages are not installed
        return None


@require_GET
@takes_no_query
def actor_detail(request, pk):
    actor = _visible_actor(request, pk)
    user = request.user
    memberships = [
        (m, _network_url(m.network))
        for m in NetworkMembership.objects.filter(actor=actor)
        .select_related("network__office")
        .order_by("network__name")
        if user.has_perm("network.view_network", m.network)
    ]
    contacts = None
    may_add_contact = user.has_perm("network.add_contact")
    if user.is_authenticated:
        contacts = [
            c
            for c in actor.contacts.select_related("office").order_by("name", "pk")
            if user.has_perm("network.view_contact", c)
        ]
    return render(
        request,
        "network/actor_detail.html",
        {
            "actor": actor,
            "social_spaces": list(actor.social_spaces.defer(*HEAVY_FIELDS).order_by("-valid_from")),
            "areas_served": list(actor.areas_served.defer(*HEAVY_FIELDS).order_by("-valid_from")),
            "topics": list(actor.topics.all()),
            "memberships": memberships,
            "contacts": contacts,
            "show_contacts": bool(contacts) or may_add_contact,
            "may_add_contact": may_add_contact,
            "may_change": user.has_perm("network.change_actor", actor),
            "geojson_url": reverse("network:actor_geojson", args=[actor.pk]),
        },
    )


def _save_actor_form(request, form, save):
    """Run a service on a valid form; its refusals become form errors. A response or None."""
    try:
        actor = save()
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, _("The actor “%(name)s” was saved.") % {"name": actor.name})
    return redirect(actor)


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def actor_add(request):
    user = request.user
    if not user.has_perm("network.add_actor"):
        raise PermissionDenied
    form = ActorForm(
        request.POST or None,
        offices=_office_choices(user),
        office_optional=manages_programme(user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.actor_data()
        data.pop("office", None)
        response = _save_actor_form(
            request,
            form,
            lambda: services.actor_create(office=form.chosen_office(), data=data, by=user),
        )
        if response:
            return response
    return render(request, "network/actor_form.html", _form_context(form, None))


@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def actor_edit(request, pk):
    actor = _visible_actor(request, pk)
    user = request.user
    if not user.has_perm("network.change_actor", actor):
        raise PermissionDenied
    form = ActorForm(
        request.POST or None,
        instance=actor,
        offices=_office_choices(user),
        office_optional=manages_programme(user),
    )
    if request.method == "POST" and form.is_valid():
        response = _save_actor_form(
            request,
            form,
            lambda: services.actor_update(actor=actor, data=form.actor_data(), by=user),
        )
        if response:
            return response
    return render(request, "network/actor_form.html", _form_context(form, actor))


def _form_context(form, actor):
    return {
        "form": form,
        "actor": actor,
        "outline_url": reverse("areas:quarters_geojson"),
    }


# --- GeoJSON ------------------------------------------------------------------------------


def _point_feature(actor: Actor) -> dict:
    return {
        "type": "Feature",
        "properties": {
            "name": actor.name,
            "kind": actor.kind,
            "kind_label": str(actor.get_kind_display()),
            "public": actor.is_public,  # as Actor.objects.public()
            "url": actor.get_absolute_url(),
        },
        "geometry": {"type": "Point", "coordinates": [actor.longitude, actor.latitude]},
    }


def _geojson(features: list[str]) -> HttpResponse:
    response = HttpResponse(
        '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}",
        content_type="application/geo+json; charset=utf-8",
    )
    # Internal actors depend on who asks: never in a shared cache.
    response["Cache-Control"] = "private, max-age=60"
    return response


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@require_GET
def actors_geojson(request):
    """The actors with a point that the user may see, with the list's filters."""
    form = ActorQuery(request.GET)
    if problems := form.api_problems():
        return _bad_request(problems)
    actors = (
        form.filter(Actor.objects.visible_to(request.user))
        .filter(latitude__isnull=False, longitude__isnull=False)
        .only("id", "name", "kind", "is_public", "latitude", "longitude")
        .order_by("name", "pk")
    )
    return _geojson([_dumps(_point_feature(a)) for a in actors])


def _bad_request(problems: list[tuple[str, str]]) -> JsonResponse:
    """400 naming each parameter that could not be read, and why."""
    return JsonResponse(
        {
            "error": " ".join(
                _("Parameter “%(name)s”: %(reason)s") % {"name": name, "reason": reason}
                for name, reason in problems
            ),
            "parameters": {name: reason for name, reason in problems},
        },
        status=400,
    )


@require_GET
def actor_geojson(request, pk):
    """One actor's point with the outline of its quarter, for the map on its page."""
    if problems := NoQuery(request.GET).api_problems():
        return _bad_request(problems)
    actor = _visible_actor(request, pk)
    features = []
    if actor.quarter_id:
        quarter = actor.quarter
        features.append(
            '{"type":"Feature","properties":'
            + _dumps(
                {
                    "name": quarter.name,
                    "number": quarter.number,
                    "url": quarter.get_absolute_url(),
                    "kind": "quarter",
                }
            )
            + ',"geometry":'
            + (quarter.display_geometry or "null")
            + "}"
        )
    if actor.has_point:
        features.append(_dumps(_point_feature(actor)))
    return _geojson(features)


# --- contacts -----------------------------------------------------------------------------


def _contact(request, pk, permission: str) -> Contact:
    contact = get_object_or_404(Contact.objects.select_related("actor", "office"), pk=pk)
    if not request.user.has_perm(permission, contact):
        raise PermissionDenied
    return contact


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def contact_add(request, pk):
    actor = _visible_actor(request, pk)
    user = request.user
    if not user.has_perm("network.add_contact"):
        raise PermissionDenied
    offices = _office_choices(user)
    form = ContactForm(request.POST or None, offices=offices, initial_office=actor.office_id)
    if request.method == "POST" and form.is_valid():
        data = form.contact_data()
        data.pop("office", None)
        try:
            services.contact_create(actor=actor, office=form.chosen_office(), data=data, by=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact was saved."))
            return redirect(actor.get_absolute_url() + "#contacts")
    return render(request, "network/contact_form.html", {"form": form, "actor": actor})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def contact_edit(request, pk):
    contact = _contact(request, pk, "network.change_contact")
    user = request.user
    form = ContactForm(request.POST or None, instance=contact, offices=_office_choices(user))
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, data=form.contact_data(), by=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact was saved."))
            return redirect(contact.actor.get_absolute_url() + "#contacts")
    return render(
        request,
        "network/contact_form.html",
        {"form": form, "actor": contact.actor, "contact": contact},
    )


@never_cache
@login_required
@require_GET
@takes_no_query(download=True)
def contact_export(request, pk):
    contact = _contact(request, pk, "network.export_contact")
    response = HttpResponse(
        json.dumps(services.contact_export(contact=contact), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="kontakt-{contact.pk}.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@takes_no_query
def contact_erase(request, pk):
    contact = _contact(request, pk, "network.erase_contact")
    actor = contact.actor
    if request.method == "POST":
        services.contact_erase(contact=contact, by=request.user)
        messages.success(request, _("The contact's personal data was erased."))
        return redirect(actor.get_absolute_url() + "#contacts")
    return render(
        request, "network/contact_confirm_erase.html", {"contact": contact, "actor": actor}
    )
