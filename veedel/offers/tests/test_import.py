"""Import of offers and actors from CSV and Excel: reading, checking every row, the preview,
all-or-nothing writing, permissions, and refusals with the reason."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from veedel.core.tests.pages import check_page
from veedel.network.models import Actor
from veedel.offers import imports
from veedel.offers.imports.tables import MAX_BYTES, MAX_ROWS, table_read
from veedel.offers.models import Offer, Schedule
from veedel.offers.tests.factories import POINTS, make_actor, make_offer, make_taxonomies
from veedel.programme.models import CoordinationOffice, OfficeStaff

pytestmark = pytest.mark.django_db

CHORWEILER = "blumenberg-chorweiler-seeberg-nord"
HEADER = [
    "name",
    "beschreibung",
    "organisation",
    "themen",
    "zielgruppen",
    "alter_von",
    "alter_bis",
    "sprachen",
    "kostenlos",
    "barrierefrei",
    "strasse",
    "plz",
    "ort",
    "breite",
    "laenge",
    "wochentage",
    "telefon",
    "email",
    "website",
    "geprueft_am",
]


def offer_row(name="Sprachcafé", **values) -> list[str]:
    row = {
        "name": name,
        "beschreibung": "Deutsch üben bei Kaffee.",
        "organisation": "Bürgerzentrum Kalk",
        "themen": "bildung",
        "zielgruppen": "gefluechtete; familien",
        "alter_von": "16",
        "alter_bis": "",
        "sprachen": "de; ar",
        "kostenlos": "ja",
        "barrierefrei": "nein",
        "strasse": "Kalker Hauptstraße 100",
        "plz": "51103",
        "ort": "Köln",
        "breite": "50,9395",
        "laenge": "6,9990",
        "wochentage": "MO 09:00-12:00; MI 14:00-17:00",
        "telefon": "0221 123456",
        "email": "sprachcafe@example.org",
        "website": "www.sprachcafe.example.org",
        "geprueft_am": "01.03.2024",
    }
    row.update(values)
    return [row[h] for h in HEADER]


def csv_bytes(rows, header=HEADER, delimiter=";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_file(rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.VEEDEL_IMPORT_DIR = tmp_path / "imports"
    return settings.VEEDEL_IMPORT_DIR


@pytest.fixture
def kalk():
    return CoordinationOffice.objects.get(slug="kalk")


@pytest.fixture
def centre(db, kalk):
    make_taxonomies()
    return make_actor(name="Bürgerzentrum Kalk", office=kalk)


def check_offers(content: bytes, user, office, name="angebote.csv", language="en"):
    """Check a file; the problems are worded in ``language`` (English unless asked)."""
    with translation.override(language):
        table = table_read(name=name, content=content)
        return imports.offers_check(table=table, office=office, by=user)


def messages_of(check) -> list[str]:
    with translation.override("en"):
        return [str(p) for p in check.problems]


# --- reading files ------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_with_either_separator_and_a_byte_order_mark(delimiter):
    content = "\ufeff".encode() + csv_bytes([offer_row()], delimiter=delimiter)
    table = table_read(name="Angebote.CSV", content=content)
    assert table.headers == HEADER
    assert table.rows[0][0] == 2 and table.rows[0][1][0] == "Sprachcafé"


def test_excel_cells_become_text_as_typed():
    row = offer_row(alter_von=16, breite=50.9395, geprueft_am=datetime.datetime(2024, 3, 1))
    table = table_read(name="angebote.xlsx", content=xlsx_file([row]))
    cells = dict(zip(table.headers, table.rows[0][1], strict=True))
    assert (cells["alter_von"], cells["breite"], cells["geprueft_am"]) == (
        "16",
        "50.9395",
        "2024-03-01",
    )


def test_empty_rows_are_skipped_and_row_numbers_are_the_spreadsheets():
    content = csv_bytes([offer_row("A"), [""] * len(HEADER), offer_row("B")])
    table = table_read(name="a.csv", content=content)
    assert [line for line, _cells in table.rows] == [2, 4]


REFUSED = [
    ("angebote.pdf", b"%PDF-1.4", ".csv"),
    ("angebote", b"name\nx", ".csv"),
    ("angebote.xlsx", b"name;organisation\nA;B\n", ".xlsx"),
    ("angebote.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
    ("angebote.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "CSV"),
    ("angebote.csv", "name;organisation\nMüller;X\n".encode("latin-1"), "UTF-8"),
    ("angebote.csv", b"name;organisation\nA\x00;B\n", "binary"),
    ("angebote.csv", b"", "empty"),
    ("angebote.csv", b"   \n  ", "empty"),
]


@pytest.mark.parametrize(("name", "content", "reason"), REFUSED)
def test_files_that_are_not_csv_or_xlsx_are_refused_with_the_reason(name, content, reason):
    with translation.override("en"), pytest.raises(imports.ImportRefused) as refused:
        table_read(name=name, content=content)
    assert reason in refused.value.reason


def test_a_zip_that_is_no_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with translation.override("en"), pytest.raises(imports.ImportRefused) as refused:
        table_read(name="a.xlsx", content=buffer.getvalue())
    assert "not an Excel workbook" in refused.value.reason


def test_a_file_over_5_mb_is_refused():
    content = b"name;organisation\n" + b"x" * MAX_BYTES
    with translation.override("en"), pytest.raises(imports.ImportRefused) as refused:
        table_read(name="a.csv", content=content)
    assert "5,0 MB" in refused.value.reason


def test_more_than_20000_rows_are_refused():
    content = b"name;organisation\n" + b"A;B\n" * (MAX_ROWS + 1)
    with translation.override("en"), pytest.raises(imports.ImportRefused) as refused:
        table_read(name="a.csv", content=content)
    assert "20.000" in refused.value.reason
    table_read(name="a.csv", content=b"name;organisation\n" + b"A;B\n" * MAX_ROWS)  # just fits


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (["name", "organisation", "farbe"], "Unknown column 'farbe'"),
        (["name", "organisation", "name"], "'name' appears twice"),
        (["name", "themen"], "'organisation'"),
        (["name", "", "organisation"], "Column 2 has no name"),
    ],
)
def test_wrong_columns_are_refused(personas, kalk, header, reason):
    content = csv_bytes([["A"] * len(header)], header=header)
    with translation.override("en"), pytest.raises(imports.ImportRefused) as refused:
        check_offers(content, personas["koordination-kalk"], kalk)
    assert reason in refused.value.reason


# --- checking rows ------------------------------------------------------------------------------


def test_a_good_file_checks_without_problems(personas, kalk, centre):
    check = check_offers(
        csv_bytes([offer_row("A"), offer_row("B")]), personas["koordination-kalk"], kalk
    )
    assert messages_of(check) == []
    assert check.ok and (check.new, check.updated) == (2, 0)
    assert check.preview()[0][0] == "A"


def test_every_problem_is_named_with_row_and_column(personas, kalk, centre):
    rows = [
        offer_row("Gut"),
        offer_row("Alter", alter_von="abc"),
        offer_row("Bereich", alter_von="18", alter_bis="10"),
        offer_row("", organisation="Gibt es nicht"),
        offer_row("Zeiten", wochentage="montags morgens", themen="bildung; astrologie"),
        offer_row("Mail", email="keine-mail", website="kein web", kostenlos="vielleicht"),
        offer_row("Ort", strasse="", breite="51,5", laenge="7,5"),
        offer_row("Datum", geprueft_am="31.02.2024", sprachen="de; klingonisch"),
        offer_row("Tausch", breite="6,9990", laenge="50,9395"),
        offer_row("Zukunft", geprueft_am="01.01.2999", wochentage="MO 12:00-09:00"),
    ]
    check = check_offers(csv_bytes(rows), personas["koordination-kalk"], kalk)
    found = messages_of(check)
    expected = [
        "Row 3, column 'alter_von': 'abc' is not a whole number.",
        "Row 4, column 'alter_bis': the maximum age 10 is below the minimum age 18.",
        "Row 5, column 'name': a value is needed.",
        "Row 5, column 'organisation': there is no actor named 'Gibt es nicht'.",
        "Row 6, column 'wochentage': 'montags morgens' is no opening time",
        "Row 6, column 'themen': 'astrologie' is not a known code; known codes: ",
        "Row 7, column 'email': 'keine-mail' is not an e-mail address.",
        "Row 7, column 'website': 'kein web' is not a web address",
        "Row 7, column 'kostenlos': 'vielleicht' is neither 'ja' nor 'nein'.",
        "Row 8, column 'strasse': a place needs street, postal code and city",
        "Row 9, column 'geprueft_am': '31.02.2024' is not a date",
        "Row 9, column 'sprachen': 'klingonisch' is not a language code",
        "Row 10, column 'breite': the point 6.999, 50.9395 lies outside Köln. Latitude and "
        "longitude seem to be swapped.",
        "Row 11, column 'geprueft_am': 01.01.2999 lies in the future.",
        "Row 11, column 'wochentage': 'MO 12:00-09:00': the closing time must be after",
    ]
    for message in expected:
        assert any(f.startswith(message) for f in found), (message, found)
    assert len(found) == len(expected)
    assert not check.ok and len(check.rows) == 1  # only "Gut" is fine


def test_problems_are_in_german_by_default(personas, kalk, centre):
    table = table_read(name="a.csv", content=csv_bytes([offer_row(alter_von="abc")]))
    check = imports.offers_check(table=table, office=kalk, by=personas["koordination-kalk"])
    assert str(check.problems[0]) == "Zeile 2, Spalte 'alter_von': 'abc' ist keine ganze Zahl."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MO 09:00-12:00; MI 14:00-17:00", [("MO", "09:00", "12:00"), ("WE", "14:00", "17:00")]),
        (
            "Mo-Mi 9-12",
            [("MO", "09:00", "12:00"), ("TU", "09:00", "12:00"), ("WE", "09:00", "12:00")],
        ),
        ("Di, Do 14.30 bis 16 Uhr", [("TU", "14:30", "16:00"), ("TH", "14:30", "16:00")]),
        ("Samstag 10:00–13:00", [("SA", "10:00", "13:00")]),
        ("SO 10:00-24:00", [("SU", "10:00", "23:59")]),
    ],
)
def test_opening_hours_are_read_in_the_ways_people_write_them(text, expected):
    from veedel.offers.imports.common import weekly_hours

    assert [(d, f"{o:%H:%M}", f"{c:%H:%M}") for d, o, c in weekly_hours(text)] == expected


def test_an_ambiguous_actor_name_asks_for_the_id(personas, kalk, centre):
    make_actor(name="Bürgerzentrum Kalk", office=kalk)
    check = check_offers(csv_bytes([offer_row()]), personas["koordination-kalk"], kalk)
    assert "2 actors are named 'Bürgerzentrum Kalk'" in messages_of(check)[0]
    by_id = check_offers(
        csv_bytes([offer_row(organisation=str(centre.pk))]), personas["koordination-kalk"], kalk
    )
    assert by_id.ok


def test_actor_names_match_regardless_of_case(personas, kalk, centre):
    check = check_offers(
        csv_bytes([offer_row(organisation="bürgerzentrum kalk")]),
        personas["koordination-kalk"],
        kalk,
    )
    assert check.ok


def test_internal_actors_of_other_offices_cannot_be_named(personas, kalk, centre):
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    hidden = make_actor(name="Interner Kreis Chorweiler", is_public=False, office=chorweiler)
    for value in (hidden.name, str(hidden.pk)):
        check = check_offers(
            csv_bytes([offer_row(organisation=value)]), personas["koordination-kalk"], kalk
        )
        assert not check.ok


# --- writing ------------------------------------------------------------------------------------


def import_offers(content: bytes, user, office, name="angebote.csv"):
    check = check_offers(content, user, office, name)
    assert check.ok, messages_of(check)
    return imports.offers_import(check=check, office=office, by=user)


def test_import_writes_offers_with_everything(client, personas, kalk, centre):
    result = import_offers(csv_bytes([offer_row()]), personas["koordination-kalk"], kalk)
    assert (result.created, result.updated) == (1, 0)
    offer = Offer.objects.get(name="Sprachcafé")
    assert offer.office == kalk and offer.organization == centre
    assert offer.is_free and not offer.is_barrier_free and offer.is_published
    assert (offer.minimum_age, offer.maximum_age) == (16, None)
    assert offer.url == "https://www.sprachcafe.example.org"
    assert offer.assured_date == datetime.date(2024, 3, 1)
    assert sorted(t.code for t in offer.taxonomy_terms.all()) == [
        "bildung",
        "familien",
        "gefluechtete",
    ]
    assert sorted(lang.code for lang in offer.languages.all()) == ["ar", "de"]
    assert sorted((s.byday, f"{s.opens_at:%H:%M}") for s in offer.schedules.all()) == [
        ("MO", "09:00"),
        ("WE", "14:00"),
    ]
    (link,) = offer.at_locations.select_related("location__quarter")
    assert link.location.quarter.name == "Kalk"
    assert link.location.social_spaces.exists()
    assert [p.number for p in offer.phones.all()] == ["0221 123456"]
    # The search document is built: the public API finds the offer by a word stem.
    found = client.get(reverse("hsds:services"), {"search": "Kaffee Kalk"}).json()
    assert [s["name"] for s in found["contents"]] == ["Sprachcafé"]


def test_offers_at_the_same_address_share_one_location(personas, kalk, centre):
    import_offers(csv_bytes([offer_row("A"), offer_row("B")]), personas["koordination-kalk"], kalk)
    a, b = (Offer.objects.get(name=n).at_locations.get().location_id for n in "AB")
    assert a == b


def test_one_bad_row_and_nothing_is_written(personas, kalk, centre):
    before = Offer.objects.count()
    rows = [offer_row("A"), offer_row("B"), offer_row("C", alter_von="-3")]
    check = check_offers(csv_bytes(rows), personas["koordination-kalk"], kalk)
    assert not check.ok
    with pytest.raises(ValueError):
        imports.offers_import(check=check, office=kalk, by=personas["koordination-kalk"])
    assert Offer.objects.count() == before


def test_a_failure_while_writing_leaves_nothing_behind(personas, kalk, centre, monkeypatch):
    from veedel.offers import search

    def broken(**kwargs):
        raise RuntimeError("index broke")

    monkeypatch.setattr(search, "offer_reindex", broken)
    check = check_offers(
        csv_bytes([offer_row("A"), offer_row("B")]), personas["koordination-kalk"], kalk
    )
    with pytest.raises(RuntimeError):
        imports.offers_import(check=check, office=kalk, by=personas["koordination-kalk"])
    assert not Offer.objects.filter(name__in=["A", "B"]).exists()


def test_a_row_with_an_id_changes_that_offer(personas, kalk, centre):
    offer = make_offer(name="Alt", organization=centre, office=kalk, topics=["sport"])
    header = ["id", "name", "organisation", "wochentage"]
    content = csv_bytes([[str(offer.pk), "Neu", centre.name, "FR 10:00-11:00"]], header=header)
    result = import_offers(content, personas["koordination-kalk"], kalk)
    assert (result.created, result.updated) == (0, 1)
    offer.refresh_from_db()
    assert offer.name == "Neu"
    assert [t.code for t in offer.taxonomy_terms.all()] == ["sport"]  # no column: unchanged
    assert [(s.byday, f"{s.opens_at:%H:%M}") for s in Schedule.objects.filter(offer=offer)] == [
        ("FR", "10:00")
    ]
    assert offer.at_locations.count() == 1  # no place columns: the place stays


def test_a_topics_column_alone_keeps_the_target_groups(personas, kalk, centre):
    offer = make_offer(
        name="Treff", organization=centre, office=kalk, topics=["sport"], target_groups=["kinder"]
    )
    header = ["id", "name", "organisation", "themen"]
    content = csv_bytes([[str(offer.pk), "Treff", centre.name, "kultur"]], header=header)
    import_offers(content, personas["koordination-kalk"], kalk)
    assert sorted(t.code for t in offer.taxonomy_terms.all()) == ["kinder", "kultur"]


def test_unchanged_rows_of_other_offices_are_no_problem(personas, kalk, centre):
    offer = make_offer(name="Kalker Treff", organization=centre, office=kalk)
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    header = ["id", "name", "organisation"]
    content = csv_bytes([[str(offer.pk), "Kalker Treff", centre.name]], header=header)
    check = check_offers(content, personas["koordination-chorweiler"], chorweiler)
    assert check.ok and (check.new, check.updated, check.unchanged) == (0, 0, 1)
    result = imports.offers_import(
        check=check, office=chorweiler, by=personas["koordination-chorweiler"]
    )
    assert result.unchanged == 1
    offer.refresh_from_db()
    assert offer.office == kalk


def test_a_new_id_creates_an_offer_with_that_id(personas, kalk, centre):
    header = ["id", "name", "organisation"]
    new_id = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    import_offers(
        csv_bytes([[new_id, "Mit Id", centre.name]], header=header),
        personas["koordination-kalk"],
        kalk,
    )
    assert str(Offer.objects.get(name="Mit Id").pk) == new_id


def test_other_offices_offers_cannot_be_changed(personas, kalk, centre):
    offer = make_offer(name="Kalker Angebot", organization=centre, office=kalk)
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    header = ["id", "name", "organisation"]
    content = csv_bytes([[str(offer.pk), "Übernommen", centre.name]], header=header)
    check = check_offers(content, personas["koordination-chorweiler"], chorweiler)
    assert "you may not change the offer" in messages_of(check)[0]
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied or ValueError
        imports.offers_import(
            check=check, office=chorweiler, by=personas["koordination-chorweiler"]
        )
    offer.refresh_from_db()
    assert offer.name == "Kalker Angebot"


def test_the_same_id_twice_is_a_problem(personas, kalk, centre):
    header = ["id", "name", "organisation"]
    same = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    check = check_offers(
        csv_bytes([[same, "A", centre.name], [same, "B", centre.name]], header=header),
        personas["koordination-kalk"],
        kalk,
    )
    assert messages_of(check) == ["Row 3, column 'id': the id also appears in row 2."]


def test_formula_like_cells_survive_a_round_trip():
    from veedel.offers.imports.tables import escape, unescape

    for value in ("=SUM(A1)", "@user", "-- Hinweis", "+ mehr"):
        assert escape(value).startswith("'") and unescape(escape(value)) == value
    for value in ("+49 221 123", "-5", "Text", "0221/123-45"):
        assert escape(value) == value


# --- actors -------------------------------------------------------------------------------------

ACTOR_HEADER = ["name", "art", "strasse", "plz", "ort", "breite", "laenge", "oeffentlich", "themen"]


def check_actors(content, user, office, name="akteure.csv"):
    with translation.override("en"):
        table = table_read(name=name, content=content)
        return imports.actors_check(table=table, office=office, by=user)


def test_actors_are_imported_and_located(personas, kalk):
    rows = [
        [
            "Kita Sonnenschein",
            "Kita",
            "Kalker Hauptstraße 5",
            "51103",
            "Köln",
            "50.9395",
            "6.999",
            "ja",
            "bildung; kinder-jugend-familie",
        ],
        ["Runder Tisch intern", "initiative", "", "", "", "", "", "nein", ""],
    ]
    check = check_actors(csv_bytes(rows, header=ACTOR_HEADER), personas["koordination-kalk"], kalk)
    assert check.ok, messages_of(check)
    result = imports.actors_import(check=check, office=kalk, by=personas["koordination-kalk"])
    assert result.created == 2
    kita = Actor.objects.get(name="Kita Sonnenschein")
    assert kita.kind == "kita" and kita.office == kalk and kita.is_public
    assert kita.quarter.name == "Kalk" and kita.social_spaces.exists()
    assert sorted(t.slug for t in kita.topics.all()) == ["bildung", "kinder-jugend-familie"]
    assert not Actor.objects.get(name="Runder Tisch intern").is_public


def test_actor_problems_and_warnings(personas, kalk):
    make_actor(name="Jugendzentrum Kalk", office=kalk)
    rows = [
        ["Jugendzentrum Kalk", "youth_centre", "", "", "", "", "", "", ""],
        ["Irgendwas", "Raumschiff", "", "", "", "", "", "", ""],
        ["Weit weg", "club", "", "", "", "52.52", "13.40", "", ""],
        ["Halber Punkt", "club", "", "", "", "50.9", "", "", ""],
        ["Themen", "club", "", "", "", "", "", "", "astrologie"],
    ]
    check = check_actors(csv_bytes(rows, header=ACTOR_HEADER), personas["koordination-kalk"], kalk)
    found = messages_of(check)
    assert found[0].startswith("Row 3, column 'art': 'Raumschiff' is not a kind of actor")
    assert found[1] == "Row 4, column 'breite': the point 52.52, 13.4 lies outside Köln."
    assert found[2].startswith("Row 5, column 'breite': give both latitude and longitude")
    assert found[3].startswith("Row 6, column 'themen': 'astrologie' is not a known code")
    with translation.override("en"):
        assert "exists already" in str(check.warnings[0])


def test_an_actor_update_needs_the_right_to_change_it(personas, kalk):
    actor = make_actor(name="Verein", office=kalk)
    content = csv_bytes([[str(actor.pk), "Verein neu", "club"]], header=["id", "name", "art"])
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    assert not check_actors(content, personas["koordination-chorweiler"], chorweiler).ok
    check = check_actors(content, personas["koordination-kalk"], kalk)
    imports.actors_import(check=check, office=kalk, by=personas["koordination-kalk"])
    actor.refresh_from_db()
    assert actor.name == "Verein neu"


# --- the pages ----------------------------------------------------------------------------------


def upload(client, kind, content, name, office):
    return client.post(
        reverse(f"offers:import_{kind}"),
        {"file": SimpleUploadedFile(name, content), "office": office.pk},
    )


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(reverse("offers:import_offers"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("username", ["bewohnerin", "ratsmitglied", "traeger"])
def test_roles_without_an_office_may_not_import(login, username):
    client = login(username)
    assert client.get(reverse("offers:import_offers")).status_code == 403
    assert client.get(reverse("offers:import_actors")).status_code == 403


def test_the_import_page_documents_the_columns(login, centre):
    response = login("koordination-kalk").get(reverse("offers:import_offers"))
    check_page(response)
    text = response.content.decode()
    for column in ("alter_von", "wochentage", "geprueft_am", "gefluechtete", "bildung"):
        assert column in text
    assert 'enctype="multipart/form-data"' in text


def test_upload_preview_and_confirm(login, kalk, centre, upload_dir):
    client = login("koordination-kalk")
    response = upload(client, "offers", csv_bytes([offer_row("A"), offer_row("B")]), "a.csv", kalk)
    assert response.status_code == 200
    check_page(response)
    text = response.content.decode()
    assert "<td>A</td>" in text and "<td>B</td>" in text  # the preview of the first rows
    assert response.context["check"].new == 2
    assert 'name="token"' in text
    assert not Offer.objects.filter(name__in=["A", "B"]).exists()  # nothing written yet
    token = response.context["token"]
    confirmed = client.post(reverse("offers:import_offers"), {"token": token}, follow=True)
    assert Offer.objects.filter(name__in=["A", "B"], office=kalk).count() == 2
    assert any("2" in str(m) for m in confirmed.context["messages"])
    assert list(upload_dir.iterdir()) == []  # the kept upload is gone
    again = client.post(reverse("offers:import_offers"), {"token": token}, follow=True)
    assert Offer.objects.filter(name__in=["A", "B"]).count() == 2
    assert again.status_code == 200


def test_a_file_with_problems_shows_them_and_cannot_be_confirmed(login, kalk, centre):
    client = login("koordination-kalk")
    rows = [offer_row("A"), offer_row("B", alter_von="abc")]
    response = upload(client, "offers", csv_bytes(rows), "a.csv", kalk)
    check_page(response)
    text = html.unescape(response.content.decode())
    assert "Zeile 3, Spalte 'alter_von': 'abc' ist keine ganze Zahl." in text
    assert 'name="token"' not in text
    assert not Offer.objects.filter(name="A").exists()


def test_a_refused_file_is_explained_on_the_form(login, kalk):
    client = login("koordination-kalk")
    response = upload(client, "offers", b"%PDF-1.4 binary", "flyer.pdf", kalk)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert "flyer.pdf" in response.content.decode()


def test_an_oversized_upload_is_refused_without_reading_it_all(login, kalk):
    client = login("koordination-kalk")
    response = client.post(
        reverse("offers:import_offers"),
        {"file": SimpleUploadedFile("gross.csv", b"x" * (MAX_BYTES + 10)), "office": kalk.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The file is larger than 5.0\xa0MB and cannot be imported."
    ]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("angebote.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "CSV"),
        ("angebote.xlsx", b"name;beschreibung\nA;B\n", "XLSX"),
        ("angebote.csv", b"<!DOCTYPE html><script>alert(1)</script>", "CSV"),
        ("angebote.exe", b"MZ\x90\x00", "exe"),
    ],
)
def test_the_upload_policy_checks_the_type_by_content(login, kalk, name, content, words):
    response = upload(login("koordination-kalk"), "offers", content, name, kalk)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert error.startswith(f"„{name}“: ")
    assert words in error
    assert 'name="token"' not in response.content.decode()


def test_the_size_limit_is_the_smaller_of_the_setting_and_the_import_limit(
    login, kalk, centre, settings
):
    content = csv_bytes([offer_row("A"), offer_row("B")])
    settings.VEEDEL_MAX_UPLOAD_BYTES = len(content) - 1
    client = login("koordination-kalk")
    response = client.post(
        reverse("offers:import_offers"),
        {"file": SimpleUploadedFile("a.csv", content), "office": kalk.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    (error,) = response.context["form"].errors["file"]
    assert error == f"The file is larger than {len(content) - 1}\xa0bytes and cannot be imported."

    def help_text():
        form = client.get(reverse("offers:import_offers")).context["form"]
        return str(form.fields["file"].help_text)

    assert help_text().endswith(f"höchstens {len(content) - 1}\xa0Bytes.")
    settings.VEEDEL_MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # above the import's own 5 MB
    assert help_text().endswith("höchstens 5,0\xa0MB.")
    assert upload(client, "offers", content, "a.csv", kalk).context["token"]


def test_a_kept_upload_has_a_random_name(login, kalk, centre, upload_dir):
    client = login("koordination-kalk")
    upload(client, "offers", csv_bytes([offer_row("A")]), "Meine Angebote.csv", kalk)
    upload(client, "offers", csv_bytes([offer_row("A")]), "Meine Angebote.csv", kalk)
    kept = sorted(path.name for path in upload_dir.iterdir())
    assert len(kept) == 2 and kept[0] != kept[1]
    for name in kept:
        assert re.fullmatch(r"[A-Za-z0-9_-]{24}\.csv", name), name
        assert "Angebote" not in name


def test_another_users_token_is_refused(login, kalk, centre):
    client = login("koordination-kalk")
    token = upload(client, "offers", csv_bytes([offer_row("A")]), "a.csv", kalk).context["token"]
    other = login("koordination-kalk-2")
    assert other.post(reverse("offers:import_offers"), {"token": token}).status_code == 403
    forged = other.post(reverse("offers:import_offers"), {"token": token + "x"}, follow=True)
    assert forged.status_code == 200
    assert not Offer.objects.filter(name="A").exists()


def test_a_coordinator_imports_only_into_own_offices(login, kalk, personas, centre):
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    client = login("koordination-kalk")
    response = upload(client, "offers", csv_bytes([offer_row("A")]), "a.csv", chorweiler)
    assert response.context["form"].errors["office"]
    assert list(response.context["form"].fields["office"].queryset) == [kalk]
    OfficeStaff.objects.create(office=chorweiler, user=personas["koordination-kalk"])
    client = login("koordination-kalk")
    response = upload(client, "offers", csv_bytes([offer_row("A")]), "a.csv", chorweiler)
    client.post(reverse("offers:import_offers"), {"token": response.context["token"]})
    assert Offer.objects.get(name="A").office == chorweiler


def test_the_programme_office_chooses_any_office(login, centre):
    client = login("geschaeftsstelle")
    form = client.get(reverse("offers:import_offers")).context["form"]
    assert form.fields["office"].queryset.count() == CoordinationOffice.objects.count()
    chorweiler = CoordinationOffice.objects.get(slug=CHORWEILER)
    response = upload(client, "offers", xlsx_file([offer_row("X")]), "a.xlsx", chorweiler)
    client.post(reverse("offers:import_offers"), {"token": response.context["token"]})
    assert Offer.objects.get(name="X").office == chorweiler


def test_changes_between_preview_and_confirm_are_caught(login, kalk, centre):
    client = login("koordination-kalk")
    token = upload(client, "offers", csv_bytes([offer_row("A")]), "a.csv", kalk).context["token"]
    Actor.objects.filter(pk=centre.pk).update(name="Umbenannt")
    response = client.post(reverse("offers:import_offers"), {"token": token})
    assert response.status_code == 200 and response.context["check"].problems
    assert not Offer.objects.filter(name="A").exists()


def test_actor_upload_and_confirm(login, kalk):
    client = login("koordination-kalk")
    rows = [["Kita Regenbogen", "kita", "", "", "", POINTS["kalk"][0], POINTS["kalk"][1], "", ""]]
    response = upload(client, "actors", xlsx_file(rows, header=ACTOR_HEADER), "a.xlsx", kalk)
    check_page(response)
    client.post(reverse("offers:import_actors"), {"token": response.context["token"]})
    actor = Actor.objects.get(name="Kita Regenbogen")
    assert actor.office == kalk and actor.quarter.name == "Kalk"


def test_uploads_and_confirmations_need_the_csrf_token(personas, kalk, centre):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["koordination-kalk"])
    response = upload(client, "offers", csv_bytes([offer_row("A")]), "a.csv", kalk)
    assert response.status_code == 403
    assert client.post(reverse("offers:import_offers"), {"token": "x"}).status_code == 403
