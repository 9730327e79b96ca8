"""A small guide edition with realistic German text for the finder's tests."""

from __future__ import annotations

from veedel.guide.finder import guide_index
from veedel.guide.models import Edition, EditionStatus, KeyProcess, ProcessStep, Situation
from veedel.programme.models import Goal, Programme

PROCESSES = [
    (
        "konflikte-im-oeffentlichen-raum",
        "Konflikte im öffentlichen Raum moderieren",
        "Nutzungskonflikte auf Plätzen, Spielplätzen und in Grünanlagen werden mit allen "
        "Beteiligten besprochen und gemeinsam gelöst.",
        [
            ("Lage klären", "Wer nutzt den Ort wann, wer fühlt sich gestört?"),
            ("Runder Tisch", "Anwohnerinnen, Jugendliche, Ordnungsamt und Polizei an einen Tisch."),
            ("Vereinbarungen treffen", "Regeln für die Nutzung und Ansprechpersonen festlegen."),
        ],
        ["praevention", "kooperation"],
    ),
    (
        "offene-jugendarbeit-staerken",
        "Angebote für Jugendliche schaffen",
        "Fehlende Treffpunkte und Freizeitangebote für junge Menschen werden mit ihnen "
        "gemeinsam entwickelt.",
        [
            ("Jugendliche befragen", "Bedarfe und Wünsche der jungen Menschen erheben."),
            ("Träger gewinnen", "Jugendzentren und Vereine für Angebote gewinnen."),
        ],
        ["praevention", "partizipation"],
    ),
    (
        "sauberkeit-im-veedel",
        "Sauberkeit und Müll im Veedel angehen",
        "Vermüllte Straßen und Plätze: Aktionen mit Bewohnern, Abfallwirtschaft und "
        "Hausverwaltungen.",
        [
            ("Müllbrennpunkte erfassen", "Eine Stadtteilbegehung zeigt die Orte."),
            ("Aufräumaktion", "Bewohnerinnen und Schulen räumen gemeinsam auf."),
        ],
        ["partizipation"],
    ),
    (
        "seniorinnen-vernetzen",
        "Ältere Menschen vor Vereinsamung schützen",
        "Alleinlebende Seniorinnen und Senioren werden erreicht und mit Nachbarschaftshilfe "
        "und Begegnungsangeboten verbunden.",
        [
            ("Zugänge finden", "Über Kirchengemeinden, Pflegedienste und Ärzte."),
            ("Besuchsdienst aufbauen", "Ehrenamtliche besuchen einsame ältere Menschen."),
        ],
        ["integration", "praevention"],
    ),
    (
        "stadtteilkonferenz-aufbauen",
        "Eine Stadtteilkonferenz aufbauen",
        "Die Einrichtungen im Stadtteil lernen sich kennen und stimmen ihre Arbeit ab.",
        [
            ("Akteure erfassen", "Welche Einrichtungen, Vereine und Initiativen gibt es?"),
            ("Erste Sitzung", "Einladung, Moderation und Protokoll der Stadtteilkonferenz."),
        ],
        ["kooperation"],
    ),
]

SITUATIONS = [
    (
        "laerm-am-spielplatz",
        "Lärm und Streit am Spielplatz",
        "Abends treffen sich Jugendliche am Spielplatz. Anwohnende beschweren sich über Lärm "
        "und Flaschen, es kommt zu Konflikten.",
        "Lärmbeschwerden bei Ordnungsamt und Polizei\nScherben auf dem Spielplatz",
        ["konflikte-im-oeffentlichen-raum", "offene-jugendarbeit-staerken"],
    ),
    (
        "kein-treffpunkt-fuer-jugendliche",
        "Jugendliche haben keinen Treffpunkt",
        "Im Viertel gibt es kein Jugendzentrum; junge Menschen hängen auf der Straße herum.",
        "Keine Freizeitangebote für Jugendliche\nLangeweile",
        ["offene-jugendarbeit-staerken"],
    ),
    (
        "vermuellte-strassen",
        "Vermüllte Straßen und Hinterhöfe",
        "Sperrmüll und wilder Müll liegen auf Gehwegen und in Hinterhöfen.",
        "Beschwerden über Müll\nRatten in Hinterhöfen",
        ["sauberkeit-im-veedel"],
    ),
    (
        "einsame-aeltere",
        "Ältere Menschen leben vereinsamt",
        "Viele Seniorinnen und Senioren leben allein und verlassen kaum die Wohnung.",
        "Wenig Besuch\nKeine Begegnungsstätte in der Nähe",
        ["seniorinnen-vernetzen"],
    ),
    (
        "einrichtungen-arbeiten-nebeneinander",
        "Einrichtungen arbeiten nebeneinander her",
        "Schulen, Kitas, Vereine und Beratungsstellen kennen einander kaum und stimmen "
        "Angebote nicht ab.",
        "Doppelte Angebote\nKein Austausch zwischen den Trägern",
        ["stadtteilkonferenz-aufbauen"],
    ),
]


def finder_edition(*, slug="finder-test", published=True, extra=0) -> Edition:
    """The small edition above, plus ``extra`` filler situations and key processes."""
    programme = Programme.objects.order_by("pk").first()
    goals = {g.slug: g for g in Goal.objects.filter(programme=programme)}
    edition = Edition.objects.create(
        programme=programme,
        title=f"Leitfaden für den Finder ({slug})",
        slug=slug,
        year=2024,
        status=EditionStatus.PUBLISHED if published else EditionStatus.DRAFT,
    )
    processes = {}
    for order, (pslug, title, purpose, steps, goal_slugs) in enumerate(PROCESSES, 1):
        process = KeyProcess.objects.create(
            edition=edition, order=order, slug=pslug, title=title, purpose=purpose
        )
        for n, (step_title, aim) in enumerate(steps, 1):
            ProcessStep.objects.create(key_process=process, order=n, title=step_title, aim=aim)
        process.goals.set([goals[g] for g in goal_slugs if g in goals])
        processes[pslug] = process
    for order, (sslug, title, description, signs, suggests) in enumerate(SITUATIONS, 1):
        situation = Situation.objects.create(
            edition=edition,
            order=order,
            slug=sslug,
            title=title,
            description=description,
            signs=signs,
        )
        situation.key_processes.set([processes[p] for p in suggests])
        situation.goals.set(processes[suggests[0]].goals.all())
    if extra:
        add_filler(edition, extra)
    guide_index(edition=edition)
    return edition


FILLER_WORDS = (
    "Bildung Schule Sprache Arbeit Wohnen Gesundheit Sport Kultur Familie Beratung Nachbarschaft "
    "Ehrenamt Integration Beteiligung Umwelt Verkehr Armut Kinder Eltern Netzwerk"
).split()


def add_filler(edition, n):
    """``n`` more situations and key processes (each situation suggests one process)."""
    base = KeyProcess.objects.filter(edition=edition).count()
    processes = KeyProcess.objects.bulk_create(
        KeyProcess(
            edition=edition,
            order=base + i,
            slug=f"fuellprozess-{base + i}",
            title=f"Prozess zu {FILLER_WORDS[i % 20]} und {FILLER_WORDS[(i * 7) % 20]}",
            purpose=f"Wie {FILLER_WORDS[(i * 3) % 20]} im Quartier gestärkt wird.",
        )
        for i in range(n)
    )
    ProcessStep.objects.bulk_create(
        ProcessStep(key_process=p, order=1, title="Bestand aufnehmen", aim="Überblick gewinnen.")
        for p in processes
    )
    situations = Situation.objects.bulk_create(
        Situation(
            edition=edition,
            order=100 + base + i,
            slug=f"fuellsituation-{base + i}",
            title=f"Wenig {FILLER_WORDS[(i * 5) % 20]} im Veedel",
            description=f"Es fehlt an {FILLER_WORDS[(i * 11) % 20]} und Austausch.",
        )
        for i in range(n)
    )
    Situation.key_processes.through.objects.bulk_create(
        Situation.key_processes.through(situation_id=s.pk, keyprocess_id=p.pk)
        for s, p in zip(situations, processes, strict=True)
    )
    goals = list(Goal.objects.filter(programme=edition.programme_id))
    if goals:
        KeyProcess.goals.through.objects.bulk_create(
            KeyProcess.goals.through(keyprocess_id=p.pk, goal_id=goals[i % len(goals)].pk)
            for i, p in enumerate(processes)
        )
        Situation.goals.through.objects.bulk_create(
            Situation.goals.through(situation_id=s.pk, goal_id=goals[i % len(goals)].pk)
            for i, s in enumerate(situations)
        )
