"""Search documents never go stale: whatever changes what an offer's document holds updates it
in the same write, through the services and through the admin alike.

Each change is checked where a resident notices it: the directory's search (``?q=``) and the
HSDS API's ``search`` find the offer under the new name and no longer under the old one;
filters by quarter and social space follow a new outline.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from shapely.geometry import Point, mapping, shape

from veedel.areas import services as area_services
from veedel.areas.models import Quarter, SocialSpace
from veedel.core import textsearch
from veedel.network import services as actor_services
from veedel.network.models import Actor
from veedel.offers import services
from veedel.offers.models import Location, Offer, ServiceAtLocation, TaxonomyTerm
from veedel.offers.search import offer_document
from veedel.offers.tests.factories import POINTS, make_location, make_offer, make_taxonomies
from veedel.programme.loading import area_data_load
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("offers:directory")


def directory_finds(client, text: str, **filters) -> list[str]:
    response = client.get(DIRECTORY, {"q": text, **filters} if text else filters)
    assert response.status_code == 200
    return re.findall(r'<h3 id="offer-[^"]+"><a href="[^"]+">([^<]+)</a></h3>', response.text)


def api_finds(client, text: str) -> list[str]:
    response = client.get(reverse("hsds:services"), {"search": text})
    assert response.status_code == 200, response.content
    return [service["name"] for service in response.json()["contents"]]


def found_under(client, new: str, old: str, offer_name: str) -> None:
    """The new name finds the offer, in the directory and the API; the old one does not."""
    assert directory_finds(client, new) == [offer_name]
    assert api_finds(client, new) == [offer_name]
    assert directory_finds(client, old) == []
    assert api_finds(client, old) == []


def _value(form, name):
    value = form[name].value()
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return str(value)


def _form_data(form, data: dict) -> None:
    for name in form.fields:
        value = _value(form, name)
        if value is not None:
            data[form.add_prefix(name)] = value


def admin_post(client, obj, **changes):
    """Post the admin's change form of ``obj`` as a user would: every field as shown, with
    ``changes`` (field names of the main form; an inline's field as ``"prefix-0-name"``)."""
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    data: dict = {}
    _form_data(page.context["adminform"].form, data)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.initial_forms:
            _form_data(form, data)
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def office_admin(client, login):
    return login("geschaeftsstelle")


@pytest.fixture
def cafe():
    """An offer at an actor, with a topic, in the quarter Ehrenfeld (in no social space)."""
    make_taxonomies()
    actor = Actor.objects.create(
        name="Quittenhof", kind="club", office=None, latitude=50.9490, longitude=6.9160
    )
    actor_services.actor_locate(actor=actor)
    return make_offer(
        name="Nachbarschaftscafé",
        description="Kaffee und Kuchen am Nachmittag.",
        organization=actor,
        topics=["kultur"],
        point=POINTS["ehrenfeld"],
    )


# --- actors ---------------------------------------------------------------------------------


def test_renaming_an_actor_through_the_service_finds_its_offer_by_the_new_name(
    client, personas, cafe
):
    assert directory_finds(client, "Quittenhof") == ["Nachbarschaftscafé"]
    actor_services.actor_update(
        actor=cafe.organization, data={"name": "Zwetschgengarten"}, by=personas["geschaeftsstelle"]
    )
    found_under(client, "Zwetschgengarten", "Quittenhof", "Nachbarschaftscafé")


def test_renaming_an_actor_in_the_admin_finds_its_offer_by_the_new_name(client, office_admin, cafe):
    admin_post(client, cafe.organization, name="Zwetschgengarten")
    assert Actor.objects.get(pk=cafe.organization_id).name == "Zwetschgengarten"
    found_under(client, "Zwetschgengarten", "Quittenhof", "Nachbarschaftscafé")


def test_an_actor_made_internal_takes_its_offers_out_of_search_at_once(client, personas, cafe):
    actor_services.actor_update(
        actor=cafe.organization, data={"is_public": False}, by=personas["geschaeftsstelle"]
    )
    assert directory_finds(client, "Quittenhof") == []
    assert api_finds(client, "Quittenhof") == []
    assert directory_finds(client, "Nachbarschaftscafé") == []
    assert client.get(reverse("offers:offer", args=[cafe.pk])).status_code == 404
    assert not Offer.objects.get(pk=cafe.pk).is_public

    actor_services.actor_update(
        actor=cafe.organization, data={"is_public": True}, by=personas["geschaeftsstelle"]
    )
    assert api_finds(client, "Quittenhof") == ["Nachbarschaftscafé"]


def test_an_actor_made_internal_in_the_admin_takes_its_offers_out_of_search(
    client, office_admin, cafe
):
    admin_post(client, cafe.organization, is_public=None)  # the box unticked
    client.logout()
    assert directory_finds(client, "Quittenhof") == []
    assert api_finds(client, "Nachbarschaftscafé") == []


def test_deleting_an_actor_whose_place_another_offer_uses(client, personas, office_admin, cafe):
    """The place goes with the actor; the other organisation's offer keeps no trace of it."""
    host = Actor.objects.create(name="Gastgeberverein", kind="club")
    hall = make_location(point=POINTS["kalk"], address="Apfelallee 5", organization=host)
    ServiceAtLocation.objects.create(offer=cafe, location=hall)
    services.offer_saved(offer=cafe)
    assert directory_finds(client, "Apfelallee") == ["Nachbarschaftscafé"]
    assert directory_finds(client, "", sozialraum="kalk") == ["Nachbarschaftscafé"]

    response = client.post(reverse("admin:network_actor_delete", args=[host.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Actor.objects.filter(pk=host.pk).exists()
    assert directory_finds(client, "Apfelallee") == []
    assert directory_finds(client, "", sozialraum="kalk") == []
    assert directory_finds(client, "Quittenhof") == ["Nachbarschaftscafé"]


def _actors_imported(content: bytes, by) -> None:
    """An actor file, checked and imported as the import page does it."""
    from veedel.offers import imports
    from veedel.offers.imports.tables import table_read

    kalk = CoordinationOffice.objects.get(slug="kalk")
    check = imports.actors_check(
        table=table_read(name="akteure.csv", content=content), office=kalk, by=by
    )
    assert check.ok, [str(problem) for problem in check.problems]
    imports.actors_import(check=check, office=kalk, by=by)


def test_renaming_an_actor_by_import_finds_its_offer_by_the_new_name(client, personas, cafe):
    _actors_imported(
        f"id;name;art\n{cafe.organization_id};Zwetschgengarten;club\n".encode(),
        personas["geschaeftsstelle"],
    )
    assert Actor.objects.get(pk=cafe.organization_id).name == "Zwetschgengarten"
    found_under(client, "Zwetschgengarten", "Quittenhof", "Nachbarschaftscafé")


def test_an_actor_made_internal_by_import_takes_its_offers_out_of_search(client, personas, cafe):
    _actors_imported(
        f"id;name;art;oeffentlich\n{cafe.organization_id};Quittenhof;club;nein\n".encode(),
        personas["geschaeftsstelle"],
    )
    assert directory_finds(client, "Quittenhof") == []
    assert api_finds(client, "Nachbarschaftscafé") == []


def test_an_actor_with_offers_is_not_deleted(personas, cafe):
    with pytest.raises(ProtectedError):
        actor_services.actor_delete(actor=cafe.organization, by=personas["geschaeftsstelle"])
    assert Offer.objects.filter(pk=cafe.pk).exists()


# --- taxonomy terms -------------------------------------------------------------------------


def test_renaming_a_term_through_the_service(client, personas, cafe):
    term = TaxonomyTerm.objects.get(code="kultur")
    assert api_finds(client, "Kultur") == ["Nachbarschaftscafé"]
    # Its names in every language go into the documents; the Turkish "Kültür" would still
    # find "Kultur", so the term is renamed in Turkish too.
    services.taxonomy_term_update(
        term=term,
        data={"name": "Theaterkunst", "name_tr": "Tiyatro sanatı"},
        by=personas["geschaeftsstelle"],
    )
    found_under(client, "Theaterkunst", "Kultur", "Nachbarschaftscafé")
    found_under(client, "Tiyatro", "Kültür", "Nachbarschaftscafé")


def test_renaming_a_term_in_the_admin(client, office_admin, cafe):
    term = TaxonomyTerm.objects.get(code="kultur")
    admin_post(client, term, name_de="Theaterkunst", name_tr="Tiyatro sanatı")
    found_under(client, "Theaterkunst", "Kultur", "Nachbarschaftscafé")


def test_renaming_a_term_in_its_taxonomys_admin_page(client, office_admin, cafe):
    term = TaxonomyTerm.objects.get(code="kultur")
    page = client.get(reverse("admin:offers_taxonomy_change", args=[term.taxonomy_id]))
    formset = page.context["inline_admin_formsets"][0].formset
    index = next(i for i, f in enumerate(formset.initial_forms) if f.instance.pk == term.pk)
    admin_post(
        client,
        term.taxonomy,
        **{
            f"{formset.prefix}-{index}-name_de": "Theaterkunst",
            f"{formset.prefix}-{index}-name_tr": "Tiyatro sanatı",
        },
    )
    found_under(client, "Theaterkunst", "Kultur", "Nachbarschaftscafé")


def test_deleting_a_term_in_the_admin_forgets_it_in_search(client, office_admin, cafe):
    term = TaxonomyTerm.objects.get(code="kultur")
    response = client.post(
        reverse("admin:offers_taxonomyterm_delete", args=[term.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert api_finds(client, "Kultur") == []
    assert "/t/" not in Offer.objects.get(pk=cafe.pk).search_document


def test_reloading_the_taxonomies_renames_terms_and_their_offers_follow(client, cafe):
    from veedel.offers.taxonomy import taxonomies_load

    TaxonomyTerm.objects.filter(code="kultur").update(name="Theaterkunst")
    services.offers_reindex_where(
        term_ids=TaxonomyTerm.objects.filter(code="kultur").values_list("pk", flat=True)
    )
    assert api_finds(client, "Theaterkunst") == ["Nachbarschaftscafé"]
    taxonomies_load()  # gives the term the topic's name again
    found_under(client, "Kultur", "Theaterkunst", "Nachbarschaftscafé")


# --- places and areas -----------------------------------------------------------------------


def test_renaming_a_quarter_through_the_service(client, personas, cafe):
    quarter = Quarter.objects.get(number="401")
    assert directory_finds(client, "Ehrenfeld") == ["Nachbarschaftscafé"]
    area_services.area_update(
        area=quarter, data={"name": "Wolkenheim"}, by=personas["geschaeftsstelle"]
    )
    found_under(client, "Wolkenheim", "Ehrenfeld", "Nachbarschaftscafé")


def test_renaming_a_quarter_in_the_admin(client, office_admin, cafe):
    admin_post(client, Quarter.objects.get(number="401"), name="Wolkenheim")
    found_under(client, "Wolkenheim", "Ehrenfeld", "Nachbarschaftscafé")


def test_renaming_a_social_space_in_the_admin(client, office_admin):
    offer = make_offer(name="Spielgruppe", description="Spielen.", point=POINTS["kalk"])
    space = SocialSpace.objects.get(slug="humboldt-gremberg-kalk-2006")
    assert api_finds(client, "Humboldt") == ["Spielgruppe"]
    admin_post(client, space, name="Nordlicht")
    found_under(client, "Nordlicht", "Humboldt", offer.name)


def test_a_location_changed_in_the_admin_moves_its_offers_in_search(client, office_admin, cafe):
    location = cafe.at_locations.get().location
    admin_post(
        client,
        location,
        address_1="Birnenweg 7",
        latitude=str(POINTS["kalk"][0]),
        longitude=str(POINTS["kalk"][1]),
    )
    found_under(client, "Birnenweg", "Venloer", "Nachbarschaftscafé")
    assert directory_finds(client, "", stadtteil="802") == ["Nachbarschaftscafé"]
    assert directory_finds(client, "", stadtteil="401") == []


def test_deleting_a_location_in_the_admin_forgets_it_in_search(client, office_admin, cafe):
    location = cafe.at_locations.get().location
    response = client.post(
        reverse("admin:offers_location_delete", args=[location.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert directory_finds(client, "Venloer") == []
    assert directory_finds(client, "Quittenhof") == ["Nachbarschaftscafé"]


def _move_point_between_quarters(data_dir, point, source: str, target: str) -> None:
    """Give the quarter ``target`` a small disk around ``point`` that ``source`` loses."""
    path = data_dir / "koeln_stadtteile.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    disk = Point(point[1], point[0]).buffer(0.002)
    for feature in collection["features"]:
        number = str(feature["properties"]["stadtteil_nr"])
        if number == source:
            feature["geometry"] = mapping(shape(feature["geometry"]).difference(disk))
        elif number == target:
            feature["geometry"] = mapping(shape(feature["geometry"]).union(disk))
    path.write_text(json.dumps(collection), encoding="utf-8")


def test_a_new_outline_of_a_quarter_places_the_offers_again(client, tmp_path):
    """Kalk's outline loses the corner with the offer to Ehrenfeld (the loader is how outlines
    change): filters by quarter and social space follow at once."""
    offer = make_offer(name="Spielgruppe", description="Spielen.", point=POINTS["kalk"])
    assert directory_finds(client, "", stadtteil="802") == ["Spielgruppe"]
    assert directory_finds(client, "", sozialraum="kalk") == ["Spielgruppe"]
    data_dir = tmp_path / "data"
    shutil.copytree(settings.VEEDEL_AREA_DATA_DIR, data_dir)
    _move_point_between_quarters(data_dir, POINTS["kalk"], source="802", target="401")

    area_data_load(data_dir=data_dir)

    location = Location.objects.get(offers_here__offer=offer)
    assert location.quarter.number == "401"
    assert not location.social_spaces.exists()
    assert directory_finds(client, "", stadtteil="401") == ["Spielgruppe"]
    assert directory_finds(client, "", stadtteil="802") == []
    assert directory_finds(client, "", sozialraum="kalk") == []
    assert api_finds(client, "Ehrenfeld") == ["Spielgruppe"]
    assert Offer.objects.get(pk=offer.pk).search_document == offer_document(
        Offer.objects.get(pk=offer.pk)
    )


# --- cost -----------------------------------------------------------------------------------


def _many_offers(actor: Actor, count: int) -> None:
    """``count`` offers of ``actor``, each with a topic, a language and a place, in bulk."""
    from veedel.offers.models import Language

    term = TaxonomyTerm.objects.get(code="kultur")
    location = make_location(point=POINTS["ehrenfeld"], organization=actor)
    offers = Offer.objects.bulk_create(
        Offer(organization=actor, name=f"Kurs {number}", description="Jeden Tag etwas Neues.")
        for number in range(count)
    )
    Offer.taxonomy_terms.through.objects.bulk_create(
        Offer.taxonomy_terms.through(offer_id=offer.pk, taxonomyterm_id=term.pk) for offer in offers
    )
    Language.objects.bulk_create(
        Language(offer=offer, code="de", name="Deutsch") for offer in offers
    )
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(offer=offer, location=location) for offer in offers
    )
    services.offers_reindex_where(actor_ids=[actor.pk])


def test_renaming_an_actor_with_many_offers_takes_a_fixed_number_of_queries_per_batch(
    personas, cafe
):
    actor = cafe.organization
    _many_offers(actor, 1200)  # three batches of 500
    with CaptureQueriesContext(connection) as queries:
        actor_services.actor_update(
            actor=actor, data={"name": "Zwetschgengarten"}, by=personas["geschaeftsstelle"]
        )
    # The actor's own write (about 12 queries) and 7 or 8 per batch of 500 offers (SQLite
    # writes a batch in two UPDATEs): about 35, where one query per offer would be 1 200.
    assert len(queries) <= 12 + 3 * 8, "\n".join(q["sql"][:120] for q in queries)
    assert Offer.objects.filter(organization=actor).count() == 1201
    old, new = textsearch.document("Quittenhof"), textsearch.document("Zwetschgengarten")
    assert not Offer.objects.filter(search_document__contains=old).exists()
    assert Offer.objects.filter(search_document__contains=new).count() == 1201


def test_the_batch_reindex_writes_what_offer_document_reads(cafe):
    """``offer_reindex`` reads plain rows; one offer read as an instance gives the same."""
    second = make_location(point=POINTS["kalk"], address="Apfelallee 5", is_barrier_free=True)
    ServiceAtLocation.objects.create(offer=cafe, location=second)
    cafe.taxonomy_terms.add(TaxonomyTerm.objects.get(code="senioren"))
    services.offer_saved(offer=cafe)
    stored = Offer.objects.get(pk=cafe.pk).search_document
    assert stored == offer_document(Offer.objects.get(pk=cafe.pk))
    assert " apfelalle " in stored and "/f/barrierfree" in stored and " senior " in stored
