"""Random query strings against every list page and API: never a 500; an API names the
parameter it refuses.

Every page and API reads its parameters through a form (veedel/core/queryforms.py), so a
malformed or unknown parameter is a message on a page and a 400 naming the parameter in an
API. Hypothesis sends mixtures of the parameter names Veedel uses, unknown names, and values
that have broken parsers before: 20-digit numbers, superscript and Arabic-Indic digits, NUL
bytes, right-to-left marks, far-away dates, empty values and repeated parameters.
"""

import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

# Lists, searches and feeds, with the personas that see most of them.
PAGES = [
    ("anonymous", reverse("programme:home")),
    ("anonymous", reverse("areas:social_space", args=["kalk"])),
    ("anonymous", reverse("areas:social_spaces_geojson")),
    ("anonymous", reverse("areas:quarters_geojson")),
    ("anonymous", reverse("areas:neighbourhoods_geojson")),
    ("anonymous", reverse("offers:directory")),
    ("anonymous", reverse("offers:directory_geojson")),
    ("anonymous", reverse("offers:events")),
    ("anonymous", reverse("network:actors")),
    ("anonymous", reverse("network:actors_geojson")),
    ("anonymous", reverse("network:networks")),
    ("anonymous", reverse("network:graph", args=["kalk"])),
    ("anonymous", reverse("guide:current")),
    ("anonymous", reverse("guide:finder")),
    ("anonymous", reverse("initiatives:list")),
    ("anonymous", reverse("initiatives:list_csv")),
    ("anonymous", reverse("initiatives:space", args=["kalk"])),
    ("anonymous", reverse("reports:list")),
    ("anonymous", reverse("council:meetings")),
    ("anonymous", reverse("council:meetings_ical")),
    ("anonymous", reverse("council:organizations")),
    ("anonymous", reverse("council:papers")),
    ("koordination-kalk", reverse("initiatives:start")),
    ("koordination-kalk", reverse("offers:stale_offers")),
    ("koordination-kalk", reverse("agreements:list")),
    ("geschaeftsstelle", reverse("agreements:list")),
    ("geschaeftsstelle", reverse("reports:generate")),
    ("geschaeftsstelle", reverse("guide:editions")),
    ("geschaeftsstelle", reverse("offers:export_offers_csv")),
    ("geschaeftsstelle", reverse("accounts:dashboard")),
]
# (URL name, whether it is a list of the council's body)
APIS = [
    ("hsds:root", False),
    ("hsds:services", False),
    ("hsds:organizations", False),
    ("hsds:service_at_locations", False),
    ("hsds:taxonomies", False),
    ("hsds:taxonomy_terms", False),
    ("council:oparl:system", False),
    ("council:oparl:bodies", False),
    ("council:oparl:papers", True),
    ("council:oparl:meetings", True),
    ("council:oparl:organizations", True),
    ("council:oparl:files", True),
    ("council:oparl:agenda-items", True),
    ("council:oparl:consultations", True),
]

NAMES = [
    # the pages' parameters
    "seite",
    "jahr",
    "q",
    "art",
    "thema",
    "sozialraum",
    "stadtteil",
    "stadtbezirk",
    "stelle",
    "status",
    "monat",
    "gremium",
    "zielgruppe",
    "alter",
    "sprache",
    "tag",
    "offen",
    "kostenlos",
    "barrierefrei",
    "ansicht",
    "nur",
    "situation",
    "prozess",
    "ziel",
    "token",
    "zoom",
    "bbox",
    # the APIs' parameters
    "page",
    "per_page",
    "search",
    "organization_id",
    "taxonomy_term_id",
    "taxonomy_id",
    "modified_after",
    "minimal",
    "full",
    "postcode",
    "proximity",
    "limit",
    "modified_since",
    "modified_until",
    "created_since",
    "created_until",
    # names nobody knows
    "utm_source",
    "x",
    "seite[]",
    "q\u202e",
]
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "2012",
    "2026",
    "99999999999999999999",
    "1e309",
    "NaN",
    "²",
    "١٢",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "<script>",
    "' OR 1=1 --",
    "%",
    "ß" * 300,
    "2026-02-30",
    "2012-03-05T17:00:00+01:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31",
    "kalk",
    "praevention",
    "true",
    "false",
    "on",
    "🙂",
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
query_strings = st.lists(
    st.tuples(st.one_of(st.sampled_from(NAMES), st.text(min_size=1, max_size=12)), values),
    max_size=6,
).map(lambda pairs: urlencode(pairs))

HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def _client(client, personas, username):
    if username != "anonymous":
        client.force_login(personas[username])
    return client


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_pages_never_fail_on_a_query_string(client, personas, username, url):
    client = _client(client, personas, username)

    @HYPOTHESIS
    @given(query=query_strings)
    def check(query):
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, f"{url}?{query}: {response.status_code}"

    check()


@pytest.mark.parametrize(("name", "of_body"), APIS)
def test_apis_never_fail_and_name_what_they_refuse(client, name, of_body):
    from veedel.council.models import Body

    url = reverse(name, args=[Body.objects.order_by("pk").first().pk] if of_body else [])

    @HYPOTHESIS
    @given(pairs=st.lists(st.tuples(st.sampled_from(NAMES), values), max_size=4))
    def check(pairs):
        query = urlencode(pairs)
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, f"{url}?{query}: {response.status_code}"
        assert response["Content-Type"].startswith("application/json"), f"{url}?{query}"
        if response.status_code == 400:
            body = json.dumps(json.loads(response.content), ensure_ascii=False)
            assert any(name in body for name, _ in pairs), (
                f"{url}?{query}: the 400 names none of the parameters: {body}"
            )

    check()
