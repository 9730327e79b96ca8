"""/health/live: the process answers, without the database (a load balancer's probe and the
baseline of bench/run.py)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_live_answers_ok_without_a_query(client, django_assert_num_queries):
    url = reverse("core:health_live")
    assert url == "/health/live"
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"
    assert client.head(url).status_code == 200


def test_live_refuses_other_methods(client):
    response = client.post(reverse("core:health_live"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
