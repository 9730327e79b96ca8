"""Writes on actors and contacts: location by point-in-polygon, office rules, GDPR export and
erasure."""

import json

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from veedel.network import services
from veedel.network.models import Actor, ActorKind, Contact, LegalBasis
from veedel.programme.models import CoordinationOffice, Topic

pytestmark = pytest.mark.django_db

KALK = (50.9367, 7.0071)  # quarter 802 Kalk, neighbourhood 80201
CHORWEILER = (51.0275, 6.8979)  # quarter 609 Chorweiler
BONN = (50.73, 7.10)  # outside Köln


def office(slug):
    return CoordinationOffice.objects.get(slug=slug)


def data(**values):
    base = {"name": "Jugendzentrum Beispiel", "kind": ActorKind.YOUTH_CENTRE, "is_public": True}
    base.update(values)
    return base


def point(lat_lon):
    return {"latitude": lat_lon[0], "longitude": lat_lon[1]}


def slugs(actor):
    return sorted(s.slug for s in actor.social_spaces.all())


def test_a_point_in_kalk_locates_quarter_neighbourhood_and_social_spaces(personas):
    actor = services.actor_create(
        office=office("kalk"), data=data(**point(KALK)), by=personas["koordination-kalk"]
    )
    actor.refresh_from_db()
    assert actor.quarter.number == "802"
    assert actor.neighbourhood.number == "80201"
    assert slugs(actor) == ["humboldt-gremberg-kalk-2006", "kalk"]
    assert actor.office.slug == "kalk"


def test_moving_the_point_moves_the_areas_and_removing_it_clears_them(personas):
    by = personas["koordination-kalk"]
    actor = services.actor_create(office=office("kalk"), data=data(**point(KALK)), by=by)
    services.actor_update(actor=actor, data=point(CHORWEILER), by=by)
    actor.refresh_from_db()
    assert actor.quarter.number == "609"
    assert "blumenberg-chorweiler-seeberg-nord" in slugs(actor)
    assert "kalk" not in slugs(actor)

    services.actor_update(actor=actor, data={"latitude": None, "longitude": None}, by=by)
    actor.refresh_from_db()
    assert actor.quarter is None and actor.neighbourhood is None
    assert slugs(actor) == []


def test_a_point_outside_the_city_is_refused_and_nothing_is_written(personas):
    before = Actor.objects.count()
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.actor_create(
            office=office("kalk"), data=data(**point(BONN)), by=personas["koordination-kalk"]
        )
    assert "lies outside Köln" in " ".join(refused.value.message_dict["latitude"])
    assert Actor.objects.count() == before


def test_an_update_to_a_point_outside_the_city_keeps_the_old_point(personas):
    by = personas["koordination-kalk"]
    actor = services.actor_create(office=office("kalk"), data=data(**point(KALK)), by=by)
    with pytest.raises(ValidationError):
        services.actor_update(actor=Actor.objects.get(pk=actor.pk), data=point(BONN), by=by)
    actor.refresh_from_db()
    assert (actor.latitude, actor.longitude) == KALK
    assert actor.quarter.number == "802"


def test_half_a_point_is_refused(personas):
    with pytest.raises(ValidationError) as refused:
        services.actor_create(
            office=office("kalk"), data=data(latitude=50.9), by=personas["koordination-kalk"]
        )
    assert "longitude" in refused.value.message_dict


def test_topics_and_areas_served_are_set(personas):
    topic = Topic.objects.get(slug="bildung")
    actor = services.actor_create(
        office=office("kalk"),
        data=data(topics=[topic], areas_served=list(office("kalk").social_spaces.all())),
        by=personas["koordination-kalk"],
    )
    assert [t.slug for t in actor.topics.all()] == ["bildung"]
    assert {s.slug for s in actor.areas_served.all()} >= {"kalk"}


@pytest.mark.parametrize(
    "username", ["bewohnerin", "traeger", "ratsmitglied", "koordination-chorweiler"]
)
def test_only_the_office_and_the_programme_office_create_actors_for_an_office(personas, username):
    with pytest.raises(PermissionDenied):
        services.actor_create(office=office("kalk"), data=data(), by=personas[username])


def test_the_programme_office_may_keep_an_actor_without_office(personas):
    actor = services.actor_create(office=None, data=data(), by=personas["geschaeftsstelle"])
    assert actor.office is None


def test_a_coordinator_cannot_hand_an_actor_to_another_office(personas):
    by = personas["koordination-kalk"]
    actor = services.actor_create(office=office("kalk"), data=data(), by=by)
    with pytest.raises(PermissionDenied):
        services.actor_update(
            actor=actor, data={"office": office("blumenberg-chorweiler-seeberg-nord")}, by=by
        )
    assert Actor.objects.get(pk=actor.pk).office.slug == "kalk"


def test_unknown_fields_are_a_programming_error(personas):
    with pytest.raises(ValueError, match="quarter"):
        services.actor_create(
            office=office("kalk"), data=data(quarter=None), by=personas["koordination-kalk"]
        )


def test_actor_locate_derives_the_areas_of_a_saved_actor():
    actor = Actor.objects.create(name="Kita Beispiel", kind=ActorKind.KITA, **point(KALK))
    services.actor_locate(actor=actor)
    actor.refresh_from_db()
    assert actor.quarter.number == "802"
    assert "kalk" in slugs(actor)


# --- contacts -----------------------------------------------------------------------------


@pytest.fixture
def contact(personas):
    actor = services.actor_create(
        office=office("kalk"), data=data(), by=personas["koordination-kalk"]
    )
    return services.contact_create(
        actor=actor,
        office=office("kalk"),
        data={
            "name": "Erika Beispielfrau",
            "function": "Leitung",
            "email": "erika@example.org",
            "phone": "0221 000000",
            "purpose": "Einladungen zur Stadtteilkonferenz",
            "legal_basis": LegalBasis.CONSENT,
        },
        by=personas["koordination-kalk"],
    )


def test_a_contact_needs_purpose_and_legal_basis(personas):
    actor = services.actor_create(
        office=office("kalk"), data=data(), by=personas["koordination-kalk"]
    )
    with pytest.raises(ValidationError) as refused:
        services.contact_create(
            actor=actor,
            office=office("kalk"),
            data={"name": "Max Muster", "purpose": "", "legal_basis": ""},
            by=personas["koordination-kalk"],
        )
    assert {"purpose", "legal_basis"} <= set(refused.value.message_dict)
    assert not Contact.objects.filter(name="Max Muster").exists()


def test_a_coordinator_cannot_keep_a_contact_for_another_office(personas):
    actor = services.actor_create(
        office=office("kalk"), data=data(), by=personas["koordination-kalk"]
    )
    with pytest.raises(PermissionDenied):
        services.contact_create(
            actor=actor,
            office=office("kalk"),
            data={"name": "X", "purpose": "p", "legal_basis": LegalBasis.CONSENT},
            by=personas["koordination-chorweiler"],
        )


def test_the_export_holds_everything_stored_about_the_person(contact):
    exported = services.contact_export(contact=contact)
    json.dumps(exported)  # ready for JSON as it is
    assert exported["name"] == "Erika Beispielfrau"
    assert exported["function"] == "Leitung"
    assert exported["email"] == "erika@example.org"
    assert exported["phone"] == "0221 000000"
    assert exported["actor"]["name"] == "Jugendzentrum Beispiel"
    assert exported["kept_by_office"]["slug"] == "kalk"
    assert exported["purpose"] == "Einladungen zur Stadtteilkonferenz"
    assert exported["legal_basis"]["code"] == "consent"
    assert exported["created"] and exported["modified"]
    stored = {f.name for f in Contact._meta.concrete_fields} - {"id", "office", "actor"}
    assert stored <= set(exported), "every stored field is exported"


def test_erasure_deletes_the_row_and_the_admin_log_about_it(contact, personas):
    LogEntry.objects.log_actions(
        user_id=personas["geschaeftsstelle"].pk,
        queryset=[contact],
        action_flag=ADDITION,
        change_message="",
    )
    result = services.contact_erase(contact=contact, by=personas["koordination-kalk"])
    assert result is None
    assert not Contact.objects.filter(name="Erika Beispielfrau").exists()
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact)
    ).exists()
    assert not LogEntry.objects.filter(object_repr__contains="Erika").exists()


@pytest.mark.parametrize("username", ["koordination-chorweiler", "traeger", "ratsmitglied"])
def test_others_cannot_erase_or_change_a_contact(contact, personas, username):
    with pytest.raises(PermissionDenied):
        services.contact_erase(contact=contact, by=personas[username])
    with pytest.raises(PermissionDenied):
        services.contact_update(contact=contact, data={"name": "Y"}, by=personas[username])
    assert Contact.objects.get(pk=contact.pk).name == "Erika Beispielfrau"


def test_the_programme_office_may_erase(contact, personas):
    services.contact_erase(contact=contact, by=personas["geschaeftsstelle"])
    assert not Contact.objects.filter(pk=contact.pk).exists()
