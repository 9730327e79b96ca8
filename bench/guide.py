#!/usr/bin/env python3
"""Speed of the guide (Leitfaden): the PDFs of an edition and of one key process, and the
edition's and a key process's page served by gunicorn.

In a throw-away database (SQLite by default, PostgreSQL on request) with the Cologne data it
builds an edition of 15 situations and 10 key processes with 6 steps each and 10 methods
(``veedel.guide.tests.factories.edition_make``), then

- builds the whole edition's PDF and one key process's PDF N times in one Django process and
  prints the median and the maximum (goal: the edition's PDF well under 1 s);
- loads the demo's guide (the example edition, some 70 pages) and builds its PDF N times in
  the same process: its first build must take at most 1 s (with reportlab's accelerator);
- starts gunicorn and times the edition page and a key process page (p95 ≤ 30 ms, as
  bench/run.py holds every page), and the two PDFs as readers fetch them: built by the first
  request, then served from file storage (guide/pdf_store.py; p95 ≤ 50 ms).

    python bench/guide.py                    # SQLite, 10 PDF builds, 200 requests per page
    python bench/guide.py --db postgres --pdf-runs 20 --requests 300

Only loopback traffic; everything it starts or creates is removed at the end. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PYTHON, Server, bench_site, log, measure  # noqa: E402  (bench/ is no package)

PDF_GOAL_MS = 1000.0
SLUG = "bench-leitfaden"

BUILD_AND_TIME = """
import io, json, statistics, time
from django.core.management import call_command
from pypdf import PdfReader
from veedel.guide import pdf
from veedel.guide.models import Edition
from veedel.guide.tests.factories import edition_make
from veedel.guide.views import process_with_steps

# The demo's whole guide (the example edition, some 70 pages): its first build in this
# process, then the median of the runs.
call_command("load_demo_guide", verbosity=0)
demo = Edition.objects.published().exclude(slug="{slug}").get()
demo_runs = []
for _ in range({runs}):
    start = time.perf_counter()
    demo_pdf = pdf.edition_pdf(edition=demo)
    demo_runs.append((time.perf_counter() - start) * 1000)

edition = Edition.objects.filter(slug="{slug}").first() or edition_make(
    slug="{slug}", title="Benchmark-Leitfaden", year=2099,
    situations=15, processes=10, steps=6, methods=10,
)
timings = {{"edition_pdf": [], "process_pdf": []}}
sizes = {{}}
for _ in range({runs}):
    start = time.perf_counter()
    data = pdf.edition_pdf(edition=edition)
    timings["edition_pdf"].append((time.perf_counter() - start) * 1000)
    sizes["edition_pdf"] = len(data)
    start = time.perf_counter()
    data = pdf.process_pdf(process=process_with_steps(edition, "schluesselprozess-1"))
    timings["process_pdf"].append((time.perf_counter() - start) * 1000)
    sizes["process_pdf"] = len(data)
result = {{
    name: {{"median_ms": round(statistics.median(v), 1), "max_ms": round(max(v), 1),
            "bytes": sizes[name]}}
    for name, v in timings.items()
}}
result["demo_guide_pdf"] = {{
    "median_ms": round(statistics.median(demo_runs), 1), "max_ms": round(max(demo_runs), 1),
    "first_ms": round(demo_runs[0], 1), "bytes": len(demo_pdf),
    "pages": len(PdfReader(io.BytesIO(demo_pdf)).pages),
}}
print(json.dumps(result))
"""


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the guide's PDFs and pages.")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pdf-runs", type=int, default=10, help="PDF builds (default: 10)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pg-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("PGPORT", "5432")))
    parser.add_argument("--pg-user", default=os.environ.get("PGUSER", "postgres"))
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    with bench_site(args.db, args, "guide", ["load_areas"]) as (env, data_dir):
        log(f"{args.db}: building the edition and timing {args.pdf_runs} PDF builds")
        code = BUILD_AND_TIME.format(slug=SLUG, runs=args.pdf_runs)
        done = subprocess.run(
            [PYTHON, "-m", "django", "shell", "-c", code],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            return 1
        pdfs = json.loads(done.stdout.strip().splitlines()[-1])

        urls = [
            f"/leitfaden/{SLUG}/",
            f"/leitfaden/{SLUG}/prozesse/schluesselprozess-1/",
            # Built by the first (warm-up) request, then served from file storage.
            f"/leitfaden/{SLUG}/leitfaden.pdf",
            f"/leitfaden/{SLUG}/prozesse/schluesselprozess-1/prozess.pdf",
        ]
        server = Server(env, args.workers, data_dir / "gunicorn.log")
        try:
            server.start(probe_url=urls[0])
            pages = [measure(server.port, args.db, u, args.requests, args.warmup) for u in urls]
        finally:
            server.stop()

    print(f"\nGuide benchmark on {args.db}: 15 situations, 10 key processes × 6 steps\n")
    print(f"{'what':<55} {'median/p50':>11} {'p95':>8} {'max':>8}  goal")
    for name, value in pdfs.items():
        # The demo's whole guide counts from its first build (the goal: ≤ 1 s).
        timed = value.get("first_ms", value["median_ms"])
        met = "met" if timed <= PDF_GOAL_MS else "MISSED"
        label = f"{name} ({value['bytes'] // 1024} KiB)"
        if "pages" in value:
            label = f"{name}, first build {value['first_ms']:.0f} ms ({value['pages']} pages)"
        print(
            f"{label:<55} {value['median_ms']:>9.1f}ms "
            f"{'':>8} {value['max_ms']:>6.1f}ms  ≤ {PDF_GOAL_MS:.0f} ms {met}"
        )
    for page in pages:
        if page.error:
            print(f"{page.url:<55} error: {page.error}")
            continue
        met = "met" if page.met else "MISSED"
        print(
            f"{page.url:<55} {page.p50_ms:>9.1f}ms {page.p95_ms:>6.1f}ms {page.max_ms:>6.1f}ms"
            f"  p95 ≤ {page.goal_p95_ms:.0f} ms {met}"
        )
    return 1 if any(p.error for p in pages) else 0


if __name__ == "__main__":
    sys.exit(main())
