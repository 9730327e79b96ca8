"""The taxonomies of topic fields and target groups keep their ids across loads and
installations, follow the programme's topics, and a second load changes nothing."""

import uuid

import pytest

from veedel.offers.models import Taxonomy, TaxonomyTerm
from veedel.offers.taxonomy import (
    TARGET_GROUPS,
    TARGET_GROUPS_SLUG,
    TOPICS_SLUG,
    taxonomies_load,
)
from veedel.programme.models import Topic

pytestmark = pytest.mark.django_db

# Written down once: these ids are published in the HSDS API and must never change.
TOPICS_TAXONOMY_ID = uuid.UUID("a932b655-a2d6-5ff0-b5df-802bfdad1835")
TARGET_GROUPS_TAXONOMY_ID = uuid.UUID("78dab247-b63f-5d02-b644-1a9aa9ea83bd")
EDUCATION_TERM_ID = uuid.UUID("c727fe47-cf23-5958-8a32-ce1003a68716")
CHILDREN_TERM_ID = uuid.UUID("91015055-d131-5471-bd0d-e6b618206bb8")


def _ids():
    return {
        (t.taxonomy.slug, t.code): t.pk for t in TaxonomyTerm.objects.select_related("taxonomy")
    }


def test_both_taxonomies_with_all_terms():
    taxonomies_load()
    topics = Taxonomy.objects.get(slug=TOPICS_SLUG)
    groups = Taxonomy.objects.get(slug=TARGET_GROUPS_SLUG)
    assert topics.name == "Themenfelder" and groups.name == "Zielgruppen"

    topic_terms = list(topics.terms.select_related("topic"))
    assert len(topic_terms) == Topic.objects.count() == 10
    assert all(t.topic is not None and t.code == t.topic.slug for t in topic_terms)
    assert {t.name for t in topic_terms} == set(Topic.objects.values_list("name", flat=True))

    group_names = set(groups.terms.values_list("name", flat=True))
    assert {
        "Kinder",
        "Erwachsene",
        "Senior*innen",
        "Geflüchtete",
        "Menschen mit Behinderung",
        "Offen für alle",
    } <= group_names
    assert len(group_names) == len(TARGET_GROUPS) == 13
    assert all(t.description for t in TaxonomyTerm.objects.all())


def test_ids_are_the_published_ones():
    taxonomies_load()
    assert Taxonomy.objects.get(slug=TOPICS_SLUG).pk == TOPICS_TAXONOMY_ID
    assert Taxonomy.objects.get(slug=TARGET_GROUPS_SLUG).pk == TARGET_GROUPS_TAXONOMY_ID
    assert TaxonomyTerm.objects.get(taxonomy__slug=TOPICS_SLUG, code="bildung").pk == (
        EDUCATION_TERM_ID
    )
    assert TaxonomyTerm.objects.get(taxonomy__slug=TARGET_GROUPS_SLUG, code="kinder").pk == (
        CHILDREN_TERM_ID
    )


def test_ids_stay_the_same_after_deleting_and_loading_again():
    taxonomies_load()
    before = _ids()
    TaxonomyTerm.objects.all().delete()
    Taxonomy.objects.all().delete()
    taxonomies_load()
    assert _ids() == before


def test_second_load_changes_nothing():
    first = taxonomies_load()
    assert first.created == 2 + 10 + 13
    second = taxonomies_load()
    assert not second.changed
    assert second.unchanged == 2 + 10 + 13


def test_load_repairs_edited_terms():
    taxonomies_load()
    term = TaxonomyTerm.objects.get(taxonomy__slug=TARGET_GROUPS_SLUG, code="senioren")
    term.name = "Alte Leute"
    term.save()
    report = taxonomies_load()
    assert report.updated == 1
    term.refresh_from_db()
    assert term.name == "Senior*innen"


def test_renamed_topic_renames_its_term():
    taxonomies_load()
    Topic.objects.filter(slug="sport").update(name="Sport und Bewegung")
    taxonomies_load()
    term = TaxonomyTerm.objects.get(taxonomy__slug=TOPICS_SLUG, code="sport")
    assert term.name == "Sport und Bewegung"
    assert term.topic.slug == "sport"
