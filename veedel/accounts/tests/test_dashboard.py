"""Each persona's dashboard shows what exists for that role, and nothing of others."""

import re

import pytest
from django.urls import reverse

from veedel.programme.models import CoordinationOffice

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("accounts:dashboard")
KALK_OFFICE = "Sozialraumkoordination Kalk"
CHORWEILER_OFFICE = "Sozialraumkoordination Blumenberg/Chorweiler/Seeberg-Nord"
PORZ_OFFICE = "Sozialraumkoordination Porz-Ost/Finkenberg/Gremberghoven/Eil"
AWO_OFFICE = "Sozialraumkoordination Bickendorf/Westend/Ossendorf"


def dashboard_of(login, username):
    client = login(username)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    body = response.content.decode()
    # Only the page's content: the header names the user and may link to the admin.
    return body[body.index("<h1") : body.index("</main>")]


def office_names(main):
    return re.findall(r'<h3 id="office-\d+"><a href="[^"]+">([^<]+)</a></h3>', main)


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={DASHBOARD}"


def test_coordinator_sees_the_office_its_areas_and_colleagues(login):
    main = dashboard_of(login, "koordination-kalk")
    assert "Kim Muster" in main  # "logged in as"
    assert office_names(main) == [KALK_OFFICE]
    assert "Diakonie Köln und Region" in main
    for slug in ("kalk", "humboldt-gremberg-kalk-2006"):
        assert reverse("areas:social_space", args=[slug]) in main
    assert "Ali Exempel" in main  # the colleague ...
    assert main.count("Kim Muster") == 1  # ... but not oneself as one's own colleague
    assert "koordination-kalk-2@demo.veedel.example.org" in main
    # Nothing of other offices and no admin link.
    assert CHORWEILER_OFFICE not in main
    assert "Sam Probe" not in main
    assert reverse("admin:index") not in main


def test_other_coordinator_sees_only_its_own_office(login):
    main = dashboard_of(login, "koordination-chorweiler")
    assert office_names(main) == [CHORWEILER_OFFICE]
    assert "Kim Muster" not in main and "Ali Exempel" not in main
    assert reverse("areas:social_space", args=["kalk"]) not in main


def test_provider_lead_sees_the_offices_of_the_provider(login):
    main = dashboard_of(login, "traeger")
    assert "Diakonie Köln und Region" in main
    assert sorted(office_names(main)) == sorted([CHORWEILER_OFFICE, KALK_OFFICE, PORZ_OFFICE])
    for name in ("Kim Muster", "Ali Exempel", "Sam Probe"):
        assert name in main
    assert AWO_OFFICE not in main
    assert reverse("admin:index") not in main


def test_programme_office_sees_all_current_offices_and_the_admin(login):
    main = dashboard_of(login, "geschaeftsstelle")
    names = office_names(main)
    current = list(CoordinationOffice.objects.current().values_list("name", flat=True))
    assert len(current) == 15
    assert sorted(names) == sorted(current)
    for name in ("Kim Muster", "Ali Exempel", "Sam Probe"):
        assert name in main
    assert f'href="{reverse("admin:index")}"' in main
    assert "users-title" not in main  # the user statistics are for administrators


def test_admin_sees_all_offices_users_by_role_and_the_admin(login):
    main = dashboard_of(login, "admin")
    assert len(office_names(main)) == 15
    assert f'href="{reverse("admin:index")}"' in main
    users = re.search(r'aria-labelledby="users-title">(.*?)</section>', main, re.S).group(1)
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', users)]
    assert sum(counts) == 8  # the demo personas
    assert 3 in counts  # three coordinators


def test_council_member_sees_periods_decisions_and_offices_but_no_staff(login):
    main = dashboard_of(login, "ratsmitglied")
    periods = re.search(r'aria-labelledby="periods-title">(.*?)</section>', main, re.S)
    assert periods, "no programme periods"
    periods = periods.group(1)
    assert periods.count("<li>") == 4
    assert "20.12.2011" in periods
    assert "Verlängerung des Modellprojekts" in periods
    assert "12.12.2019" in periods
    assert len(office_names(main)) == 15
    for name in ("Kim Muster", "Ali Exempel", "Sam Probe"):
        assert name not in main
    assert reverse("admin:index") not in main


def test_resident_sees_only_the_account(login):
    main = dashboard_of(login, "bewohnerin")
    assert office_names(main) == []
    assert "periods-title" not in main and "users-title" not in main
    assert "bewohnerin@demo.veedel.example.org" in main
    assert reverse("accounts:password_change") in main
    assert reverse("admin:index") not in main


@pytest.mark.parametrize(
    "username",
    [
        "bewohnerin",
        "koordination-kalk",
        "koordination-chorweiler",
        "traeger",
        "geschaeftsstelle",
        "ratsmitglied",
        "admin",
    ],
)
def test_every_dashboard_shows_the_account_and_logout(client, login, username):
    login(username)
    body = client.get(DASHBOARD).content.decode()
    assert f"{username}@demo.veedel.example.org" in body
    assert re.search(r'<form method="post" action="' + reverse("accounts:logout"), body)
