"""The actor pages: list with filters and map, detail, add and edit, GeoJSON; per role."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from veedel.accounts.models import Role, User
from veedel.accounts.services import user_set_role
from veedel.areas.models import SocialSpace
from veedel.core.tests.pages import check_page
from veedel.network import services
from veedel.network.models import (
    Actor,
    ActorKind,
    Contact,
    LegalBasis,
    Network,
    NetworkKind,
    NetworkMembership,
)
from veedel.programme.models import CoordinationOffice, Topic

pytestmark = pytest.mark.django_db

KALK = (50.9367, 7.0071)
CHORWEILER = (51.0275, 6.8979)
CHORWEILER_OFFICE = "blumenberg-chorweiler-seeberg-nord"
ROLES = [
    None,
    "bewohnerin",
    "koordination-kalk",
    "koordination-chorweiler",
    "traeger",
    "geschaeftsstelle",
    "ratsmitglied",
    "admin",
]


def make_actor(name, *, office="kalk", public=True, at=KALK, kind=ActorKind.YOUTH_CENTRE, **kw):
    actor = Actor.objects.create(
        name=name,
        kind=kind,
        is_public=public,
        office=CoordinationOffice.objects.get(slug=office) if office else None,
        latitude=at[0] if at else None,
        longitude=at[1] if at else None,
        **kw,
    )
    services.actor_locate(actor=actor)
    return actor


@pytest.fixture
def actors(db):
    """A public and an internal actor of each of two offices."""
    return {
        "public kalk": make_actor("Bürgerhaus Kalk (öffentlich)"),
        "internal kalk": make_actor("Runde der Kalker Kitas (intern)", public=False),
        "public chorweiler": make_actor(
            "Jugendzentrum Chorweiler (öffentlich)", office=CHORWEILER_OFFICE, at=CHORWEILER
        ),
        "internal chorweiler": make_actor(
            "Elterncafé Chorweiler (intern)", office=CHORWEILER_OFFICE, at=CHORWEILER, public=False
        ),
    }


def as_user(client, login, username):
    if username:
        login(username)
    return client


def listed_names(response):
    return {a.name for a in response.context["page"].object_list}


# --- list ---------------------------------------------------------------------------------

LIST_SEES = {
    None: {"public kalk", "public chorweiler"},
    "bewohnerin": {"public kalk", "public chorweiler"},
    "koordination-kalk": {"public kalk", "public chorweiler", "internal kalk"},
    "koordination-chorweiler": {"public kalk", "public chorweiler", "internal chorweiler"},
    # The provider lead also sees the internal actors of the offices its provider runs
    # (the Diakonie runs both Kalk and Chorweiler in the demo data).
    "traeger": {"public kalk", "public chorweiler", "internal kalk", "internal chorweiler"},
    "geschaeftsstelle": set(),  # everything, see below
    "ratsmitglied": {"public kalk", "public chorweiler"},
    "admin": set(),
}


@pytest.mark.parametrize("username", ROLES)
def test_the_list_shows_what_each_role_may_see(client, login, actors, username):
    response = as_user(client, login, username).get(reverse("network:actors"))
    assert response.status_code == 200
    expected = LIST_SEES[username] or set(actors)
    assert listed_names(response) == {actors[key].name for key in expected}
    html = response.content.decode()
    for key in set(actors) - expected:
        assert actors[key].name not in html
    geo = as_user(client, login, username).get(reverse("network:actors_geojson"))
    names = {f["properties"]["name"] for f in json.loads(geo.content)["features"]}
    assert names == {actors[key].name for key in expected}


def test_the_list_is_a_table_with_kind_quarter_social_spaces_topics_and_a_badge(
    client, login, actors
):
    actors["internal kalk"].topics.set([Topic.objects.get(slug="bildung")])
    login("koordination-kalk")
    response = client.get(reverse("network:actors"))
    html = response.content.decode()
    page = check_page(response)
    assert page.problems == []
    assert "<table>" in html
    assert "Runde der Kalker Kitas (intern)" in html
    row = html[html.index("Runde der Kalker Kitas") :]
    row = row[: row.index("</tr>")]
    assert "Kalk" in row and "/sozialraeume/kalk/" in row
    assert "Bildung" in row
    assert 'class="badge"' in row
    assert "data-geojson-url=" in html  # the map of the listed actors


def test_the_public_list_keeps_to_the_content_security_policy_and_works_without_js(client, actors):
    response = client.get(reverse("network:actors") + "?art=youth_centre&q=Kalk")
    check_page(response)
    html = response.content.decode()
    # The filters are a plain GET form.
    assert 'method="get"' in html and 'name="sozialraum"' in html and 'name="thema"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sozialraum=kalk", {"public kalk"}),
        ("sozialraum=humboldt-gremberg-kalk-2006", {"public kalk"}),
        ("sozialraum=blumenberg-chorweiler-seeberg-nord", {"public chorweiler"}),
        ("stadtteil=802", {"public kalk"}),
        ("stadtteil=609", {"public chorweiler"}),
        ("art=kita", {"kita"}),
        ("thema=bildung", {"public chorweiler"}),
        ("q=chorweiler", {"public chorweiler"}),
        ("art=youth_centre&stadtteil=802", {"public kalk"}),
    ],
)
def test_filters_in_the_address(client, actors, query, expected):
    actors["kita"] = make_actor("Kita Sonnenschein", kind=ActorKind.KITA, at=None)
    actors["public chorweiler"].topics.set([Topic.objects.get(slug="bildung")])
    response = client.get(reverse("network:actors") + "?" + query)
    assert response.status_code == 200
    assert listed_names(response) == {actors[key].name for key in expected}


def test_the_name_search_ignores_case(client, actors):
    response = client.get(reverse("network:actors"), {"q": "bürgerHAUS kalk"})
    assert listed_names(response) == {actors["public kalk"].name}


def test_the_social_space_filter_includes_actors_serving_the_area(client, actors):
    serving = make_actor("Beratungsstelle Innenstadt", at=None)
    serving.areas_served.set([SocialSpace.objects.get(slug="kalk")])
    response = client.get(reverse("network:actors"), {"sozialraum": "kalk"})
    assert listed_names(response) == {actors["public kalk"].name, serving.name}


@pytest.mark.parametrize(
    "query",
    [
        "sozialraum=gibt-es-nicht",
        "stadtteil=999",
        "stadtteil=abc",
        "art=raumschiff",
        "thema=astronomie",
        "q=" + "x" * 300,
    ],
)
def test_unknown_filter_values_get_a_friendly_message_not_an_error(client, actors, query):
    response = client.get(reverse("network:actors") + "?" + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "message-warning" in html
    assert "was ignored" in html or "wurde nicht berücksichtigt" in html
    # The filter is ignored: every public actor is listed.
    assert listed_names(response) == {actors["public kalk"].name, actors["public chorweiler"].name}
    # The same address on the map data is a bad request.
    value = query.split("=", 1)
    geo = client.get(reverse("network:actors_geojson"), {value[0]: value[1]})
    assert geo.status_code == 400
    assert "error" in json.loads(geo.content)


def test_an_unknown_filter_next_to_a_valid_one_keeps_the_valid_one(client, actors):
    response = client.get(reverse("network:actors") + "?stadtteil=802&art=raumschiff")
    assert listed_names(response) == {actors["public kalk"].name}


def test_the_map_data_follows_the_filters_and_leaves_out_actors_without_point(client, actors):
    make_actor("Ohne Ort", at=None)
    response = client.get(reverse("network:actors"), {"stadtteil": "802"})
    url = response.context["geojson_url"]
    assert "stadtteil=802" in url
    geo = client.get(url)
    assert geo["Content-Type"].startswith("application/geo+json")
    assert "private" in geo["Cache-Control"]
    features = json.loads(geo.content)["features"]
    assert [f["properties"]["name"] for f in features] == [actors["public kalk"].name]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [KALK[1], KALK[0]]}
    assert features[0]["properties"]["url"] == actors["public kalk"].get_absolute_url()
    everything = json.loads(client.get(reverse("network:actors_geojson")).content)
    assert "Ohne Ort" not in {f["properties"]["name"] for f in everything["features"]}


def test_without_points_the_list_has_no_map(client):
    make_actor("Ohne Ort", at=None)
    html = client.get(reverse("network:actors")).content.decode()
    assert "Ohne Ort" in html
    assert "data-geojson-url" not in html
    assert "leaflet.js" not in html


def test_the_list_is_paginated_by_50_and_the_pages_keep_the_filters(client):
    Actor.objects.bulk_create(
        Actor(name=f"Verein {i:03}", kind=ActorKind.CLUB, is_public=True) for i in range(55)
    )
    first = client.get(reverse("network:actors"), {"art": "club"})
    assert len(first.context["page"].object_list) == 50
    html = first.content.decode()
    assert "?art=club&amp;seite=2" in html
    second = client.get(reverse("network:actors"), {"art": "club", "seite": "2"})
    assert [a.name for a in second.context["page"].object_list][0] == "Verein 050"
    assert len(second.context["page"].object_list) == 5
    # A page number that is no number or too high shows a page, not an error.
    assert client.get(reverse("network:actors"), {"seite": "x"}).status_code == 200
    assert client.get(reverse("network:actors"), {"seite": "99"}).status_code == 200


def _add_rows(count, offset):
    topics = list(Topic.objects.all()[:3])
    spaces = list(SocialSpace.objects.filter(slug__in=["kalk", "humboldt-gremberg-kalk-2006"]))
    office = CoordinationOffice.objects.get(slug="kalk")
    for i in range(count):
        actor = Actor.objects.create(
            name=f"Akteur {offset + i}",
            kind=ActorKind.CLUB,
            is_public=bool(i % 2),
            office=office,
            latitude=KALK[0],
            longitude=KALK[1],
        )
        actor.topics.set(topics)
        actor.social_spaces.set(spaces)
        actor.areas_served.set(spaces)


@pytest.mark.parametrize("username", [None, "koordination-kalk", "geschaeftsstelle"])
def test_the_number_of_queries_does_not_grow_with_the_actors(client, login, username):
    as_user(client, login, username)
    _add_rows(3, 0)
    url = reverse("network:actors") + "?sozialraum=kalk&thema=" + Topic.objects.first().slug
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_rows(30, 100)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) > 3
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    with CaptureQueriesContext(connection) as geo:
        client.get(reverse("network:actors_geojson"))
    assert len(geo) <= len(few)


# --- detail -------------------------------------------------------------------------------

INTERNAL_KALK_OPENS = {
    None: 404,
    "bewohnerin": 404,
    "koordination-kalk": 200,
    "koordination-chorweiler": 404,
    "traeger": 200,  # the provider running the office
    "geschaeftsstelle": 200,
    "ratsmitglied": 404,
    "admin": 200,
}


@pytest.mark.parametrize("username", ROLES)
def test_internal_actors_open_only_for_their_office_provider_and_programme_office(
    client, login, actors, username
):
    as_user(client, login, username)
    internal = actors["internal kalk"]
    response = client.get(internal.get_absolute_url())
    assert response.status_code == INTERNAL_KALK_OPENS[username]
    if response.status_code == 404:
        assert internal.name not in response.content.decode()
    else:
        assert "badge" in response.content.decode()
    geo = client.get(reverse("network:actor_geojson", args=[internal.pk]))
    assert geo.status_code == INTERNAL_KALK_OPENS[username]
    public = client.get(actors["public kalk"].get_absolute_url())
    assert public.status_code == 200


def test_the_detail_page_shows_address_location_topics_areas_and_website(client, actors):
    actor = actors["public kalk"]
    actor.street, actor.postal_code, actor.city = "Kalker Hauptstraße 1", "51103", "Köln"
    actor.website = "https://buergerhaus.example.org/"
    actor.save()
    actor.topics.set([Topic.objects.get(slug="kultur")])
    actor.areas_served.set([SocialSpace.objects.get(slug="kalk")])
    response = client.get(actor.get_absolute_url())
    html = response.content.decode()
    check_page(response)
    assert "Kalker Hauptstraße 1" in html and "51103" in html
    assert "/stadtteile/802/" in html  # quarter
    assert "80201" in html  # neighbourhood
    assert "/sozialraeume/kalk/" in html
    assert "/sozialraeume/humboldt-gremberg-kalk-2006/" in html
    assert "Kultur" in html
    assert "https://buergerhaus.example.org/" in html
    assert "50.9367" in html and "7.0071" in html
    assert reverse("network:actor_geojson", args=[actor.pk]) in html  # the small map
    assert "badge" not in html.split("<h1>")[1].split("</dl>")[0]  # not internal


def test_the_small_map_shows_the_point_and_the_quarter(client, actors):
    geo = client.get(reverse("network:actor_geojson", args=[actors["public kalk"].pk]))
    features = json.loads(geo.content)["features"]
    kinds = [f["properties"].get("kind") for f in features]
    assert kinds == ["quarter", ActorKind.YOUTH_CENTRE]
    assert features[0]["properties"]["number"] == "802"


def test_an_actor_without_point_has_no_map(client):
    actor = make_actor("Ohne Ort", at=None)
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "data-geojson-url" not in html
    assert "No location recorded" in html or "Kein Ort erfasst" in html


def test_an_unknown_actor_is_404(client):
    url = reverse("network:actor", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("username", ROLES)
def test_the_networks_listed_are_those_the_user_may_see(client, login, actors, username):
    actor = actors["public kalk"]
    kalk = SocialSpace.objects.get(slug="kalk")
    for name, office, public in [
        ("Stadtteilkonferenz Kalk", "kalk", True),
        ("Arbeitskreis intern Kalk", "kalk", False),
        ("Runder Tisch intern Chorweiler", CHORWEILER_OFFICE, False),
    ]:
        network = Network.objects.create(
            name=name,
            slug=name.lower().replace(" ", "-"),
            kind=NetworkKind.WORKING_GROUP,
            social_space=kalk,
            office=CoordinationOffice.objects.get(slug=office),
            is_public=public,
        )
        NetworkMembership.objects.create(network=network, actor=actor)
    as_user(client, login, username)
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "Stadtteilkonferenz Kalk" in html
    sees_kalk = username in {"koordination-kalk", "traeger", "geschaeftsstelle", "admin"}
    sees_chorweiler = username in {
        "koordination-chorweiler",
        "traeger",
        "geschaeftsstelle",
        "admin",
    }
    assert ("Arbeitskreis intern Kalk" in html) == sees_kalk
    assert ("Runder Tisch intern Chorweiler" in html) == sees_chorweiler


CONTACTS_SEE = {
    None: set(),
    "bewohnerin": set(),
    "koordination-kalk": {"Kalk"},
    "koordination-chorweiler": {"Chorweiler"},
    "traeger": set(),
    "geschaeftsstelle": {"Kalk", "Chorweiler"},
    "ratsmitglied": set(),
    "admin": {"Kalk", "Chorweiler"},
}


@pytest.mark.parametrize("username", ROLES)
def test_contacts_on_the_actor_page_only_for_their_office_and_the_programme_office(
    client, login, actors, username
):
    actor = actors["public kalk"]
    for office in ("kalk", CHORWEILER_OFFICE):
        Contact.objects.create(
            actor=actor,
            office=CoordinationOffice.objects.get(slug=office),
            name=f"Person aus {'Kalk' if office == 'kalk' else 'Chorweiler'}",
            purpose="Einladungen",
            legal_basis=LegalBasis.CONSENT,
        )
    as_user(client, login, username)
    response = client.get(actor.get_absolute_url())
    html = response.content.decode()
    for place in ("Kalk", "Chorweiler"):
        assert (f"Person aus {place}" in html) == (place in CONTACTS_SEE[username])
    seen = CONTACTS_SEE[username]
    assert ('id="contacts"' in html) == bool(seen)
    if seen:
        contact = Contact.objects.get(name=f"Person aus {sorted(seen)[0]}")
        assert reverse("network:contact_export", args=[contact.pk]) in html
        assert reverse("network:contact_erase", args=[contact.pk]) in html
        assert reverse("network:contact_add", args=[actor.pk]) in html


# --- add and edit -------------------------------------------------------------------------

ADD = {
    None: 302,
    "bewohnerin": 403,
    "koordination-kalk": 200,
    "koordination-chorweiler": 200,
    "traeger": 403,
    "geschaeftsstelle": 200,
    "ratsmitglied": 403,
    "admin": 200,
}


def form_data(**values):
    data = {"name": "Stadtteilbibliothek Kalk", "kind": "other", "is_public": "on"}
    data.update(values)
    return data


@pytest.mark.parametrize("username", ROLES)
def test_who_may_add_an_actor(client, login, username):
    as_user(client, login, username)
    url = reverse("network:actor_add")
    response = client.get(url)
    assert response.status_code == ADD[username]
    if username is None:
        assert response["Location"].startswith(reverse("accounts:login"))
    posted = client.post(url, form_data())
    assert Actor.objects.filter(name="Stadtteilbibliothek Kalk").exists() == (ADD[username] == 200)
    if ADD[username] == 200:
        assert posted.status_code in (200, 302)


def test_a_coordinator_adds_an_actor_for_their_office_located_by_its_point(client, login):
    login("koordination-kalk")
    response = client.get(reverse("network:actor_add"))
    check_page(response)
    html = response.content.decode()
    assert 'name="office"' not in html  # one office: nothing to choose
    assert "pick_point.js" in html and "data-pick-point" in html
    response = client.post(
        reverse("network:actor_add"),
        form_data(latitude="50.9367", longitude="7.0071", topics=[Topic.objects.first().pk]),
    )
    actor = Actor.objects.get(name="Stadtteilbibliothek Kalk")
    assert response.status_code == 302 and response["Location"] == actor.get_absolute_url()
    assert actor.office.slug == "kalk"
    assert actor.quarter.number == "802"
    assert actor.neighbourhood.number == "80201"
    assert {s.slug for s in actor.social_spaces.all()} == {"kalk", "humboldt-gremberg-kalk-2006"}
    page = client.get(actor.get_absolute_url()).content.decode()
    assert "was saved" in page or "wurde gespeichert" in page


def test_decimal_commas_are_understood_in_german(client, login):
    login("koordination-kalk")
    client.cookies["django_language"] = "de"
    client.post(reverse("network:actor_add"), form_data(latitude="50,9367", longitude="7,0071"))
    assert Actor.objects.get(name="Stadtteilbibliothek Kalk").quarter.number == "802"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"latitude": "50.9367"}, "longitude", "Enter the longitude as well"),
        ({"longitude": "7.0071"}, "latitude", "Enter the latitude as well"),
        ({"latitude": "200", "longitude": "7"}, "latitude", "between -90 and 90"),
        ({"latitude": "50", "longitude": "-500"}, "longitude", "between -180 and 180"),
        ({"latitude": "fünfzig", "longitude": "7"}, "latitude", "decimal number"),
        ({"latitude": "50.73", "longitude": "7.10"}, "latitude", "lies outside Köln"),
        ({"name": ""}, "name", "required"),
        ({"kind": "raumschiff"}, "kind", "not one of the available choices"),
        ({"website": "kein link"}, "website", "valid URL"),
        ({"postal_code": "2012-02-30"}, "postal_code", "is not a postal code such as 50667"),
        ({"postal_code": "5110"}, "postal_code", "is not a postal code such as 50667"),
        ({"website": "https://\u202egnp.exe"}, "website", "reverses the direction of the text"),
        ({"website": "https://exam\u2067ple.org"}, "website", "U+2067"),
        ({"email": "info@\u202eexample.org"}, "email", "reverses the direction of the text"),
    ],
)
def test_bad_input_is_explained_at_the_field(client, login, values, field, message):
    login("koordination-kalk")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("network:actor_add"), form_data(**values))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode()
    assert not Actor.objects.filter(name="Stadtteilbibliothek Kalk").exists()


def test_postal_codes_follow_the_default_country_and_are_written_as_there(client, login, settings):
    login("koordination-kalk")
    client.post(reverse("network:actor_add"), form_data(postal_code=" 51103 "))
    assert Actor.objects.get(name="Stadtteilbibliothek Kalk").postal_code == "51103"
    settings.VEEDEL_DEFAULT_COUNTRY = "NL"
    client.post(reverse("network:actor_add"), form_data(name="Buurthuis", postal_code="1012ab"))
    assert Actor.objects.get(name="Buurthuis").postal_code == "1012 AB"
    refused = client.post(reverse("network:actor_add"), form_data(name="Fout", postal_code="51103"))
    assert "postal_code" in refused.context["form"].errors
    settings.VEEDEL_DEFAULT_COUNTRY = "AT"
    client.post(reverse("network:actor_add"), form_data(name="Grätzl", postal_code="1100"))
    assert Actor.objects.get(name="Grätzl").postal_code == "1100"


def test_the_service_refuses_what_the_form_refuses(personas):
    """The rules sit on the model, so every way in (service, admin) keeps them."""
    from django.core.exceptions import ValidationError

    for data in (
        {"postal_code": "2012-02-30"},
        {"website": "https://\u202egnp.exe"},
        {"email": "info@\u202eexample.org"},
    ):
        with pytest.raises(ValidationError) as refused:
            services.actor_create(
                office=CoordinationOffice.objects.get(slug="kalk"),
                data={"name": "Verein", "kind": ActorKind.CLUB, **data},
                by=personas["koordination-kalk"],
            )
        assert set(refused.value.message_dict) == set(data)
    assert not Actor.objects.filter(name="Verein").exists()


def test_the_programme_office_chooses_any_office_or_none(client, login):
    login("geschaeftsstelle")
    response = client.get(reverse("network:actor_add"))
    choices = list(response.context["form"].fields["office"].queryset)
    assert len(choices) == CoordinationOffice.objects.count()
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER_OFFICE)
    client.post(reverse("network:actor_add"), form_data(office=chorweiler.pk))
    assert Actor.objects.get(name="Stadtteilbibliothek Kalk").office == chorweiler
    client.post(reverse("network:actor_add"), form_data(name="Ohne Stelle"))
    assert Actor.objects.get(name="Ohne Stelle").office is None


def test_a_coordinator_of_two_offices_chooses_among_their_own(client, login):
    kalk = CoordinationOffice.objects.get(slug="kalk")
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER_OFFICE)
    other = CoordinationOffice.objects.exclude(pk__in=[kalk.pk, chorweiler.pk]).first()
    user = user_set_role(
        user=User.objects.create_user("zwei-stellen"),
        role=Role.COORDINATOR,
        offices=[kalk, chorweiler],
    )
    client.force_login(user)
    response = client.get(reverse("network:actor_add"))
    field = response.context["form"].fields["office"]
    assert set(field.queryset) == {kalk, chorweiler}
    assert field.required
    refused = client.post(reverse("network:actor_add"), form_data(office=other.pk))
    assert "office" in refused.context["form"].errors
    missing = client.post(reverse("network:actor_add"), form_data())
    assert "office" in missing.context["form"].errors
    client.post(reverse("network:actor_add"), form_data(office=chorweiler.pk))
    assert Actor.objects.get(name="Stadtteilbibliothek Kalk").office == chorweiler


EDIT = {
    None: 302,
    "bewohnerin": 403,
    "koordination-kalk": 200,
    "koordination-chorweiler": 403,
    "traeger": 403,
    "geschaeftsstelle": 200,
    "ratsmitglied": 403,
    "admin": 200,
}


@pytest.mark.parametrize("username", ROLES)
def test_who_may_edit_an_actor(client, login, actors, username):
    actor = actors["public kalk"]
    as_user(client, login, username)
    url = reverse("network:actor_edit", args=[actor.pk])
    assert client.get(url).status_code == EDIT[username]
    client.post(url, form_data(name="Umbenannt", latitude=KALK[0], longitude=KALK[1]))
    actor.refresh_from_db()
    assert (actor.name == "Umbenannt") == (EDIT[username] == 200)
    detail = client.get(actor.get_absolute_url()).content.decode()
    assert (reverse("network:actor_edit", args=[actor.pk]) in detail) == (EDIT[username] == 200)


def test_editing_an_internal_actor_of_another_office_is_404(client, login, actors):
    login("koordination-chorweiler")
    url = reverse("network:actor_edit", args=[actors["internal kalk"].pk])
    assert client.get(url).status_code == 404


def test_editing_moves_and_removes_the_point(client, login, actors):
    actor = actors["public kalk"]
    login("koordination-kalk")
    url = reverse("network:actor_edit", args=[actor.pk])
    response = client.get(url)
    check_page(response)
    assert 'value="50.9367"' in response.content.decode()
    client.post(url, form_data(name=actor.name, latitude=CHORWEILER[0], longitude=CHORWEILER[1]))
    actor.refresh_from_db()
    assert actor.quarter.number == "609"
    client.post(url, form_data(name=actor.name, latitude="", longitude=""))
    actor.refresh_from_db()
    assert actor.latitude is None and actor.quarter is None
    assert not actor.social_spaces.exists()
    # Internal now, it leaves the public list.
    client.post(url, form_data(name=actor.name, is_public=""))
    client.logout()
    assert actor.name not in client.get(reverse("network:actors")).content.decode()
