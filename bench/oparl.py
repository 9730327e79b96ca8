#!/usr/bin/env python3
"""Benchmark of the OParl paper list and the paper PDF at scale, served by gunicorn.

In a fresh database (PostgreSQL by default) it loads the Cologne areas and the council demo,
generates synthetic public papers in bulk (50 000 by default; each with 3–8 consultations at
sessions of the demo's bodies, a main file and 0–2 attachments, one or two topics), and times

    /oparl/v1/bodies/<id>/papers/?limit=100&after=<id>    p95 ≤ 100 ms  (pages of 100 papers)
    /vorlagen/<id>/vorlage.pdf                            p95 ≤ 1000 ms (the 2012 Mitteilung)

The pages are spread over the whole list (random ``after`` ids, as a client resuming a walk).

    python bench/oparl.py                          # PostgreSQL, 50 000 papers
    python bench/oparl.py --db sqlite --papers 5000 --requests 50

It reuses bench/run.py (temporary data folder, createdb/dropdb, gunicorn on loopback,
nearest-rank percentiles). Not a test: pytest does not collect it. See bench/README.md.
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
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PYTHON, REPO, Server, bench_site, log, percentile  # noqa: E402

LIST_GOAL_MS = 100.0
PDF_GOAL_MS = 1000.0
SEED = 20120305


def generate(papers: int) -> dict:
    """Add ``papers`` synthetic public papers (bulk) to the council demo."""
    import datetime

    import django as django_module

    django_module.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from veedel.council.models import (
        Body,
        Consultation,
        File,
        FileRole,
        Meeting,
        Paper,
        PaperState,
    )
    from veedel.programme.models import Topic

    started = time.monotonic()
    rng = random.Random(SEED)
    body = Body.objects.get(name="Rat der Stadt Köln")
    meetings = list(Meeting.objects.filter(cancelled=False).values_list("pk", "organization_id"))
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    through = Paper.topics.through
    now = timezone.now()
    batch = 2000
    done = 0
    with transaction.atomic():
        while done < papers:
            size = min(batch, papers - done)
            rows = []
            for n in range(done, done + size):
                year = 2000 + n // 9000
                rows.append(
                    Paper(
                        body=body,
                        reference=f"{n % 9000 + 1000:04d}/{year}",
                        paper_type=rng.choice(["Mitteilung", "Beschlussvorlage", "Antrag"]),
                        title=f"Synthetische Vorlage {n + 1}: Sozialraumkoordination im Veedel",
                        date=datetime.date(year, 1 + n % 12, 1 + n % 28),
                        text="Beispieltext. " * 40,
                        non_public_text="Nicht öffentlich. " * 5,
                        department="Dezernat für Soziales",
                        is_public=True,
                        state=PaperState.RELEASED,
                        released_at=now,
                        created=now,
                    )
                )
            created = Paper.objects.bulk_create(rows)
            consultations, files, topics = [], [], []
            for paper in created:
                for order, (meeting, org) in enumerate(
                    rng.sample(meetings, rng.randint(3, 8)), start=1
                ):
                    consultations.append(
                        Consultation(
                            paper=paper,
                            organization_id=org,
                            meeting_id=meeting,
                            order=order,
                            created=now,
                        )
                    )
                for index in range(rng.randint(1, 3)):
                    files.append(
                        File(
                            paper=paper,
                            role=FileRole.MAIN if index == 0 else FileRole.AUXILIARY,
                            name=f"Anlage {index}",
                            file=f"council/bench/{paper.pk}-{index}.pdf",
                            file_name=f"{paper.pk}-{index}.pdf",
                            mime_type="application/pdf",
                            size=12345,
                            sha1_checksum="0" * 40,
                            sha512_checksum="0" * 128,
                            date=paper.date,
                            created=now,
                        )
                    )
                for topic in rng.sample(topic_ids, rng.randint(1, 2)):
                    topics.append(through(paper_id=paper.pk, topic_id=topic))
            Consultation.objects.bulk_create(consultations, batch_size=batch)
            File.objects.bulk_create(files, batch_size=batch)
            through.objects.bulk_create(topics, batch_size=batch)
            done += size
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "papers": Paper.objects.count(),
        "consultations": Consultation.objects.count(),
        "files": File.objects.count(),
        "seconds": round(time.monotonic() - started, 1),
    }


def ids(env: dict[str, str]) -> dict:
    code = (
        "import django, json; django.setup();"
        "from veedel.council.models import Body, Paper;"
        "b = Body.objects.get(name='Rat der Stadt Köln');"
        "pks = list(Paper.objects.public().order_by('pk').values_list('pk', flat=True));"
        "print(json.dumps({'body': b.pk, 'papers': pks,"
        " 'seed': Paper.objects.get(reference='0815/2012').pk}))"
    )
    done = subprocess.run(
        [PYTHON, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Timing:
    database: str
    endpoint: str
    goal_p95_ms: float
    requests: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    mean_bytes: int | None = None
    met: bool | None = None
    error: str | None = None
    example_url: str = ""
    samples_ms: list[float] = field(default_factory=list, repr=False)


def time_urls(port: int, database: str, endpoint: str, goal: float, urls: list[str], args):
    timing = Timing(database, endpoint, goal, example_url=urls[0])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sizes = []
    try:
        for i in range(args.warmup + args.requests):
            url = urls[i % len(urls)]
            start = time.perf_counter()
            conn.request("GET", url, headers={"User-Agent": "veedel-bench"})
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - start) * 1000
            if response.status != 200:
                timing.error = f"HTTP {response.status} for {url}"
                break
            if i >= args.warmup:
                timing.samples_ms.append(elapsed)
                sizes.append(len(body))
    except (OSError, http.client.HTTPException) as exc:
        timing.error = f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()
    timing.requests = len(timing.samples_ms)
    if timing.samples_ms and timing.error is None:
        values = sorted(timing.samples_ms)
        timing.p50_ms = round(percentile(values, 0.50), 1)
        timing.p95_ms = round(percentile(values, 0.95), 1)
        timing.max_ms = round(values[-1], 1)
        timing.met = timing.p95_ms <= goal
        timing.mean_bytes = sum(sizes) // len(sizes)
    return timing


def bench_database(database: str, args) -> tuple[list[Timing], dict]:
    loaders = ["load_areas", "load_demo_council"]
    try:
        with bench_site(database, args, "bench-oparl", loaders) as (env, data_dir):
            log(f"{database}: generating {args.papers} papers …")
            done = subprocess.run(
                [PYTHON, __file__, "_generate", "--papers", str(args.papers)],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                sys.stderr.write(done.stdout + done.stderr)
                raise RuntimeError("generating papers failed")
            info = json.loads(done.stdout.strip().splitlines()[-1])
            log(f"{database}: {info}")
            known = ids(env)
            rng = random.Random(SEED)
            afters = [0] + rng.sample(known["papers"][:-100], 49)
            list_urls = [
                f"/oparl/v1/bodies/{known['body']}/papers/?limit=100&after={a}" for a in afters
            ]
            pdf_urls = [f"/vorlagen/{known['seed']}/vorlage.pdf"]
            server = Server(env, args.workers, data_dir / "gunicorn.log")
            try:
                server.start(probe_url="/oparl/v1/")
                timings = [
                    time_urls(server.port, database, "oparl papers", LIST_GOAL_MS, list_urls, args),
                    time_urls(server.port, database, "paper PDF", PDF_GOAL_MS, pdf_urls, args),
                ]
                for t in timings:
                    log(f"{database} {t.endpoint}: p95 {t.p95_ms} ms {t.error or ''}")
                if any(t.error for t in timings):
                    log("last lines of gunicorn's log:\n" + server.tail_log())
                return timings, info | {"database": database}
            finally:
                server.stop()
    except Exception as exc:
        log(f"{database}: {exc}")
        return [Timing(database, "setup", 0, error=str(exc))], {}


def report(timings: list[Timing]) -> str:
    head = ["database", "endpoint", "requests", "p50 ms", "p95 ms", "max ms", "goal", "KB", ""]
    lines = [" | ".join(head)]
    for t in timings:
        status = "ERROR " + t.error if t.error else ("ok" if t.met else "MISSED")
        lines.append(
            " | ".join(
                [
                    t.database,
                    t.endpoint,
                    str(t.requests),
                    str(t.p50_ms),
                    str(t.p95_ms),
                    str(t.max_ms),
                    f"≤ {t.goal_p95_ms:.0f}",
                    str((t.mean_bytes or 0) // 1024),
                    status,
                ]
            )
        )
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Time the OParl paper list and the paper PDF.")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="postgres")
    parser.add_argument("--papers", type=int, default=50_000, help="papers to generate (50000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests (200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first (20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--fail-on-miss", action="store_true", help="exit 3 when a goal is missed")
    parser.add_argument("--pg-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("PGPORT", "5432")))
    parser.add_argument("--pg-user", default=os.environ.get("PGUSER", "postgres"))
    args = parser.parse_args(argv)
    if args.papers < 200 or args.requests < 1 or args.warmup < 0:
        parser.error("--papers must be at least 200, --requests at least 1, --warmup ≥ 0")
    return args


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_generate"]:
        sub = argparse.ArgumentParser(prog="oparl.py _generate")
        sub.add_argument("--papers", type=int, required=True)
        print(json.dumps(generate(sub.parse_args(argv[1:]).papers)))
        return 0
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, interrupted)
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    timings, generated = [], []
    try:
        for database in databases:
            t, info = bench_database(database, args)
            timings += t
            generated.append(info)
    except KeyboardInterrupt:
        log("interrupted; cleaned up")
        return 130
    if args.json:
        payload = {
            "python": platform.python_version(),
            "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
            "generated": generated,
            "results": [{k: v for k, v in asdict(t).items() if k != "samples_ms"} for t in timings],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(report(timings))
    if any(t.error for t in timings):
        return 1
    if args.fail_on_miss and not all(t.met for t in timings):
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
