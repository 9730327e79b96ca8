"""The finder's engine: German words in all their forms, compounds, ranking, reasons, safety."""

import pytest

from veedel.core import textsearch
from veedel.guide import finder
from veedel.guide.finder import find, guide_index, split_compound
from veedel.guide.models import Edition, KeyProcess, Situation
from veedel.guide.tests.finder_fixtures import finder_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return finder_edition()


def process_slugs(result):
    return [m.slug for m in result.processes]


def situation_slugs(result):
    return [m.slug for m in result.situations]


def test_the_issues_example_finds_the_conflict_process_first_with_reasons(edition):
    result = find(
        edition=edition,
        text="Jugendliche treffen sich abends am Spielplatz, Anwohner beschweren sich über Lärm",
    )
    assert process_slugs(result)[0] == "konflikte-im-oeffentlichen-raum"
    assert situation_slugs(result)[0] == "laerm-am-spielplatz"
    best = result.processes[0]
    words = [t.word for t in best.terms]
    assert {"Jugendliche", "Spielplatz", "Lärm", "beschweren"} <= set(words)
    assert all(t.part == "" for t in best.terms)  # every word occurs in the guide as it is
    assert "Verstärkte Prävention" in best.goals
    assert [s.slug for s in best.via][0] == "laerm-am-spielplatz"
    assert best.fit == 100 and 0 < result.processes[-1].fit <= 100


@pytest.mark.parametrize(
    "text",
    ["Lärm", "Laerm", "LÄRM", "lärmend"],
)
def test_umlauts_and_their_ae_spelling_find_the_same(edition, text):
    assert situation_slugs(find(edition=edition, text=text))[0] == "laerm-am-spielplatz"


@pytest.mark.parametrize("text", ["Strasse voller Muell", "Straße voller Müll"])
def test_sharp_s_and_ue_spellings_find_the_same(edition, text):
    assert process_slugs(find(edition=edition, text=text))[0] == "sauberkeit-im-veedel"


def test_a_compound_query_word_matches_through_its_parts(edition):
    result = find(edition=edition, text="Spielplatzkonflikt")
    assert situation_slugs(result)[0] == "laerm-am-spielplatz"
    assert process_slugs(result)[0] == "konflikte-im-oeffentlichen-raum"
    term = result.situations[0].terms[0]
    assert term.word == "Spielplatzkonflikt"
    assert term.part == "Spielplatz, Konflikt"


def test_a_word_inside_a_compound_of_the_guide_is_found(edition):
    # The guide says "Lärmbeschwerden"; the query says "Beschwerde".
    situation = Situation.objects.get(edition=edition, slug="laerm-am-spielplatz")
    assert " beschwerd " in situation.search_document
    result = find(edition=edition, text="Beschwerde")
    assert "laerm-am-spielplatz" in situation_slugs(result)


def test_a_compound_query_matches_a_compound_in_the_guide(edition):
    result = find(edition=edition, text="Lärmbeschwerden von Nachbarn")
    assert situation_slugs(result)[0] == "laerm-am-spielplatz"


def test_other_forms_of_a_word_match(edition):
    # "vereinsamt" in the guide, "Vereinsamung" and "einsam" in queries; "Senioren" / "Seniorinnen".
    for text in ("Vereinsamung", "einsame Seniorin", "Senioren allein zu Hause"):
        assert process_slugs(find(edition=edition, text=text))[0] == "seniorinnen-vernetzen", text


def test_compounds_are_split_against_the_vocabulary():
    vocabulary = {"spielplatz", "konflikt", "nachbarschaft", "kind", "tag", "statt", "larm"}
    assert split_compound("nachbarschaftskonflikt", vocabulary) == ["nachbarschaft", "konflikt"]
    assert split_compound("kindertagesstatt", vocabulary) == ["kind", "tag", "statt"]
    assert split_compound("nachbarschaft", vocabulary) == []  # "-schaft" is no word
    assert split_compound("larmbeschwerd", vocabulary) == []
    assert split_compound("larmbeschwerd", vocabulary, lenient=True) == ["larm", "beschwerd"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_input_asks_for_a_description(edition, text):
    result = find(edition=edition, text=text)
    assert not result.found
    assert result.message == "Bitte beschreiben Sie die Situation in ein paar Worten."


def test_stopwords_only_get_a_friendly_message(edition):
    result = find(edition=edition, text="und oder aber wir haben das immer schon so")
    assert not result.found
    assert "keine Wörter, nach denen gesucht werden kann" in result.message


def test_words_that_occur_nowhere_are_named(edition):
    result = find(edition=edition, text="Quantenphysik und Müll")
    assert result.unknown == ["Quantenphysik"]
    assert process_slugs(result)[0] == "sauberkeit-im-veedel"
    nothing = find(edition=edition, text="Quantenphysik")
    assert not nothing.found and "passt nichts in dieser Ausgabe" in nothing.message


def test_very_long_input_is_capped_and_says_so(edition):
    text = "Müll auf der Straße. " + "Blabla " * 2000
    result = find(edition=edition, text=text)
    assert result.capped
    assert process_slugs(result)[0] == "sauberkeit-im-veedel"
    many_words = " ".join(f"Wort{i}x" for i in range(500))
    assert find(edition=edition, text=many_words).capped


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE guide_situation; --",
        "%_%",
        "\x00\x01 Lärm",
        "🙂 Müll 🙂",
        "ﬁ ǅ İstanbul ß ẞ",
        "a" * 5000,
        "<script>alert(1)</script> Spielplatz",
        "Spielplatz:* | !Lärm & (",
    ],
)
def test_any_text_is_safe(edition, text):
    result = find(edition=edition, text=text)
    assert isinstance(result, finder.FinderResult)
    assert Situation.objects.filter(edition=edition).count() == 5


def test_limit_cuts_the_list(edition):
    result = find(edition=edition, text="Jugendliche Müll Senioren Stadtteilkonferenz", limit=2)
    assert len(result.processes) == 2 and len(result.situations) == 2


def test_results_come_only_from_the_edition_searched(edition):
    other = finder_edition(slug="andere-ausgabe")
    KeyProcess.objects.filter(edition=other, slug="sauberkeit-im-veedel").update(
        title="Müll Müll Müll"
    )
    guide_index(edition=other)
    result = find(edition=edition, text="Müll")
    pks = {m.pk for m in result.processes}
    assert pks <= set(KeyProcess.objects.filter(edition=edition).values_list("pk", flat=True))


def test_a_text_change_is_found_after_indexing_again(edition):
    assert not find(edition=edition, text="Graffiti").found
    situation = Situation.objects.get(edition=edition, slug="vermuellte-strassen")
    situation.description += " Dazu Graffiti an den Hauswänden."
    situation.save()
    before = Edition.objects.get(pk=edition.pk).modified
    guide_index(edition=edition)
    assert Edition.objects.get(pk=edition.pk).modified > before
    assert situation_slugs(find(edition=edition, text="Graffiti")) == ["vermuellte-strassen"]
    assert process_slugs(find(edition=edition, text="Graffiti"))[0] == "sauberkeit-im-veedel"


def test_indexing_again_without_changes_writes_nothing(edition, django_assert_max_num_queries):
    before = Edition.objects.get(pk=edition.pk).modified
    documents = sorted(Situation.objects.values_list("pk", "search_document"))
    with django_assert_max_num_queries(4):  # read situations, processes, links, steps
        guide_index(edition=edition)
    assert Edition.objects.get(pk=edition.pk).modified == before
    assert sorted(Situation.objects.values_list("pk", "search_document")) == documents


def test_documents_weight_the_title_above_the_description(edition):
    situation = Situation.objects.get(edition=edition, slug="einsame-aeltere")
    tokens = situation.search_document.split()
    assert tokens.count("vereinsamt") == 3  # title: three times
    assert tokens.count("wohnung") == 1  # description: once
    assert (
        textsearch.matching(
            Situation.objects.filter(edition=edition), "search_document", "Senioren Wohnung"
        ).get()
        == situation
    )


def test_processes_carry_the_text_of_the_situations_that_suggest_them(edition):
    process = KeyProcess.objects.get(edition=edition, slug="sauberkeit-im-veedel")
    assert " ratt " in process.search_document  # "Ratten in Hinterhöfen" is a sign


def test_an_empty_edition_finds_nothing_without_error():
    empty = finder_edition(slug="leer")
    KeyProcess.objects.filter(edition=empty).delete()
    Situation.objects.filter(edition=empty).delete()
    guide_index(edition=empty)
    result = find(edition=empty, text="Lärm am Spielplatz")
    assert not result.found
    assert result.unknown == ["Lärm", "Spielplatz"]
    assert "passt nichts in dieser Ausgabe" in result.message


def test_a_deleted_situation_drops_out_without_indexing_again(edition):
    # Deleting rows changes the fingerprint (their number), so the index is read again.
    assert "vermuellte-strassen" in situation_slugs(find(edition=edition, text="Sperrmüll"))
    Situation.objects.filter(edition=edition, slug="vermuellte-strassen").delete()
    assert "vermuellte-strassen" not in situation_slugs(find(edition=edition, text="Sperrmüll"))


def test_one_very_long_word_is_skipped_not_split(edition):
    """A "word" of 2 000 letters is noise, not a compound: it is left out (splitting it at
    every position took minutes), and the reader is told that nothing was searched."""
    from veedel.guide.finder import find

    result = find(edition=edition, text="larmbeschwerdejugendtreffpunktnachbarschaftsfest" * 42)
    assert result.terms == []
    assert result.processes == [] and result.message
    with_a_word = find(edition=edition, text="Lärm " + "x" * 100)
    assert [t.stem for t in with_a_word.terms] == ["larm"]
