#!/usr/bin/env python3
"""Benchmark of the guide's finder ("describe your situation"), at scale, on SQLite and
PostgreSQL.

For each database it builds a throw-away Veedel (bench/run.py's ``bench_site``), loads the
Cologne data and the example edition of the guide (``load_demo_guide``), adds generated
situations and key processes to that edition (2 000 of each by default, German text from word
pools, each situation suggesting one or two processes), and then measures

- accuracy on the test set (``veedel/guide/tests/finder_cases.py``): top-1 and top-3 of the
  expected key process, now among thousands of look-alike distractors;
- ``find()`` in process: p50 and p95 over the test-set descriptions and generated queries
  (goal p95 ≤ 50 ms), and how long the first search after a change takes (it rebuilds the
  in-memory index);
- the finder page over HTTP behind gunicorn (2 sync workers, one keep-alive connection, as the
  other benches): ``/leitfaden/finden/?q=…`` round the same queries (goal p95 ≤ 50 ms).

    python bench/guide_finder.py                    # both databases, 2 000 + 2 000 records
    python bench/guide_finder.py --db sqlite --extra 500 --requests 100
    python bench/guide_finder.py --json > bench/results/guide-finder-$(date +%F).json

Only loopback traffic; everything it starts or creates is stopped and removed at the end.
Not a test: pytest does not collect it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (  # noqa: E402  (bench/ is not a package)
    PYTHON,
    REPO,
    Server,
    bench_site,
    log,
    percentile,
)

GOAL_MS = 50.0
SEED = 20120301

# --- word pools for generated content (all invented) -----------------------------------------
WHO = [
    "Jugendliche", "Kinder", "Ältere Menschen", "Alleinerziehende", "Familien mit kleinen Kindern",
    "Neuzugewanderte", "Geflüchtete Familien", "Langzeitarbeitslose", "Menschen mit Behinderung",
    "Schülerinnen und Schüler", "Mieterinnen und Mieter", "Ehrenamtliche", "Vereine",
    "Gewerbetreibende", "Eltern", "Seniorinnen und Senioren", "Studierende", "Wohnungslose",
]  # fmt: skip
WHERE = [
    "am Spielplatz", "an der Haltestelle", "im Hinterhof", "vor dem Supermarkt", "im Park",
    "auf dem Marktplatz", "in der Siedlung", "am Bürgerhaus", "im Treppenhaus", "an der Schule",
    "im Jugendzentrum", "am Kiosk", "in der Grünanlage", "an der Kirche", "im Hochhaus",
    "auf dem Sportplatz", "in der Fußgängerzone", "am Rheinufer",
]  # fmt: skip
PROBLEMS = [
    ("Lärm", "beschweren sich über Lärm am Abend"),
    ("Müll", "finden Sperrmüll und Abfall auf den Wegen"),
    ("Vereinsamung", "leben zurückgezogen und haben kaum Kontakte"),
    ("Sprachbarrieren", "verstehen die Briefe der Ämter nicht"),
    ("fehlende Treffpunkte", "wissen nicht, wo sie sich treffen können"),
    ("Konflikte", "geraten immer wieder in Streit miteinander"),
    ("Armut", "kommen mit dem Geld kaum über den Monat"),
    ("Angsträume", "meiden dunkle Ecken und Unterführungen"),
    ("Leerstand", "sehen immer mehr leere Ladenlokale"),
    ("Bewegungsmangel", "bewegen sich wenig und sind oft krank"),
    ("fehlende Kinderbetreuung", "finden keinen Platz in einer Kita"),
    ("Schulabbruch", "verlassen die Schule ohne Abschluss"),
    ("Verkehr", "fühlen sich vom Durchgangsverkehr gefährdet"),
    ("Mietsteigerungen", "fürchten, sich die Wohnung nicht mehr leisten zu können"),
    ("Desinteresse", "beteiligen sich nicht an Versammlungen"),
    ("Vandalismus", "ärgern sich über zerstörte Bänke und Graffiti"),
]  # fmt: skip
SIGNS = [
    "Beschwerden bei der Hausverwaltung", "Anrufe beim Ordnungsamt", "leere Sprechstunden",
    "volle Wartelisten", "Berichte in der Lokalzeitung", "Hinweise aus der Schule",
    "Klagen in der Stadtteilkonferenz", "wenig Teilnehmende bei Angeboten",
    "Polizeieinsätze am Wochenende", "Streit in der Nachbarschaft", "Anfragen bei Beratungsstellen",
]  # fmt: skip
ACTIONS = [
    ("Runden Tisch einberufen", "Alle Beteiligten kommen zusammen und klären die Lage."),
    ("Bedarfe erheben", "Befragungen und Begehungen zeigen, was fehlt."),
    ("Partner gewinnen", "Träger, Vereine und Verwaltung übernehmen Aufgaben."),
    ("Angebot erproben", "Ein kleines Angebot startet für ein halbes Jahr."),
    ("Ergebnisse auswerten", "Was hat sich verändert, was bleibt zu tun?"),
    ("Öffentlichkeit informieren", "Aushänge, Presse und Stadtteilzeitung berichten."),
    ("Ehrenamtliche begleiten", "Schulungen und regelmäßige Treffen stärken die Helfenden."),
    ("Mittel beantragen", "Fördermittel und Budgets der Träger werden gebündelt."),
    ("Vereinbarungen treffen", "Regeln und Ansprechpersonen werden schriftlich festgehalten."),
    ("Politik einbinden", "Die Bezirksvertretung erfährt von Bedarf und Ergebnis."),
]  # fmt: skip
APPROACHES = [
    "Nachbarschaftshilfe aufbauen", "Begegnung ermöglichen", "Beteiligung stärken",
    "Zugänge schaffen", "Konflikte vermitteln", "Angebote vernetzen", "Wohnumfeld aufwerten",
    "Gesundheit fördern", "Übergänge begleiten", "Engagement gewinnen", "Sicherheit erhöhen",
    "Informationen bündeln",
]  # fmt: skip


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def generated_content(n_situations: int, n_processes: int, rng: random.Random):
    """Dicts of generated key processes and situations, and (query, process slug) pairs."""
    processes = []
    for i in range(n_processes):
        who = rng.choice(WHO)
        problem, _ = rng.choice(PROBLEMS)
        approach = rng.choice(APPROACHES)
        steps = rng.sample(ACTIONS, rng.randint(3, 5))
        processes.append(
            {
                "slug": f"bench-prozess-{i}",
                "title": f"{approach}: {_cap(problem)} bei {who}",
                "purpose": f"{who} {rng.choice(WHERE)} erleben {problem}. Dieser Prozess "
                f"beschreibt, wie die Koordination {approach.split()[0]} und Partner gewinnt.",
                "steps": steps,
            }
        )
    situations = []
    queries = []
    for i in range(n_situations):
        who = rng.choice(WHO)
        where = rng.choice(WHERE)
        problem, sentence = rng.choice(PROBLEMS)
        suggests = rng.sample(range(n_processes), rng.choice((1, 1, 2))) if n_processes else []
        situations.append(
            {
                "slug": f"bench-situation-{i}",
                "title": f"{_cap(problem)} {where}",
                "description": f"{who} {where} {sentence}. "
                f"{rng.choice(WHO)} und {rng.choice(WHO)} fühlen sich allein gelassen. "
                f"Es gibt {rng.choice(SIGNS)} und {rng.choice(SIGNS)}.",
                "signs": "\n".join(rng.sample(SIGNS, 3)),
                "suggests": suggests,
            }
        )
        if i % 20 == 0 and suggests:
            queries.append((f"{who} {where} {sentence}", processes[suggests[0]]["slug"]))
    return processes, situations, queries


def _child(args) -> None:
    """Runs in a child process with Django set up on the bench database: adds the generated
    content to the example edition, then measures accuracy and find() in process."""
    import django as django_module

    django_module.setup()
    from django.db import connection, transaction

    from veedel.guide.finder import edition_index, find, guide_index
    from veedel.guide.models import Edition, KeyProcess, ProcessStep, Situation
    from veedel.guide.tests.finder_cases import CASES
    from veedel.programme.models import Goal

    rng = random.Random(SEED)
    edition = Edition.objects.current()
    processes, situations, queries = generated_content(args.extra, args.extra, rng)
    started = time.perf_counter()
    with transaction.atomic():
        goals = list(Goal.objects.filter(programme=edition.programme_id))
        base = KeyProcess.objects.filter(edition=edition).count() + 1
        rows = KeyProcess.objects.bulk_create(
            [
                KeyProcess(
                    edition=edition, order=base + i, slug=p["slug"], title=p["title"],
                    purpose=p["purpose"],
                )
                for i, p in enumerate(processes)
            ],
            batch_size=2000,
        )  # fmt: skip
        ProcessStep.objects.bulk_create(
            [
                ProcessStep(key_process=row, order=n, title=title, aim=aim)
                for row, p in zip(rows, processes, strict=True)
                for n, (title, aim) in enumerate(p["steps"], 1)
            ],
            batch_size=2000,
        )
        KeyProcess.goals.through.objects.bulk_create(
            [
                KeyProcess.goals.through(keyprocess_id=row.pk, goal_id=rng.choice(goals).pk)
                for row in rows
            ],
            batch_size=2000,
        )
        situation_rows = Situation.objects.bulk_create(
            [
                Situation(
                    edition=edition, order=100 + i, slug=s["slug"], title=s["title"],
                    description=s["description"], signs=s["signs"],
                )
                for i, s in enumerate(situations)
            ],
            batch_size=2000,
        )  # fmt: skip
        Situation.key_processes.through.objects.bulk_create(
            [
                Situation.key_processes.through(situation_id=row.pk, keyprocess_id=rows[j].pk)
                for row, s in zip(situation_rows, situations, strict=True)
                for j in s["suggests"]
            ],
            batch_size=2000,
        )
        Situation.goals.through.objects.bulk_create(
            [
                Situation.goals.through(situation_id=row.pk, goal_id=rng.choice(goals).pk)
                for row in situation_rows
            ],
            batch_size=2000,
        )
    generate_s = time.perf_counter() - started
    started = time.perf_counter()
    guide_index(edition=edition)
    index_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    edition.refresh_from_db()
    started = time.perf_counter()
    edition_index(edition)
    build_ms = (time.perf_counter() - started) * 1000

    top1 = top3 = 0
    for text, expected in CASES:
        found = [m.slug for m in find(edition=edition, text=text, limit=3).processes]
        top1 += found[:1] == [expected]
        top3 += expected in found
    gen_top3 = sum(
        expected in [m.slug for m in find(edition=edition, text=text, limit=3).processes]
        for text, expected in queries
    )
    texts = [t for t, _ in CASES] + [t for t, _ in queries]
    samples = []
    for _round in range(args.rounds):
        for text in texts:
            started = time.perf_counter()
            find(edition=edition, text=text)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    print(
        json.dumps(
            {
                "situations": Situation.objects.filter(edition=edition).count(),
                "processes": KeyProcess.objects.filter(edition=edition).count(),
                "generate_s": round(generate_s, 1),
                "guide_index_s": round(index_s, 2),
                "index_build_ms": round(build_ms, 1),
                "cases": len(CASES),
                "top1": round(top1 / len(CASES), 3),
                "top3": round(top3 / len(CASES), 3),
                "generated_queries": len(queries),
                "generated_top3": round(gen_top3 / len(queries), 3) if queries else None,
                "find_requests": len(samples),
                "find_p50_ms": round(percentile(samples, 0.5), 2),
                "find_p95_ms": round(percentile(samples, 0.95), 2),
                "find_max_ms": round(samples[-1], 2),
                "queries": texts,
            }
        )
    )


def time_http(port: int, texts: list[str], args) -> dict:
    urls = ["/leitfaden/finden/" + ("?" + urlencode({"q": t}) if t else "") for t in texts]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Accept-Language": "de", "User-Agent": "veedel-bench"}
    samples, error = [], None
    try:
        for i in range(args.warmup + args.requests):
            url = urls[i % len(urls)]
            started = time.perf_counter()
            conn.request("GET", url, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed_ms = (time.perf_counter() - started) * 1000
            if response.status != 200:
                error = f"HTTP {response.status} for {url[:80]}"
                break
            if i >= args.warmup:
                samples.append(elapsed_ms)
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()
    samples.sort()
    if error or not samples:
        return {"http_error": error or "no samples"}
    return {
        "http_requests": len(samples),
        "http_p50_ms": round(percentile(samples, 0.5), 1),
        "http_p95_ms": round(percentile(samples, 0.95), 1),
        "http_max_ms": round(samples[-1], 1),
    }


def bench_database(database: str, args) -> dict:
    result = {"database": database}
    loaders = ["load_areas", "load_demo_guide"]
    try:
        with bench_site(database, args, "bench-finder", loaders) as (env, data_dir):
            log(f"{database}: generating {args.extra} situations and {args.extra} processes …")
            child = [PYTHON, __file__, "_child", "--extra", str(args.extra)]
            child += ["--rounds", str(args.rounds)]
            done = subprocess.run(child, cwd=REPO, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
                raise RuntimeError("generating and measuring in process failed")
            measured = json.loads(done.stdout.strip().splitlines()[-1])
            texts = measured.pop("queries")
            result.update(measured)
            log(
                f"{database}: top-3 {measured['top3']:.1%}, find() p95 "
                f"{measured['find_p95_ms']} ms; now over HTTP …"
            )
            server = Server(env, args.workers, data_dir / "gunicorn.log")
            try:
                server.start(probe_url="/leitfaden/finden/")
                result.update(time_http(server.port, texts, args))
                # For comparison: the same page without a search (what the machine costs).
                plain = time_http(server.port, [""], args)
                result["form_p95_ms"] = plain.get("http_p95_ms")
                if "http_error" in result:
                    log("last lines of gunicorn's log:\n" + server.tail_log())
            finally:
                server.stop()
    except Exception as exc:
        log(f"{database}: {exc}")
        result["error"] = str(exc)
    return result


def met(result: dict) -> bool:
    return (
        "error" not in result
        and "http_error" not in result
        and result["find_p95_ms"] <= GOAL_MS
        and result["http_p95_ms"] <= GOAL_MS
    )


def report(results: list[dict], args) -> str:
    lines = [
        f"\nfinder at scale: example edition + {args.extra} generated situations and "
        f"{args.extra} key processes; {args.requests} HTTP requests after {args.warmup} "
        f"warm-up, gunicorn -w {args.workers}; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs\n"
    ]
    header = (
        f"{'database':<9} {'records':>13} {'top-1':>6} {'top-3':>6} "
        f"{'find p50':>8} {'find p95':>8} {'HTTP p50':>8} {'HTTP p95':>8} {'goal':>7} "
        f"{'form p95':>8}  "
    )
    lines += [header, "-" * len(header)]
    for r in results:
        if "error" in r:
            lines.append(f"{r['database']:<9} ERROR: {r['error']}")
            continue
        http_p50 = r.get("http_p50_ms", "-")
        http_p95 = r.get("http_p95_ms", "-")
        verdict = (
            "ok" if met(r) else ("ERROR: " + r["http_error"] if "http_error" in r else "MISSED")
        )
        lines.append(
            f"{r['database']:<9} {r['situations']:>5} + {r['processes']:>5} "
            f"{r['top1']:>6.1%} {r['top3']:>6.1%} "
            f"{r['find_p50_ms']:>8} {r['find_p95_ms']:>8} {http_p50:>8} {http_p95:>8} "
            f"{'≤ 50 ms':>7} {r.get('form_p95_ms') or '-':>8}  {verdict}"
        )
    for r in results:
        if "error" not in r:
            lines.append(
                f"\n{r['database']}: {r['cases']} test-set cases, {r['generated_queries']} "
                f"generated queries; guide_index {r['guide_index_s']} s, first search after a "
                f"change (index rebuild) {r['index_build_ms']} ms, generating "
                f"{r['generate_s']} s"
            )
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Accuracy and speed of the guide's finder with thousands of situations "
        "and key processes, in process and under gunicorn."
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--extra", type=int, default=2000, help="generated situations and processes (2000 each)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="in-process rounds of all queries")
    parser.add_argument("--requests", type=int, default=300, help="timed HTTP requests (300)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first (20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--fail-on-miss", action="store_true", help="exit with code 3 when a goal is missed"
    )
    parser.add_argument("--pg-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument("--pg-port", default=os.environ.get("PGPORT", "5432"))
    parser.add_argument("--pg-user", default=os.environ.get("PGUSER", "postgres"))
    return parser.parse_args(argv)


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        child = argparse.ArgumentParser()
        child.add_argument("--extra", type=int, required=True)
        child.add_argument("--rounds", type=int, default=3)
        _child(child.parse_args(argv[1:]))
        return 0
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, interrupted)
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    try:
        results = [bench_database(database, args) for database in databases]
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    if args.json:
        print(json.dumps({"extra": args.extra, "goal_p95_ms": GOAL_MS, "results": results}))
    else:
        print(report(results, args))
    if any("error" in r or "http_error" in r for r in results):
        return 1
    if args.fail_on_miss and not all(met(r) for r in results):
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
