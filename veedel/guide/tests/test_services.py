"""The guide's services: copying an edition (deep, the original untouched), publishing (only a
draft with content), the edits of a draft (slugs, links, step order, read-only editions), who
may take each step, and the finder finding every change at once."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from veedel.guide import services
from veedel.guide.finder import find
from veedel.guide.models import Edition, EditionStatus, KeyProcess, ProcessStep, Situation
from veedel.guide.tests.factories import edition_make
from veedel.programme.models import Goal, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English wording."""
    with translation.override("en"):
        yield


@pytest.fixture
def office(personas):
    """The programme office, who edits the guide."""
    return personas["geschaeftsstelle"]


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


def test_copy_is_a_deep_draft_and_leaves_the_original_alone(personas, office):
    original = edition_make(situations=4, processes=3, steps=3, methods=2, is_example=True)
    before = snapshot(original)
    counts = (Situation.objects.count(), KeyProcess.objects.count(), ProcessStep.objects.count())

    copy = services.edition_copy(edition=original, title="Leitfaden 2026", year=2026, by=office)

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
        process=step.key_process, step=step, data={"title": "Neu"}, methods=[], by=office
    )
    assert snapshot(original) == before


def test_copy_with_the_same_title_gets_a_free_address(office):
    original = edition_make(title="Handlungsleitfaden", slug="handlungsleitfaden", year=2012)
    copy = services.edition_copy(edition=original, title="Handlungsleitfaden", year=2026, by=office)
    assert copy.slug == "handlungsleitfaden-2026"
    again = services.edition_copy(
        edition=original, title="Handlungsleitfaden", year=2026, by=office
    )
    assert again.slug == "handlungsleitfaden-2026-2"


@pytest.mark.parametrize("title", ["Ausgaben", "Finden", "Neu"])
def test_edition_slugs_avoid_the_words_of_the_guide_addresses(title, office):
    original = edition_make()
    copy = services.edition_copy(edition=original, title=title, year=2026, by=office)
    assert copy.slug == f"{title.lower()}-2026"


def test_publish_needs_a_situation_and_a_key_process(office):
    empty = edition_make(published=False, situations=0, processes=0)
    with pytest.raises(services.EditionIncomplete, match="situation") as refused:
        services.edition_publish(edition=empty, by=office)
    assert "key process" in str(refused.value)
    no_process = edition_make(published=False, situations=1, processes=0)
    with pytest.raises(services.EditionIncomplete, match="key process"):
        services.edition_publish(edition=no_process, by=office)
    empty.refresh_from_db()
    assert empty.status == EditionStatus.DRAFT

    ready = edition_make(published=False, situations=1, processes=1)
    services.edition_publish(edition=ready, by=office)
    ready.refresh_from_db()
    assert ready.is_published and ready.published_at is not None


@pytest.mark.parametrize("who", ["geschaeftsstelle", "admin"])
def test_a_published_edition_is_read_only(personas, who):
    """For the programme office and for a superuser, whom Django grants every permission."""
    office = personas[who]
    edition = edition_make()
    situation = edition.situations.first()
    process = edition.key_processes.first()
    step = process.steps.first()
    method = edition.methods.first()
    attempts = [
        lambda: services.edition_update(edition=edition, data={"title": "x"}, by=office),
        lambda: services.edition_publish(edition=edition, by=office),
        lambda: services.edition_delete(edition=edition, by=office),
        lambda: services.situation_save(edition=edition, data={"title": "x"}, by=office),
        lambda: services.situation_delete(situation=situation, by=office),
        lambda: services.process_save(edition=edition, data={"title": "x"}, by=office),
        lambda: services.process_delete(process=process, by=office),
        lambda: services.step_save(process=process, data={"title": "x"}, by=office),
        lambda: services.step_move(step=step, up=False, by=office),
        lambda: services.step_delete(step=step, by=office),
        lambda: services.method_save(edition=edition, data={"name": "x"}, by=office),
        lambda: services.method_delete(method=method, by=office),
    ]
    for attempt in attempts:
        with pytest.raises(services.EditionReadOnly, match="Copy it into a new draft"):
            attempt()
    assert edition.situations.count() == 3 and process.steps.count() == 3


def test_new_records_get_unique_slugs_from_their_titles_and_come_last(office):
    edition = edition_make(published=False, situations=1, processes=1)
    goal = Goal.objects.get(slug="partizipation")
    data = {"title": "Ausgangssituation 1", "description": "Noch eine", "signs": ""}
    situation = services.situation_save(edition=edition, data=data, goals=[goal], by=office)
    assert situation.slug == "ausgangssituation-1-2"
    assert situation.order == 2
    assert list(situation.goals.all()) == [goal]
    neu = services.situation_save(edition=edition, data={**data, "title": "Neu"}, by=office)
    assert neu.slug == "neu-2"  # "neu" is the address of the add form
    umlaut = services.method_save(edition=edition, data={"name": "Größere Begehung"}, by=office)
    assert umlaut.slug == "groessere-begehung"


def test_links_to_another_edition_are_refused(office):
    edition = edition_make(published=False)
    other = edition_make(published=False)
    with pytest.raises(ValueError):
        services.situation_save(
            edition=edition,
            data={"title": "x", "description": "y"},
            key_processes=[other.key_processes.first()],
            by=office,
        )
    process = edition.key_processes.first()
    with pytest.raises(ValueError):
        services.step_save(
            process=process,
            data={"title": "x", "aim": "y"},
            methods=[other.methods.first()],
            by=office,
        )


def test_steps_move_up_and_down_and_close_gaps_when_deleted(office):
    edition = edition_make(published=False, processes=1, steps=3)
    process = edition.key_processes.get()

    def titles():
        return list(process.steps.order_by("order").values_list("order", "title"))

    first, second, third = process.steps.order_by("order")
    assert services.step_move(step=third, up=True, by=office)
    assert [t for _o, t in titles()] == [first.title, third.title, second.title]
    assert not services.step_move(step=first, up=True, by=office)  # already first
    assert services.step_move(step=first, up=False, by=office)
    assert [t for _o, t in titles()] == [third.title, first.title, second.title]

    services.step_delete(step=ProcessStep.objects.get(pk=first.pk), by=office)
    assert titles() == [(1, third.title), (2, second.title)]
    added = services.step_save(process=process, data={"title": "Neu", "aim": "Ziel"}, by=office)
    assert added.order == 3


@pytest.mark.parametrize(
    "who", [None, "bewohnerin", "koordination-kalk", "traeger", "ratsmitglied"]
)
def test_only_the_programme_office_and_admins_take_any_step(personas, who):
    user = personas[who] if who else None
    draft = edition_make(published=False, situations=1, processes=1, steps=2, methods=1)
    published = edition_make()
    situation = draft.situations.get()
    process = draft.key_processes.get()
    step = process.steps.order_by("order").first()
    method = draft.methods.get()
    attempts = [
        lambda: services.edition_create(
            programme=Programme.objects.first(), data={"title": "x", "year": 2026}, by=user
        ),
        lambda: services.edition_copy(edition=published, title="Kopie", year=2026, by=user),
        lambda: services.edition_update(edition=draft, data={"title": "x"}, by=user),
        lambda: services.edition_publish(edition=draft, by=user),
        lambda: services.edition_delete(edition=draft, by=user),
        lambda: services.situation_save(edition=draft, data={"title": "x"}, by=user),
        lambda: services.situation_delete(situation=situation, by=user),
        lambda: services.process_save(edition=draft, data={"title": "x"}, by=user),
        lambda: services.process_delete(process=process, by=user),
        lambda: services.step_save(process=process, data={"title": "x"}, by=user),
        lambda: services.step_move(step=step, up=False, by=user),
        lambda: services.step_delete(step=step, by=user),
        lambda: services.method_save(edition=draft, data={"name": "x"}, by=user),
        lambda: services.method_delete(method=method, by=user),
    ]
    editions = Edition.objects.count()
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="Only the programme office"):
            attempt()
    draft.refresh_from_db()
    assert draft.status == EditionStatus.DRAFT and draft.title != "x"
    assert Edition.objects.count() == editions
    assert list(process.steps.order_by("order").values_list("pk", flat=True))[0] == step.pk
    assert draft.situations.count() == 1 and draft.methods.count() == 1


def matches(edition, text) -> tuple[list[str], list[str]]:
    """The slugs of the situations and key processes the finder shows for ``text``."""
    result = find(edition=edition, text=text)
    return [m.slug for m in result.situations], [m.slug for m in result.processes]


def test_the_finder_finds_every_change_of_text_at_once(office):
    """Whatever the services change, the next search sees it: new words are found, removed
    ones are not."""
    edition = edition_make(published=False, situations=1, processes=1, steps=1)
    process = edition.key_processes.get()
    assert matches(edition, "Boulderhalle") == ([], [])

    situation = services.situation_save(
        edition=edition,
        data={"title": "Kletterwand fehlt", "description": "Wunsch nach einer Boulderhalle."},
        key_processes=[process],
        by=office,
    )
    situations, processes = matches(edition, "Boulderhalle")
    assert situations == [situation.slug]
    assert processes == [process.slug]  # suggested by the situation

    services.situation_save(
        edition=edition,
        situation=situation,
        data={"title": "Kletterwand fehlt", "description": "Wunsch nach einem Skatepark."},
        key_processes=[process],
        by=office,
    )
    assert matches(edition, "Boulderhalle") == ([], [])
    assert matches(edition, "Skatepark")[0] == [situation.slug]

    services.process_save(
        edition=edition,
        process=process,
        data={"title": "Quartiersgarten anlegen", "purpose": "Gemeinsam gärtnern."},
        situations=[situation],
        by=office,
    )
    assert matches(edition, "Quartiersgarten")[1] == [process.slug]

    step = services.step_save(
        process=process, data={"title": "Hochbeete bauen", "aim": "Beete stehen"}, by=office
    )
    assert matches(edition, "Hochbeete")[1] == [process.slug]
    services.step_delete(step=step, by=office)
    assert matches(edition, "Hochbeete") == ([], [])

    copy = services.edition_copy(edition=edition, title="Kopie", year=2027, by=office)
    assert matches(copy, "Quartiersgarten")[1] == [process.slug]

    services.situation_delete(situation=situation, by=office)
    assert matches(edition, "Skatepark") == ([], [])
    assert matches(copy, "Skatepark")[0] == [situation.slug]  # the copy keeps its own
