"""The guide's services: copying an edition (deep, the original untouched), publishing (only a
draft with content), and the edits of a draft (slugs, links, step order, read-only editions)."""

import pytest
from django.utils import translation

from veedel.guide import services
from veedel.guide.models import EditionStatus, KeyProcess, Method, ProcessStep, Situation
from veedel.guide.tests.factories import edition_make
from veedel.programme.models import Goal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English wording."""
    with translation.override("en"):
        yield


def snapshot(edition):
    """Everything an edition holds, as plain values, independent of primary keys."""
    return {
        "methods": sorted(edition.methods.values_list("slug", "name", "summary", "description")),
        "situations": sorted(
            (
                s.slug,
                s.title,
                s.description,
                s.signs,
                s.order,
                tuple(sorted(s.goals.values_list("slug", flat=True))),
                tuple(sorted(s.topics.values_list("slug", flat=True))),
                tuple(sorted(s.key_processes.values_list("slug", flat=True))),
            )
            for s in edition.situations.all()
        ),
        "processes": sorted(
            (
                p.slug,
                p.title,
                p.purpose,
                tuple(sorted(p.goals.values_list("slug", flat=True))),
                tuple(sorted(p.topics.values_list("slug", flat=True))),
                tuple(
                    (st.order, st.title, st.aim, st.results, st.pitfalls, st.duration)
                    + tuple(sorted(st.methods.values_list("slug", flat=True)))
                    for st in p.steps.order_by("order")
                ),
            )
            for p in edition.key_processes.all()
        ),
    }


def test_copy_is_a_deep_draft_and_leaves_the_original_alone(personas):
    original = edition_make(situations=4, processes=3, steps=3, methods=2, is_example=True)
    before = snapshot(original)
    counts = (Situation.objects.count(), KeyProcess.objects.count(), ProcessStep.objects.count())

    copy = services.edition_copy(
        edition=original, title="Leitfaden 2026", year=2026, by=personas["geschaeftsstelle"]
    )

    assert copy.pk != original.pk
    assert copy.status == EditionStatus.DRAFT and copy.published_at is None
    assert copy.based_on == original
    assert (copy.title, copy.year, copy.slug) == ("Leitfaden 2026", 2026, "leitfaden-2026")
    assert copy.is_example and copy.introduction == original.introduction
    assert snapshot(copy) == before
    original.refresh_from_db()
    assert snapshot(original) == before and original.is_published
    assert Situation.objects.count() == counts[0] + 4
    assert ProcessStep.objects.count() == counts[2] + 9
    # The copy's links point into the copy, never back into the original.
    assert not Situation.key_processes.through.objects.filter(
        situation__edition=copy, keyprocess__edition=original
    ).exists()
    assert not ProcessStep.methods.through.objects.filter(
        processstep__key_process__edition=copy, method__edition=original
    ).exists()

    # Changing the copy does not change the original.
    step = ProcessStep.objects.get(key_process__edition=copy, key_process__order=1, order=1)
    services.step_save(
        process=step.key_process, step=step, data={"title": "Neu"}, methods=[], by=None
    )
    assert snapshot(original) == before


def test_copy_with_the_same_title_gets_a_free_address():
    original = edition_make(title="Handlungsleitfaden", slug="handlungsleitfaden", year=2012)
    copy = services.edition_copy(edition=original, title="Handlungsleitfaden", year=2026, by=None)
    assert copy.slug == "handlungsleitfaden-2026"
    again = services.edition_copy(edition=original, title="Handlungsleitfaden", year=2026, by=None)
    assert again.slug == "handlungsleitfaden-2026-2"


@pytest.mark.parametrize("title", ["Ausgaben", "Finden", "Neu"])
def test_edition_slugs_avoid_the_words_of_the_guide_addresses(title):
    original = edition_make()
    copy = services.edition_copy(edition=original, title=title, year=2026, by=None)
    assert copy.slug == f"{title.lower()}-2026"


def test_publish_needs_a_situation_and_a_key_process():
    empty = edition_make(published=False, situations=0, processes=0)
    with pytest.raises(services.EditionIncomplete, match="situation") as refused:
        services.edition_publish(edition=empty, by=None)
    assert "key process" in str(refused.value)
    no_process = edition_make(published=False, situations=1, processes=0)
    with pytest.raises(services.EditionIncomplete, match="key process"):
        services.edition_publish(edition=no_process, by=None)
    empty.refresh_from_db()
    assert empty.status == EditionStatus.DRAFT

    ready = edition_make(published=False, situations=1, processes=1)
    services.edition_publish(edition=ready, by=None)
    ready.refresh_from_db()
    assert ready.is_published and ready.published_at is not None


def test_a_published_edition_is_read_only():
    edition = edition_make()
    situation = edition.situations.first()
    process = edition.key_processes.first()
    step = process.steps.first()
    method = edition.methods.first()
    attempts = [
        lambda: services.edition_update(edition=edition, data={"title": "x"}, by=None),
        lambda: services.edition_publish(edition=edition, by=None),
        lambda: services.edition_delete(edition=edition, by=None),
        lambda: services.situation_save(edition=edition, data={"title": "x"}, by=None),
        lambda: services.situation_delete(situation=situation, by=None),
        lambda: services.process_save(edition=edition, data={"title": "x"}, by=None),
        lambda: services.process_delete(process=process, by=None),
        lambda: services.step_save(process=process, data={"title": "x"}, by=None),
        lambda: services.step_move(step=step, up=False, by=None),
        lambda: services.step_delete(step=step, by=None),
        lambda: services.method_save(edition=edition, data={"name": "x"}, by=None),
        lambda: services.method_delete(method=method, by=None),
    ]
    for attempt in attempts:
        with pytest.raises(services.EditionReadOnly, match="Copy it into a new draft"):
            attempt()
    assert edition.situations.count() == 3 and process.steps.count() == 3


def test_new_records_get_unique_slugs_from_their_titles_and_come_last():
    edition = edition_make(published=False, situations=1, processes=1)
    goal = Goal.objects.get(slug="partizipation")
    data = {"title": "Ausgangssituation 1", "description": "Noch eine", "signs": ""}
    situation = services.situation_save(edition=edition, data=data, goals=[goal], by=None)
    assert situation.slug == "ausgangssituation-1-2"
    assert situation.order == 2
    assert list(situation.goals.all()) == [goal]
    neu = services.situation_save(edition=edition, data={**data, "title": "Neu"}, by=None)
    assert neu.slug == "neu-2"  # "neu" is the address of the add form
    umlaut = services.method_save(edition=edition, data={"name": "Größere Begehung"}, by=None)
    assert umlaut.slug == "groessere-begehung"


def test_links_to_another_edition_are_refused():
    edition = edition_make(published=False)
    other = edition_make(published=False)
    with pytest.raises(ValueError):
        services.situation_save(
            edition=edition,
            data={"title": "x", "description": "y"},
            key_processes=[other.key_processes.first()],
            by=None,
        )
    process = edition.key_processes.first()
    with pytest.raises(ValueError):
        services.step_save(
            process=process,
            data={"title": "x", "aim": "y"},
            methods=[other.methods.first()],
            by=None,
        )


def test_steps_move_up_and_down_and_close_gaps_when_deleted():
    edition = edition_make(published=False, processes=1, steps=3)
    process = edition.key_processes.get()

    def titles():
        return list(process.steps.order_by("order").values_list("order", "title"))

    first, second, third = process.steps.order_by("order")
    assert services.step_move(step=third, up=True, by=None)
    assert [t for _o, t in titles()] == [first.title, third.title, second.title]
    assert not services.step_move(step=first, up=True, by=None)  # already first
    assert services.step_move(step=first, up=False, by=None)
    assert [t for _o, t in titles()] == [third.title, first.title, second.title]

    services.step_delete(step=ProcessStep.objects.get(pk=first.pk), by=None)
    assert titles() == [(1, third.title), (2, second.title)]
    added = services.step_save(process=process, data={"title": "Neu", "aim": "Ziel"}, by=None)
    assert added.order == 3


def test_every_change_of_text_refreshes_the_search_documents(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "guide_index", lambda *, edition: calls.append(edition.pk))
    edition = edition_make(published=False)
    process = edition.key_processes.first()
    services.situation_save(edition=edition, data={"title": "a", "description": "b"}, by=None)
    services.process_save(edition=edition, data={"title": "a", "purpose": "b"}, by=None)
    services.step_save(process=process, data={"title": "a", "aim": "b"}, by=None)
    services.method_save(edition=edition, data={"name": "a"}, by=None)
    services.method_delete(method=Method.objects.filter(edition=edition).first(), by=None)
    copy = services.edition_copy(edition=edition, title="Kopie", year=2027, by=None)
    assert calls == [edition.pk] * 5 + [copy.pk]
