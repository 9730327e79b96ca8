"""German search (veedel/core/textsearch.py): the same tokens and the same matches on SQLite
and PostgreSQL (this module runs on whichever DATABASE_URL names)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from veedel.core import textsearch


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mülheim", ["mulheim"]),
        ("Muelheim", ["mulheim"]),
        ("Mulheim", ["mulheim"]),
        ("Straße", ["strass"]),
        ("Sprachkurse für Frauen", ["sprachkurs", "frau"]),
        ("und oder aber", []),  # function words only
        ("Café Çiçek", ["caf", "cicek"]),
        ("Cafe Cicek", ["caf", "cicek"]),  # typed without accents: the same tokens
        ("Kita, Kita! KITA", ["kita"]),  # no repeats
    ],
)
def test_tokens(text, expected):
    assert textsearch.tokens(text) == expected


def test_a_document_starts_and_ends_with_a_space_and_carries_its_facets():
    assert textsearch.document("Sprachkurs", "Kalk", facets=["/f/free"]) == (
        " sprachkur kalk /f/free "
    )
    assert textsearch.document("", "und") == ""


def test_facets_cannot_be_reached_by_words():
    assert textsearch.facet("f", "free") == "/f/free"
    # "/" is not a word character: a query never produces a facet token.
    assert textsearch.query_tokens("/f/free f free") == ["f", "free"]


@pytest.fixture
def documents(admin_user):
    kind = ContentType.objects.get_for_model(LogEntry)
    texts = {
        "kurs": textsearch.document("Deutschkurs für Erwachsene in Kalk", facets=["/f/free"]),
        "kurse": textsearch.document("Sprachkurse am Abend", facets=[]),
        "cafe": textsearch.document("Sprachcafé Mülheim", facets=["/f/free"]),
        "leer": "",
    }
    for name, document in texts.items():
        LogEntry.objects.create(
            user=admin_user,
            content_type=kind,
            object_repr=name,
            action_flag=1,
            change_message=document,
        )
    return LogEntry.objects.all()


def found(queryset, text, facets=()):
    matches = textsearch.matching(queryset, "change_message", text, facets)
    return sorted(matches.values_list("object_repr", flat=True))


@pytest.mark.django_db
def test_each_query_token_must_begin_a_document_token(documents):
    assert found(documents, "Sprachkurs") == ["kurse"]
    assert found(documents, "Sprach") == ["cafe", "kurse"]  # a beginning finds compounds
    assert found(documents, "Muelheim") == ["cafe"]
    assert found(documents, "Deutschkurs Kalk") == ["kurs"]
    assert found(documents, "Deutschkurs Chorweiler") == []
    assert found(documents, "kurs") == []  # the end of a compound is not its beginning
    assert found(documents, "") == ["cafe", "kurs", "kurse", "leer"]


@pytest.mark.django_db
def test_facets_combine_with_words_and_an_empty_group_finds_nothing(documents):
    assert found(documents, "", [["/f/free"]]) == ["cafe", "kurs"]
    assert found(documents, "Sprach", [["/f/free"]]) == ["cafe"]
    assert found(documents, "Sprach", [["/f/free", "/f/none"]]) == ["cafe"]
    assert found(documents, "Sprach", [[]]) == []


@pytest.mark.django_db
def test_whole_words_rank_above_beginnings(documents):
    ranked = textsearch.rank(
        textsearch.matching(documents, "change_message", "Sprachkurse"),
        "change_message",
        "Sprachkurse",
    )
    assert [(e.object_repr, e.search_rank) for e in ranked] == [("kurse", 1.0)]
    ranked = textsearch.rank(documents, "change_message", "Sprachcafe").order_by("-search_rank")
    assert ranked.first().object_repr == "cafe"
