"""Loading an edition file: checks before writing, one transaction, idempotent reloads."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from veedel.areas.loading import DataFileError, LoadReport
from veedel.guide.loading import EXAMPLE_EDITION_FILE, edition_load
from veedel.guide.models import Edition, EditionStatus, KeyProcess, Method, ProcessStep, Situation
from veedel.programme.models import Programme

pytestmark = pytest.mark.django_db

STEP = {
    "title": "Lage klären",
    "aim": "Wissen, worum es geht.",
    "methods": ["begehung"],
    "method_notes": "",
    "participants": "Koordinationsstelle",
    "results": "Notizen",
    "duration": "2 Wochen",
    "pitfalls": "",
}

SMALL = {
    "format": "veedel-guide-edition/1",
    "edition": {
        "title": "Leitfaden Musterstadt",
        "slug": "leitfaden-musterstadt",
        "year": 2024,
        "introduction": "Eine kleine Ausgabe.",
    },
    "methods": [
        {"slug": "begehung", "name": "Begehung", "summary": "Rundgang.", "description": ""},
        {"slug": "runde", "name": "Runde", "summary": "", "description": ""},
    ],
    "key_processes": [
        {
            "slug": "erkunden",
            "title": "Erkunden",
            "purpose": "Das Gebiet kennenlernen.",
            "goals": ["praevention"],
            "topics": ["wohnen"],
            "steps": [STEP, {**STEP, "title": "Besprechen", "methods": ["runde"]}],
        },
        {
            "slug": "beteiligen",
            "title": "Beteiligen",
            "purpose": "Menschen einbeziehen.",
            "goals": ["partizipation"],
            "topics": [],
            "steps": [{**STEP, "methods": [], "method_notes": "Haustürgespräche."}],
        },
    ],
    "situations": [
        {
            "slug": "neu-hier",
            "title": "Neu im Gebiet",
            "description": "Die Stelle ist neu.",
            "signs": ["Niemand kennt uns", "Keine Daten"],
            "goals": ["kooperation"],
            "topics": ["soziales", "wohnen"],
            "key_processes": ["erkunden"],
        },
        {
            "slug": "laerm",
            "title": "Lärm am Platz",
            "description": "Beschwerden.",
            "signs": "Anrufe bei der Polizei\nMüll am Morgen",
            "goals": [],
            "topics": [],
            "key_processes": ["beteiligen", "erkunden"],
        },
    ],
}


@pytest.fixture
def programme():
    return Programme.objects.get(slug="lebenswerte-veedel")


@pytest.fixture
def write(tmp_path):
    def do(data, name="edition.json"):
        path = tmp_path / name
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return path

    return do


def snapshot(edition):
    """Everything a reader of the edition sees, in comparable form."""
    return {
        "edition": (edition.title, edition.year, edition.status, edition.published_at),
        "methods": list(edition.methods.values_list("slug", "name", "summary")),
        "processes": [
            (
                p.slug,
                p.order,
                p.title,
                sorted(p.goals.values_list("slug", flat=True)),
                [
                    (s.order, s.title, sorted(s.methods.values_list("slug", flat=True)))
                    for s in p.steps.all()
                ],
            )
            for p in edition.key_processes.all()
        ],
        "situations": [
            (s.slug, s.order, s.signs, sorted(s.key_processes.values_list("slug", flat=True)))
            for s in edition.situations.all()
        ],
    }


def test_small_edition_loads_with_all_links(programme, write):
    edition = edition_load(path=write(SMALL), programme=programme)
    assert edition.programme == programme
    assert edition.status == EditionStatus.PUBLISHED
    assert not edition.is_example
    erkunden = edition.key_processes.get(slug="erkunden")
    assert [s.title for s in erkunden.steps.all()] == ["Lage klären", "Besprechen"]
    assert list(erkunden.steps.get(order=2).methods.values_list("slug", flat=True)) == ["runde"]
    laerm = edition.situations.get(slug="laerm")
    assert laerm.sign_list() == ["Anrufe bei der Polizei", "Müll am Morgen"]
    assert edition.situations.get(slug="neu-hier").signs == "Niemand kennt uns\nKeine Daten"
    assert sorted(laerm.key_processes.values_list("slug", flat=True)) == ["beteiligen", "erkunden"]
    assert [s.slug for s in edition.situations.all()] == ["neu-hier", "laerm"]


def test_loading_without_publishing_keeps_a_draft(programme, write):
    edition = edition_load(path=write(SMALL), programme=programme, publish=False)
    assert edition.status == EditionStatus.DRAFT and edition.published_at is None
    edition = edition_load(path=write(SMALL), programme=programme)
    assert edition.status == EditionStatus.PUBLISHED and edition.published_at is not None


def test_loading_the_same_file_again_changes_nothing(programme):
    first = edition_load(path=EXAMPLE_EDITION_FILE, programme=programme)
    before = snapshot(first)
    modified = first.modified
    counts = [m.objects.count() for m in (Edition, Method, KeyProcess, ProcessStep, Situation)]
    report = LoadReport()
    again = edition_load(path=EXAMPLE_EDITION_FILE, programme=programme, report=report)
    assert again.pk == first.pk
    assert not report.changed
    assert snapshot(again) == before
    assert Edition.objects.get(pk=first.pk).modified == modified
    assert counts == [
        m.objects.count() for m in (Edition, Method, KeyProcess, ProcessStep, Situation)
    ]


def test_a_changed_file_updates_the_edition_in_place(programme, write):
    edition = edition_load(path=write(SMALL), programme=programme)
    step_ids = set(
        ProcessStep.objects.filter(key_process__edition=edition).values_list("pk", flat=True)
    )
    changed = copy.deepcopy(SMALL)
    changed["edition"]["title"] = "Leitfaden Musterstadt, 2. Auflage"
    changed["methods"].pop()  # "runde" goes, and with it its link from the second step
    changed["key_processes"][0]["steps"] = [STEP]
    changed["situations"] = changed["situations"][1:]
    report = LoadReport()
    again = edition_load(path=write(changed), programme=programme, report=report)
    assert again.pk == edition.pk and report.changed
    assert again.modified > edition.modified
    assert again.title == "Leitfaden Musterstadt, 2. Auflage"
    assert list(again.methods.values_list("slug", flat=True)) == ["begehung"]
    assert again.key_processes.get(slug="erkunden").steps.count() == 1
    assert list(again.situations.values_list("slug", flat=True)) == ["laerm"]
    assert again.situations.get().order == 1
    # The remaining step kept its identity (initiatives that point to it keep their link).
    remaining = ProcessStep.objects.filter(key_process__edition=again).values_list("pk", flat=True)
    assert set(remaining) <= step_ids


def _broken(change):
    data = copy.deepcopy(SMALL)
    change(data)
    return data


ERRORS = {
    "unknown goal": (
        lambda d: d["situations"][1]["goals"].append("frieden"),
        "situations[2].goals[1]",
        "unknown goal 'frieden'",
    ),
    "unknown topic": (
        lambda d: d["key_processes"][0]["topics"].append("verkehr"),
        "key_processes[1].topics[2]",
        "unknown topic 'verkehr'",
    ),
    "unknown method": (
        lambda d: d["key_processes"][1]["steps"][0]["methods"].append("yoga"),
        "key_processes[2].steps[1].methods[1]",
        "unknown method 'yoga'",
    ),
    "unknown process": (
        lambda d: d["situations"][0]["key_processes"].append("zaubern"),
        "situations[1].key_processes[2]",
        "unknown key process 'zaubern'",
    ),
    "missing required field": (
        lambda d: d["situations"][1].pop("description"),
        "situations[2].description",
        "required field is missing or empty",
    ),
    "empty title": (
        lambda d: d["key_processes"][0]["steps"][1].update(title="  "),
        "key_processes[1].steps[2].title",
        "required field is missing or empty",
    ),
    "duplicate situation slug": (
        lambda d: d["situations"][1].update(slug="neu-hier"),
        "situations[2].slug",
        "duplicate slug 'neu-hier' (already used by situations[1])",
    ),
    "duplicate method slug": (
        lambda d: d["methods"][1].update(slug="begehung"),
        "methods[2].slug",
        "duplicate slug 'begehung'",
    ),
    "duplicate process slug": (
        lambda d: d["key_processes"][1].update(slug="erkunden"),
        "key_processes[2].slug",
        "duplicate slug 'erkunden'",
    ),
    "process without steps": (
        lambda d: d["key_processes"][1].update(steps=[]),
        "key_processes[2].steps",
        "the list is empty",
    ),
    "step without method or notes": (
        lambda d: d["key_processes"][1]["steps"][0].update(method_notes=""),
        "key_processes[2].steps[1]",
        "at least one method or 'method_notes'",
    ),
    "no processes": (lambda d: d.update(key_processes=[]), "key_processes", "the list is empty"),
    "missing edition": (lambda d: d.pop("edition"), "edition", "'edition' is missing"),
    "year not a number": (
        lambda d: d["edition"].update(year="2024"),
        "edition.year",
        "expected a year",
    ),
    "slug with capitals": (
        lambda d: d["methods"][0].update(slug="Begehung"),
        "methods[1].slug",
        "is not a slug",
    ),
    "misspelt field": (
        lambda d: d["situations"][0].update(topic=["wohnen"]),
        "situations[1]",
        "unknown field 'topic'",
    ),
    "title too long": (
        lambda d: d["key_processes"][0].update(title="x" * 201),
        "key_processes[1].title",
        "longer than 200 characters",
    ),
    "signs of the wrong type": (
        lambda d: d["situations"][0].update(signs=3),
        "situations[1].signs",
        "expected a list of lines",
    ),
    "process named twice": (
        lambda d: d["situations"][1]["key_processes"].append("erkunden"),
        "situations[2].key_processes[3]",
        "named twice",
    ),
    "unknown format": (
        lambda d: d.update(format="something/2"),
        "format",
        "unknown format",
    ),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_a_broken_file_is_refused_with_place_and_reason_and_nothing_is_written(
    case, programme, write
):
    change, where, reason = ERRORS[case]
    path = write(_broken(change), name="musterstadt.json")
    with pytest.raises(DataFileError) as error:
        edition_load(path=path, programme=programme)
    assert error.value.file == "musterstadt.json"
    assert error.value.where == where
    assert reason in error.value.reason
    assert str(error.value).startswith(f"musterstadt.json, {where}: ")
    assert not Edition.objects.filter(slug="leitfaden-musterstadt").exists()
    assert not Method.objects.filter(slug="begehung").exists()


def test_unreadable_files_are_refused(programme, write, tmp_path):
    with pytest.raises(DataFileError, match="file not found"):
        edition_load(path=tmp_path / "fehlt.json", programme=programme)
    with pytest.raises(DataFileError, match=r"line 1, column 3: not valid JSON"):
        edition_load(path=write('{ "edition": '[:3] + "x"), programme=programme)
    with pytest.raises(DataFileError, match="expected an object"):
        edition_load(path=write("[]"), programme=programme)


def test_a_broken_file_leaves_an_existing_edition_unchanged(programme, write):
    edition = edition_load(path=write(SMALL), programme=programme)
    before = snapshot(edition)
    broken = _broken(lambda d: d["situations"][1]["topics"].append("raumfahrt"))
    broken["edition"]["title"] = "Neuer Titel"
    with pytest.raises(DataFileError):
        edition_load(path=write(broken), programme=programme)
    assert snapshot(Edition.objects.get(pk=edition.pk)) == before


def test_a_failure_while_writing_rolls_everything_back(programme, write, monkeypatch):
    def fail(*, edition):
        raise RuntimeError("index failed")

    monkeypatch.setattr("veedel.guide.loading.guide_index", fail)
    with pytest.raises(RuntimeError):
        edition_load(path=write(SMALL), programme=programme)
    assert not Edition.objects.filter(slug="leitfaden-musterstadt").exists()
    assert not KeyProcess.objects.filter(slug="erkunden").exists()


def test_an_edition_slug_of_another_programme_is_refused(programme, write):
    other = Programme.objects.create(
        name="Soziale Stadt Musterstadt", slug="musterstadt", city="Musterstadt"
    )
    for goal in programme.goals.all():
        other.goals.create(order=goal.order, name=goal.name, slug=goal.slug)
    for topic in programme.topics.all():
        other.topics.create(order=topic.order, name=topic.name, slug=topic.slug)
    edition_load(path=write(SMALL), programme=programme)
    with pytest.raises(DataFileError, match="already used by an edition of another programme"):
        edition_load(path=write(SMALL), programme=other)


def test_command_loads_the_example_edition_and_says_so_in_one_line():
    out = StringIO()
    call_command("load_demo_guide", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Guide loaded: Handlungsleitfaden Sozialraumkoordination")
    assert "22 situations, 16 key processes with 85 steps, 23 methods" in lines[0]
    out = StringIO()
    call_command("load_demo_guide", stdout=out)
    assert out.getvalue().startswith("Guide unchanged: ")
    assert Edition.objects.get(slug="leitfaden-beispiel-2012").is_example


def test_command_loads_a_city_file_and_refuses_a_broken_one(write):
    out = StringIO()
    call_command("load_demo_guide", "--file", str(write(SMALL)), "--draft", stdout=out)
    assert "Leitfaden Musterstadt" in out.getvalue()
    assert Edition.objects.get(slug="leitfaden-musterstadt").status == EditionStatus.DRAFT
    broken = write(_broken(lambda d: d["key_processes"][1].update(steps=[])), name="kaputt.json")
    with pytest.raises(
        CommandError, match=r"Nothing was loaded\. kaputt\.json, key_processes\[2\]\.steps"
    ):
        call_command("load_demo_guide", "--file", str(broken))
    with pytest.raises(CommandError, match="no programme with the slug 'nirgendwo'"):
        call_command("load_demo_guide", "--programme", "nirgendwo")
