"""The guide's pages run a fixed number of queries, however many situations, key processes,
steps and methods an edition holds (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from veedel.guide.models import Method, ProcessStep
from veedel.guide.tests.factories import edition_make

pytestmark = pytest.mark.django_db


def count(client, url) -> int:
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def pages(small, large):
    process = "schluesselprozess-1"
    return [
        (reverse("guide:edition", args=[e.slug]) for e in (small, large)),
        (reverse("guide:current") for _e in (small, large)),
        (reverse("guide:process", args=[e.slug, process]) for e in (small, large)),
        (reverse("guide:situation", args=[e.slug, "ausgangssituation-1"]) for e in (small, large)),
        (reverse("guide:goal", args=[e.slug, "praevention"]) for e in (small, large)),
        (reverse("guide:methods", args=[e.slug]) for e in (small, large)),
        (reverse("guide:method", args=[e.slug, "methode-1"]) for e in (small, large)),
    ]


@pytest.mark.parametrize("persona", [None, "geschaeftsstelle"])
def test_reading_pages_do_not_grow_with_the_edition(client, login, persona):
    if persona:
        client = login(persona)
    # Two editions of different sizes; each is the current one when its start page is asked.
    small = edition_make(slug="klein", year=2020, situations=2, processes=1, steps=2, methods=1)
    large = edition_make(slug="gross", year=2019, situations=15, processes=10, steps=12, methods=8)
    # Every step of the large edition uses several methods.
    ProcessStep.methods.through.objects.bulk_create(
        ProcessStep.methods.through(processstep_id=step.pk, method_id=method.pk)
        for step in ProcessStep.objects.filter(key_process__edition=large)
        for method in Method.objects.filter(edition=large).exclude(slug="methode-1")[:3]
        if not step.methods.filter(pk=method.pk).exists()
    )
    for small_url, large_url in (tuple(pair) for pair in pages(small, large)):
        assert count(client, small_url) == count(client, large_url), large_url


def test_edit_overview_does_not_grow_with_the_edition(login):
    office = login("geschaeftsstelle")
    small = edition_make(slug="klein", published=False, situations=2, processes=1, steps=2)
    large = edition_make(slug="gross", published=False, situations=15, processes=10, steps=12)
    assert count(office, reverse("guide:edit", args=[small.slug])) == count(
        office, reverse("guide:edit", args=[large.slug])
    )
    process_small = reverse("guide:process", args=[small.slug, "schluesselprozess-1"])
    process_large = reverse("guide:process", args=[large.slug, "schluesselprozess-1"])
    assert count(office, process_small) == count(office, process_large)
