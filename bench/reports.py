#!/usr/bin/env python3
"""Report benchmark: the programme report of a year over all offices, as PDF.

In a fresh database (SQLite by default, PostgreSQL on request) it loads the bundled Cologne
data and the demo users, then generates a realistic year of work for every office under
contract in 2025 (15 in Cologne): initiatives, activities with participants by target group
and goals, and a signed target agreement with targets bound to metrics. It then times

    the programme report: computing its figures (report_generate)       goal: with the PDF ≤ 5 s
    the programme report as PDF (reportlab, charts as vector graphics)
    the programme report as DOCX
    one office's activity report: figures and PDF

and counts the SQL queries of generating the programme report, which must not depend on the
amount of work recorded.

    python bench/reports.py                # SQLite, 40 initiatives, 600 activities per office
    python bench/reports.py --db postgres
    python bench/reports.py --activities 2000 --repeat 5

It reuses bench/run.py (temporary data folder, createdb/dropdb). Everything it creates is
removed at the end. Not a test: pytest does not collect it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PYTHON, REPO, bench_site, log  # noqa: E402  (bench/ is not a package)

YEAR = 2025
GOAL_SECONDS = 5.0
SEED = 20250101


# --- inside the benchmark database (a subprocess with its DATABASE_URL) ---------------------


def _generate(initiatives_per_office: int, activities_per_office: int) -> dict:
    import django

    django.setup()
    from django.db import transaction

    from veedel.agreements.models import AgreementState, MetricKind, Target, TargetAgreement
    from veedel.areas.models import SocialSpace
    from veedel.initiatives.models import (
        Activity,
        ActivityKind,
        ActivityParticipants,
        Initiative,
        InitiativeStatus,
        TargetGroup,
    )
    from veedel.programme.models import Goal, Topic
    from veedel.reports.figures import offices_in_year

    rng = random.Random(SEED)
    goals = list(Goal.objects.order_by("order"))
    topics = list(Topic.objects.all())
    kinds, groups = ActivityKind.values, TargetGroup.values
    offices = list(offices_in_year(YEAR))
    started = time.perf_counter()
    with transaction.atomic():
        for office in offices:
            space = SocialSpace.objects.in_year(YEAR).filter(offices=office).first()
            if space is None:
                continue
            initiatives = Initiative.objects.bulk_create(
                Initiative(
                    office=office,
                    social_space=space,
                    title=f"Vorhaben {n + 1} in {space.name}",
                    summary="Beispielvorhaben für den Benchmark.",
                    status=rng.choice([InitiativeStatus.RUNNING, InitiativeStatus.COMPLETED]),
                    start=datetime.date(YEAR - rng.randint(0, 2), rng.randint(1, 12), 1),
                    is_published=rng.random() < 0.7,
                    outcome_step=rng.choice([None, 2, 3, 4, 5]),
                )
                for n in range(initiatives_per_office)
            )
            for initiative in initiatives:
                initiative.topics.set(rng.sample(topics, 2))
            activities = Activity.objects.bulk_create(
                Activity(
                    initiative=rng.choice(initiatives),
                    date=datetime.date(YEAR, rng.randint(1, 12), rng.randint(1, 28)),
                    kind=rng.choice(kinds),
                    title="Aktivität",
                    hours=Decimal(rng.randint(1, 16)) / 2,
                    participants_total=0,
                    impact_step=rng.choice([None, 1, 2, 3, 4]),
                )
                for _ in range(activities_per_office)
            )
            participants, links, totals = [], [], {}
            for activity in activities:
                for group in rng.sample(groups, 3):
                    n = rng.randint(1, 25)
                    participants.append(
                        ActivityParticipants(activity=activity, target_group=group, count=n)
                    )
                    totals[activity.pk] = totals.get(activity.pk, 0) + n
                links.append(
                    Activity.goals.through(activity_id=activity.pk, goal_id=rng.choice(goals).pk)
                )
                activity.participants_total = totals[activity.pk]
            ActivityParticipants.objects.bulk_create(participants)
            Activity.goals.through.objects.bulk_create(links)
            Activity.objects.bulk_update(activities, ["participants_total"])
            agreement = TargetAgreement.objects.create(
                office=office, year=YEAR, state=AgreementState.SIGNED
            )
            metrics = [MetricKind.ACTIVITIES, MetricKind.PARTICIPANTS, MetricKind.HOURS, ""]
            Target.objects.bulk_create(
                Target(
                    agreement=agreement,
                    goal=goal,
                    order=k,
                    title=f"Ziel {k + 1} zu {goal.name}",
                    indicator="Kennzahl",
                    target_value=Decimal(rng.randint(10, 400)),
                    metric_kind=metrics[(goal.order + k) % len(metrics)],
                    actual_value=None if k % 2 else Decimal(rng.randint(5, 300)),
                )
                for goal in goals
                for k in range(2)
            )
    return {
        "offices": len(offices),
        "initiatives": Initiative.objects.count(),
        "activities": Activity.objects.count(),
        "participant_rows": ActivityParticipants.objects.count(),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _time(repeat: int) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from veedel.programme.models import CoordinationOffice
    from veedel.reports.docx import report_docx
    from veedel.reports.pdf import report_pdf
    from veedel.reports.services import report_generate

    translation.activate("de")
    office = CoordinationOffice.objects.get(slug="kalk")

    def timed(fn):
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = fn()
            samples.append(time.perf_counter() - started)
        return result, samples

    with CaptureQueriesContext(connection) as queries:
        report_generate(year=YEAR, by=None)
    report, generate = timed(lambda: report_generate(year=YEAR, by=None))
    pdf, pdf_times = timed(lambda: report_pdf(report=report))
    docx, docx_times = timed(lambda: report_docx(report=report))
    both, both_times = timed(lambda: report_pdf(report=report_generate(year=YEAR, by=None)))
    office_both, office_times = timed(
        lambda: report_pdf(report=report_generate(office=office, year=YEAR, by=None))
    )

    def summary(samples):
        return {"median_s": round(statistics.median(samples), 3), "max_s": round(max(samples), 3)}

    return {
        "programme_generate": summary(generate),
        "programme_pdf": summary(pdf_times),
        "programme_docx": summary(docx_times),
        "programme_generate_and_pdf": summary(both_times),
        "office_generate_and_pdf": summary(office_times),
        "generate_queries": len(queries.captured_queries),
        "pdf_bytes": len(pdf),
        "docx_bytes": len(docx),
        "offices_in_report": len(report.figures["offices"]),
    }


# --- outside: set up, run the inside, print ---------------------------------------------------


def _inside(env: dict, *args: str) -> dict:
    done = subprocess.run(
        [PYTHON, __file__, *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise RuntimeError(f"{args[0]} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_database(database: str, args) -> dict:
    with bench_site(database, args, "reports", ["load_areas", "load_demo_users"]) as (env, _d):
        log(f"{database}: generating the work of a year for every office …")
        data = _inside(
            env,
            "_generate",
            "--initiatives",
            str(args.initiatives),
            "--activities",
            str(args.activities),
        )
        log(f"{database}: {data}")
        log(f"{database}: timing ({args.repeat} runs each) …")
        timing = _inside(env, "_time", "--repeat", str(args.repeat))
        return {"database": database, "data": data, **timing}


def render(result: dict) -> str:
    data = result["data"]
    met = result["programme_generate_and_pdf"]["max_s"] <= GOAL_SECONDS
    lines = [
        f"{result['database']}: {data['offices']} offices, {data['initiatives']} initiatives, "
        f"{data['activities']} activities, {data['participant_rows']} participant rows",
        f"  {'what':<44} {'median':>9} {'max':>9}",
    ]
    for key, label in [
        ("programme_generate", "programme report: figures"),
        ("programme_pdf", "programme report: PDF"),
        ("programme_docx", "programme report: DOCX"),
        ("programme_generate_and_pdf", f"programme report: figures + PDF (≤ {GOAL_SECONDS} s)"),
        ("office_generate_and_pdf", "activity report of Kalk: figures + PDF"),
    ]:
        row = result[key]
        lines.append(f"  {label:<44} {row['median_s']:>8.3f}s {row['max_s']:>8.3f}s")
    lines.append(
        f"  queries to generate the programme report: {result['generate_queries']}; PDF "
        f"{result['pdf_bytes'] // 1024} KiB, DOCX {result['docx_bytes'] // 1024} KiB; "
        f"{result['offices_in_report']} offices in the report"
    )
    lines.append(f"  goal (figures + PDF ≤ {GOAL_SECONDS} s): {'met' if met else 'MISSED'}")
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Time the programme report over all offices.")
    sub = sys.argv[1] if len(sys.argv) > 1 else ""
    if sub == "_generate":
        parser.add_argument("_cmd")
        parser.add_argument("--initiatives", type=int, required=True)
        parser.add_argument("--activities", type=int, required=True)
        return parser.parse_args(argv)
    if sub == "_time":
        parser.add_argument("_cmd")
        parser.add_argument("--repeat", type=int, required=True)
        return parser.parse_args(argv)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--initiatives", type=int, default=40, help="per office (default 40)")
    parser.add_argument("--activities", type=int, default=600, help="per office (default 600)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs each (default 3)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--pg-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("PGPORT", "5432")))
    parser.add_argument("--pg-user", default=os.environ.get("PGUSER", "postgres"))
    args = parser.parse_args(argv)
    if min(args.initiatives, args.activities, args.repeat) < 1:
        parser.error("--initiatives, --activities and --repeat must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if getattr(args, "_cmd", "") == "_generate":
        print(json.dumps(_generate(args.initiatives, args.activities)))
        return 0
    if getattr(args, "_cmd", "") == "_time":
        print(json.dumps(_time(args.repeat)))
        return 0
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = []
    try:
        for database in databases:
            results.append(bench_database(database, args))
    except KeyboardInterrupt:
        log("interrupted; cleaned up")
        return 130
    except Exception as exc:
        log(f"failed: {exc}")
        return 1
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print()
        print("\n\n".join(render(r) for r in results))
    met = all(r["programme_generate_and_pdf"]["max_s"] <= GOAL_SECONDS for r in results)
    return 0 if met else 3


if __name__ == "__main__":
    sys.exit(main())
