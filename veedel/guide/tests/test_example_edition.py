"""The example edition that ships with Veedel: complete, consistent and covering the programme."""

import re
from collections import Counter

import pytest

from veedel.guide.loading import EXAMPLE_EDITION_FILE, edition_load
from veedel.guide.models import EditionStatus, ProcessStep
from veedel.guide.tests.finder_cases import CASES
from veedel.programme.models import Goal, Programme, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return Programme.objects.get(slug="lebenswerte-veedel")


@pytest.fixture
def edition(programme):
    return edition_load(path=EXAMPLE_EDITION_FILE, programme=programme)


def test_example_edition_is_published_and_marked_as_example(edition):
    assert edition.title == "Handlungsleitfaden Sozialraumkoordination (Beispielausgabe)"
    assert edition.year == 2012
    assert edition.is_example
    assert edition.status == EditionStatus.PUBLISHED
    assert edition.published_at is not None
    assert "Beispielausgabe" in edition.introduction
    assert len(edition.introduction) > 800


def test_example_edition_has_enough_content(edition):
    assert edition.situations.count() >= 18
    assert edition.key_processes.count() >= 12
    assert edition.methods.count() >= 14
    for process in edition.key_processes.all():
        assert 5 <= process.steps.count() <= 8, process.slug


def test_every_goal_and_topic_is_covered_by_situations_and_processes(edition, programme):
    goals = set(Goal.objects.filter(programme=programme).values_list("slug", flat=True))
    topics = set(Topic.objects.filter(programme=programme).values_list("slug", flat=True))
    assert len(goals) == 5 and len(topics) == 10
    situations = edition.situations.all()
    processes = edition.key_processes.all()
    assert {g.slug for s in situations for g in s.goals.all()} == goals
    assert {t.slug for s in situations for t in s.topics.all()} == topics
    assert {g.slug for p in processes for g in p.goals.all()} == goals
    assert {t.slug for p in processes for t in p.topics.all()} == topics


def test_every_situation_is_described_and_suggests_a_process(edition):
    for situation in edition.situations.all():
        assert situation.key_processes.exists(), situation.slug
        assert situation.goals.exists() and situation.topics.exists(), situation.slug
        assert 4 <= len(situation.sign_list()) <= 6, situation.slug
        assert len(situation.description) > 200, situation.slug


def test_every_process_is_suggested_by_some_situation(edition):
    for process in edition.key_processes.all():
        assert process.situations.exists(), process.slug


def test_every_step_is_complete(edition):
    steps = ProcessStep.objects.filter(key_process__edition=edition).prefetch_related("methods")
    for step in steps:
        label = f"{step.key_process.slug} {step.order}"
        assert step.methods.exists() or step.method_notes, label
        for field in ("aim", "participants", "results", "duration", "pitfalls"):
            assert getattr(step, field).strip(), f"{label}: {field}"
    # Steps are numbered 1, 2, 3, … in every process.
    for process in edition.key_processes.all():
        assert list(process.steps.values_list("order", flat=True)) == list(
            range(1, process.steps.count() + 1)
        )


def test_every_method_is_used_and_described(edition):
    for method in edition.methods.all():
        assert method.steps.exists(), method.slug
        assert method.summary and len(method.description) > 300, method.slug


# Spellings that appear when German is typed without umlauts or ß.
TRANSLITERATED = re.compile(
    r"\b(fuer|ueber|koennen|muessen|moeglich\w*|buerger\w*|strasse\w*|grosse?|fuehr\w*|"
    r"aeltere?|schluessel\w*|gemaess|massnahme\w*|waehrend|haeufig|naechste)\b",
    re.IGNORECASE,
)


def test_text_is_written_with_umlauts_and_sharp_s(edition):
    texts = [edition.introduction]
    for s in edition.situations.all():
        texts += [s.title, s.description, s.signs]
    for p in edition.key_processes.all():
        texts += [p.title, p.purpose]
        for step in p.steps.all():
            texts += [step.title, step.aim, step.method_notes, step.participants, step.results]
            texts += [step.pitfalls, step.duration]
    for m in edition.methods.all():
        texts += [m.name, m.summary, m.description]
    text = "\n".join(texts)
    assert not TRANSLITERATED.findall(text)
    assert "ä" in text and "ö" in text and "ü" in text and "ß" in text


def test_finder_cases_name_processes_of_the_example_edition(edition):
    slugs = set(edition.key_processes.values_list("slug", flat=True))
    assert len(CASES) >= 45
    expected = Counter(slug for _, slug in CASES)
    assert set(expected) == slugs
    assert min(expected.values()) >= 2
    descriptions = [text for text, _ in CASES]
    assert len(set(descriptions)) == len(descriptions)
