"""Small guide editions for tests (other apps may import ``edition_make``).

``edition_make(situations=3, processes=2, steps=3)`` builds an edition of the programme in the
test database with linked situations, key processes (each with ``steps`` steps), methods used
by the steps, and links to the programme's goals and topics. Texts are invented, in German.
"""

from __future__ import annotations

import itertools

from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from veedel.guide.models import (
    Edition,
    EditionStatus,
    KeyProcess,
    Method,
    ProcessStep,
    Situation,
)
from veedel.programme.models import Goal, Programme, Topic

_numbers = itertools.count(1)


def german(msgid: str, **values) -> str:
    """What the German page shows for ``msgid`` (the msgid itself until it is translated)."""
    with translation.override("de"):
        text = gettext(msgid)
    return text % values if values else text


def german_plural(singular: str, plural: str, count: int, **values) -> str:
    with translation.override("de"):
        text = ngettext(singular, plural, count)
    return text % values if values else text


def edition_make(
    *,
    title: str = "",
    slug: str = "",
    year: int = 2024,
    published: bool = True,
    is_example: bool = False,
    situations: int = 3,
    processes: int = 2,
    steps: int = 3,
    methods: int = 2,
    introduction: str = "Dieser Leitfaden beschreibt typische Ausgangssituationen.",
) -> Edition:
    """An edition with linked content. Situation i suggests process i mod ``processes``; step j
    of every process uses method j mod ``methods``; goals and topics go round the programme's."""
    n = next(_numbers)
    programme = Programme.objects.order_by("pk").first()
    edition = Edition.objects.create(
        programme=programme,
        title=title or f"Testleitfaden {n}",
        slug=slug or f"testleitfaden-{n}",
        year=year,
        status=EditionStatus.PUBLISHED if published else EditionStatus.DRAFT,
        published_at=timezone.now() if published else None,
        introduction=introduction,
        is_example=is_example,
    )
    goals = list(Goal.objects.filter(programme=programme).order_by("order"))
    topics = list(Topic.objects.filter(programme=programme).order_by("order", "name"))
    method_rows = Method.objects.bulk_create(
        Method(
            edition=edition,
            name=f"Methode {i}",
            slug=f"methode-{i}",
            summary=f"Kurzbeschreibung der Methode {i}",
            description=f"So wird Methode {i} angewendet.",
        )
        for i in range(1, methods + 1)
    )
    process_rows = KeyProcess.objects.bulk_create(
        KeyProcess(
            edition=edition,
            order=i,
            title=f"Schlüsselprozess {i}",
            slug=f"schluesselprozess-{i}",
            purpose=f"Wozu Schlüsselprozess {i} dient.",
        )
        for i in range(1, processes + 1)
    )
    situation_rows = Situation.objects.bulk_create(
        Situation(
            edition=edition,
            order=i,
            title=f"Ausgangssituation {i}",
            slug=f"ausgangssituation-{i}",
            description=f"Beschreibung der Ausgangssituation {i}.",
            signs=f"Erstes Anzeichen {i}\nZweites Anzeichen {i}",
        )
        for i in range(1, situations + 1)
    )
    step_rows = ProcessStep.objects.bulk_create(
        ProcessStep(
            key_process=process,
            order=j,
            title=f"Schritt {j} von {process.title}",
            aim=f"Ziel des Schritts {j}",
            participants="Koordination, Akteure im Veedel",
            results=f"Ergebnis des Schritts {j}",
            duration="2 Wochen",
            pitfalls=f"Stolperstein {j}",
        )
        for process in process_rows
        for j in range(1, steps + 1)
    )
    if goals:
        KeyProcess.goals.through.objects.bulk_create(
            KeyProcess.goals.through(keyprocess_id=p.pk, goal_id=goals[i % len(goals)].pk)
            for i, p in enumerate(process_rows)
        )
        Situation.goals.through.objects.bulk_create(
            Situation.goals.through(situation_id=s.pk, goal_id=goals[i % len(goals)].pk)
            for i, s in enumerate(situation_rows)
        )
    if topics:
        KeyProcess.topics.through.objects.bulk_create(
            KeyProcess.topics.through(keyprocess_id=p.pk, topic_id=topics[i % len(topics)].pk)
            for i, p in enumerate(process_rows)
        )
        Situation.topics.through.objects.bulk_create(
            Situation.topics.through(situation_id=s.pk, topic_id=topics[i % len(topics)].pk)
            for i, s in enumerate(situation_rows)
        )
    if process_rows:
        Situation.key_processes.through.objects.bulk_create(
            Situation.key_processes.through(
                situation_id=s.pk, keyprocess_id=process_rows[i % len(process_rows)].pk
            )
            for i, s in enumerate(situation_rows)
        )
    if method_rows:
        ProcessStep.methods.through.objects.bulk_create(
            ProcessStep.methods.through(
                processstep_id=step.pk,
                method_id=method_rows[(step.order - 1) % len(method_rows)].pk,
            )
            for step in step_rows
        )
    return edition
