"""The pages run a fixed number of queries, however much data there is.

Each test opens a page once (to warm caches), counts its queries, adds many more areas,
memberships, offices and staff that the page shows, and counts again: the number must not
change. A page that loads related rows one by one (N+1) fails here.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from veedel.accounts.models import Role, User
from veedel.areas import queries
from veedel.areas.models import (
    AreaLevel,
    District,
    Neighbourhood,
    Quarter,
    SocialSpace,
    SocialSpaceQuarter,
    StructureFigures,
)
from veedel.programme.models import CoordinationOffice, OfficeStaff, Programme, Provider

pytestmark = pytest.mark.django_db

SINCE_2006 = datetime.date(2006, 4, 1)


def grow():
    """Add plenty of everything the pages list; all of it current and in force in 2012."""
    programme = Programme.objects.order_by("pk").first()
    district = District.objects.get(number="8")
    provider = Provider.objects.get(name="Diakonie Köln und Region")
    figures_year = queries.latest_figures_year()

    quarters = Quarter.objects.bulk_create(
        Quarter(number=f"T{i:02d}", name=f"Testviertel {i}", district=district) for i in range(30)
    )
    StructureFigures.objects.bulk_create(
        StructureFigures(
            level=AreaLevel.QUARTER,
            area_number=q.number,
            name=q.name,
            year=figures_year,
            population=1000,
            under_18=200,
            aged_65_plus=150,
            migration_background=400,
            foreign_nationals=200,
        )
        for q in quarters
    )
    neighbourhoods = Neighbourhood.objects.bulk_create(
        Neighbourhood(number=f"{q.number}-{j}", name=f"{q.name} {j}", quarter=q)
        for q in quarters
        for j in range(2)
    )

    # 30 more quarters in the current and in the 2006 outline of Kalk.
    kalk = SocialSpace.objects.get(slug="kalk")
    kalk_2006 = SocialSpace.objects.get(slug="humboldt-gremberg-kalk-2006")
    SocialSpaceQuarter.objects.bulk_create(
        SocialSpaceQuarter(social_space=space, quarter=q, coverage=coverage)
        for space in (kalk, kalk_2006)
        for q, coverage in zip(quarters, ["full", "partial", "uncertain"] * 10, strict=True)
    )
    kalk.neighbourhoods.add(*neighbourhoods)

    # Five more areas, each with quarters, in force since 2006.
    spaces = SocialSpace.objects.bulk_create(
        SocialSpace(
            programme=programme, name=f"Testraum {i}", slug=f"testraum-{i}", valid_from=SINCE_2006
        )
        for i in range(5)
    )
    SocialSpaceQuarter.objects.bulk_create(
        SocialSpaceQuarter(social_space=space, quarter=q)
        for i, space in enumerate(spaces)
        for q in quarters[i * 6 : i * 6 + 6]
    )

    # Ten more offices of the Kalk provider, each with two coordinators, for current areas.
    offices = CoordinationOffice.objects.bulk_create(
        CoordinationOffice(
            name=f"Teststelle {i}",
            slug=f"teststelle-{i}",
            provider=provider,
            contract_from=SINCE_2006,
        )
        for i in range(10)
    )
    current = list(SocialSpace.objects.current())
    for i, office in enumerate(offices):
        office.social_spaces.add(spaces[i % 5], current[i % len(current)], kalk)
    CoordinationOffice.objects.get(slug="kalk").social_spaces.add(*spaces)
    staff = User.objects.bulk_create(
        User(
            username=f"test-{i}", first_name="Test", last_name=f"Person {i}", role=Role.COORDINATOR
        )
        for i in range(25)
    )
    OfficeStaff.objects.bulk_create(
        [OfficeStaff(office=office, user=staff[2 * i]) for i, office in enumerate(offices)]
        + [OfficeStaff(office=office, user=staff[2 * i + 1]) for i, office in enumerate(offices)]
        + [
            OfficeStaff(office=CoordinationOffice.objects.get(slug="kalk"), user=u)
            for u in staff[20:]
        ]
    )
    # The Kalk coordinator now works in four offices.
    me = User.objects.get(username="koordination-kalk")
    OfficeStaff.objects.bulk_create(OfficeStaff(office=o, user=me) for o in offices[:3])


def count(client, url):
    """The queries of rendering the page: the page cache is emptied first, so a kept page
    (one query, veedel/tests/test_page_cache.py) does not hide what rendering costs."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context), [q["sql"] for q in context.captured_queries]


def assert_constant(client, url):
    count(client, url)  # warm up: sessions, content types, translations
    before, _ = count(client, url)
    grow()
    after, sql = count(client, url)
    assert after == before, f"{url}: {before} queries before, {after} after:\n" + "\n".join(sql)
    return before


HOME = reverse("programme:home")


@pytest.mark.parametrize(
    "url",
    [
        HOME,
        HOME + "?jahr=2012",
        reverse("areas:social_space", args=["kalk"]),
        reverse("areas:social_space", args=["humboldt-gremberg-kalk-2006"]),
        reverse("areas:district", args=["8"]),
        reverse("areas:quarter", args=["802"]),
        reverse("programme:office", args=["kalk"]),
        reverse("areas:social_spaces_geojson"),
        reverse("areas:social_spaces_geojson") + "?jahr=2012",
        reverse("areas:social_space_geojson", args=["kalk"]),
        reverse("areas:quarters_geojson") + "?stadtbezirk=8",
    ],
)
def test_public_pages_run_a_fixed_number_of_queries(client, url):
    assert_constant(client, url)


@pytest.mark.parametrize(
    "username",
    ["koordination-kalk", "traeger", "geschaeftsstelle", "ratsmitglied", "admin", "bewohnerin"],
)
def test_dashboards_run_a_fixed_number_of_queries(client, login, username):
    login(username)
    assert_constant(client, reverse("accounts:dashboard"))


@pytest.mark.parametrize("username", ["koordination-kalk", "geschaeftsstelle"])
def test_office_page_with_staff_runs_a_fixed_number_of_queries(client, login, username):
    login(username)
    assert_constant(client, reverse("programme:office", args=["kalk"]))


def test_the_home_page_stays_small(client):
    """Not only constant but few: a guard against a page that grows by many fixed queries."""
    assert assert_constant(client, HOME) <= 10


def test_grow_adds_what_the_pages_show(client, login):
    """The added data really reaches the pages measured above."""
    grow()
    home = client.get(HOME).content.decode()
    assert "Testraum 4" in home and "Teststelle 9" in home and "Testviertel 29" in home
    old = client.get(HOME + "?jahr=2012").content.decode()
    assert "Testraum 0" in old and "Testviertel 29" in old
    space = client.get(reverse("areas:social_space", args=["kalk"])).content.decode()
    assert "Testviertel 29" in space and "Teststelle 9" in space
    login("koordination-kalk")
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Teststelle 0" in dashboard and "Person 24" in dashboard
    login("geschaeftsstelle")
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Teststelle 9" in dashboard and "Person 19" in dashboard
