"""Exports of offers (CSV, Excel, HSDS JSON) and actors (CSV, Excel): only what the user may
see, the columns of the import, and an export imports again without changing anything."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from veedel.offers import imports
from veedel.offers.imports.tables import table_read
from veedel.offers.models import Offer, ServiceStatus
from veedel.offers.tests.factories import make_actor, make_offer, make_taxonomies
from veedel.offers.tests.test_api import own_check, schema_check
from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db

CHORWEILER = "blumenberg-chorweiler-seeberg-nord"


@pytest.fixture
def offers(db):
    make_taxonomies()
    kalk = CoordinationOffice.objects.get(slug="kalk")
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    centre = make_actor(name="Bürgerzentrum Kalk", office=kalk)
    return {
        "public": make_offer(
            name="Sprachcafé",
            organization=centre,
            office=kalk,
            topics=["bildung"],
            target_groups=["gefluechtete"],
            languages=["de", "ar"],
            schedules=[("MO", "09:00", "12:00"), ("WE", "14:00", "17:00")],
            phones=["+49 221 123456"],
            minimum_age=16,
            is_free=True,
            description='=HYPERLINK("http://evil.example")',
        ),
        "kalk_draft": make_offer(
            name="Entwurf Kalk", organization=centre, office=kalk, is_published=False
        ),
        "chorweiler_draft": make_offer(
            name="Entwurf Chorweiler", office=chorweiler, is_published=False
        ),
        "defunct": make_offer(name="Eingestellt", office=kalk, status=ServiceStatus.DEFUNCT),
        "internal": make_offer(
            name="Intern Chorweiler",
            office=chorweiler,
            organization_name="Interner Kreis",
            actor_public=False,
        ),
    }


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))


def names(rows) -> set[str]:
    return {row["name"] for row in rows}


VISIBLE = {
    None: {"Sprachcafé"},
    "bewohnerin": {"Sprachcafé"},
    "traeger": {"Sprachcafé"},
    "koordination-kalk": {"Sprachcafé", "Entwurf Kalk", "Eingestellt"},
    "koordination-chorweiler": {"Sprachcafé", "Entwurf Chorweiler", "Intern Chorweiler"},
    "geschaeftsstelle": {
        "Sprachcafé",
        "Entwurf Kalk",
        "Entwurf Chorweiler",
        "Eingestellt",
        "Intern Chorweiler",
    },
}


@pytest.mark.parametrize("username", list(VISIBLE))
def test_offer_exports_hold_only_what_the_user_may_see(client, login, offers, username):
    if username:
        client = login(username)
    response = client.get(reverse("offers:export_offers_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert names(csv_rows(response)) == VISIBLE[username]
    hsds = json.loads(b"".join(client.get(reverse("offers:export_offers_json")).streaming_content))
    assert {s["name"] for s in hsds} == VISIBLE[username]
    workbook = client.get(reverse("offers:export_offers_xlsx"))
    table = table_read(name="a.xlsx", content=workbook.content)
    assert {cells[1] for _line, cells in table.rows} == VISIBLE[username]


def test_the_csv_has_the_import_columns_and_readable_values(client, offers):
    (row,) = csv_rows(client.get(reverse("offers:export_offers_csv")))
    assert list(row) == imports.OFFER_HEADERS
    assert row["id"] == str(offers["public"].pk)
    assert row["organisation"] == "Bürgerzentrum Kalk"
    assert row["themen"] == "bildung" and row["zielgruppen"] == "gefluechtete"
    assert row["sprachen"] == "ar; de"
    assert row["wochentage"] == "MO 09:00-12:00; MI 14:00-17:00"
    assert row["kostenlos"] == "ja" and row["veroeffentlicht"] == "ja"
    assert row["alter_von"] == "16" and row["alter_bis"] == ""
    assert row["breite"].startswith("50,9")  # decimal comma for German spreadsheets
    assert row["telefon"] == "+49 221 123456"  # a phone number is no formula
    assert row["beschreibung"].startswith("'=HYPERLINK")  # a formula is defused


def test_the_workbook_keeps_text_as_text_and_numbers_as_numbers(client, offers):
    from openpyxl import load_workbook

    response = client.get(reverse("offers:export_offers_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == imports.OFFER_HEADERS
    row = {h: cell for h, cell in zip(header, sheet[2], strict=True)}
    assert row["alter_von"].value == 16
    assert isinstance(row["breite"].value, float)
    assert row["beschreibung"].data_type == "s"  # not a formula


def test_the_hsds_export_validates(client, login, offers):
    response = login("geschaeftsstelle").get(reverse("offers:export_offers_json"))
    assert response["Content-Type"] == "application/json"
    services = json.loads(b"".join(response.streaming_content))
    assert len(services) == 5
    for service in services:
        own_check(service, "service")
        schema_check(service, "service")


ACTORS_VISIBLE = {
    None: {"Bürgerzentrum Kalk", "Bürgerzentrum Beispiel"},
    "koordination-kalk": {"Bürgerzentrum Kalk", "Bürgerzentrum Beispiel", "Kalk intern"},
    # The demo provider runs both offices.
    "traeger": {"Bürgerzentrum Kalk", "Bürgerzentrum Beispiel", "Kalk intern", "Interner Kreis"},
    "koordination-chorweiler": {"Bürgerzentrum Kalk", "Bürgerzentrum Beispiel", "Interner Kreis"},
}


@pytest.mark.parametrize("username", list(ACTORS_VISIBLE))
def test_actor_exports_hold_only_what_the_user_may_see(client, login, offers, username):
    make_actor(
        name="Kalk intern", is_public=False, office=CoordinationOffice.objects.get(slug="kalk")
    )
    if username:
        client = login(username)
    rows = csv_rows(client.get(reverse("offers:export_actors_csv")))
    exported = names(rows)
    assert ACTORS_VISIBLE[username] <= exported
    hidden = {"Kalk intern", "Interner Kreis"} - ACTORS_VISIBLE[username]
    assert not hidden & exported
    assert list(rows[0]) == imports.ACTOR_HEADERS
    workbook = client.get(reverse("offers:export_actors_xlsx"))
    table = table_read(name="a.xlsx", content=workbook.content)
    assert {cells[1] for _line, cells in table.rows} == exported


def test_an_offer_export_imports_again_without_changes(client, login, offers, personas):
    kalk = CoordinationOffice.objects.get(slug="kalk")
    user = personas["koordination-kalk"]
    before = {o.pk: o.modified for o in Offer.objects.all()}
    for name in ("export_offers_csv", "export_offers_xlsx"):
        response = login("koordination-kalk").get(reverse(f"offers:{name}"))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        fmt = "xlsx" if name.endswith("xlsx") else "csv"
        check = imports.offers_check(
            table=table_read(name=f"a.{fmt}", content=content), office=kalk, by=user
        )
        assert not check.problems, [str(p) for p in check.problems]
        result = imports.offers_import(check=check, office=kalk, by=user)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert {o.pk: o.modified for o in Offer.objects.all()} == before


def test_an_actor_export_imports_again_without_changes(login, offers, personas):
    kalk = CoordinationOffice.objects.get(slug="kalk")
    user = personas["koordination-kalk"]
    response = login("koordination-kalk").get(reverse("offers:export_actors_csv"))
    content = b"".join(response.streaming_content)
    check = imports.actors_check(
        table=table_read(name="a.csv", content=content), office=kalk, by=user
    )
    assert not check.problems, [str(p) for p in check.problems]
    # Public actors of other offices are in the export: unchanged, they are no problem.
    result = imports.actors_import(check=check, office=kalk, by=user)
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == len(check.rows) >= 3


def test_an_edited_export_changes_what_was_edited(login, offers, personas):
    kalk = CoordinationOffice.objects.get(slug="kalk")
    user = personas["koordination-kalk"]
    body = b"".join(
        login("koordination-kalk").get(reverse("offers:export_offers_csv")).streaming_content
    )
    text = body.decode("utf-8").replace("MO 09:00-12:00; MI 14:00-17:00", "FR 10:00-12:00")
    check = imports.offers_check(
        table=table_read(name="a.csv", content=text.encode()), office=kalk, by=user
    )
    result = imports.offers_import(check=check, office=kalk, by=user)
    assert (result.updated, result.unchanged) == (1, 2)
    offer = offers["public"]
    assert [(s.byday, f"{s.opens_at:%H:%M}") for s in offer.schedules.all()] == [("FR", "10:00")]
    assert offer.at_locations.count() == 1


@pytest.mark.parametrize(
    "name", ["export_offers_csv", "export_offers_xlsx", "export_offers_json", "export_actors_csv"]
)
def test_export_query_counts_do_not_grow(login, offers, name):
    client = login("geschaeftsstelle")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(f"offers:{name}"))
            if response.streaming:
                b"".join(response.streaming_content)
        return len(queries)

    few = count()
    for i in range(5):
        make_offer(
            name=f"Mehr {i}",
            topics=["sport"],
            target_groups=["alle"],
            languages=["de", "tr"],
            phones=["0221 1"],
            actor_public=bool(i % 2),
        )
    assert count() == few
