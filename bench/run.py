#!/usr/bin/env python3
"""Response-time benchmark for Veedel's public pages, served by gunicorn as in production.

For each database (SQLite in a temporary folder, PostgreSQL in a fresh database that this
script creates and drops) it builds the database with the bundled Cologne data and the demo
logins, starts gunicorn on a free loopback port, warms each URL up and then times N requests
over one keep-alive HTTP connection. It prints p50, p95 and the maximum per URL against the
goals: pages at most 30 ms p95, GeoJSON at most 80 ms p95.

    python bench/run.py                      # both databases, 300 requests per URL
    python bench/run.py --db sqlite --requests 50
    python bench/run.py --json > bench/results/today.json

Only loopback traffic; everything it starts or creates is stopped and removed at the end.
This is a benchmark, not a test: pytest does not collect it. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

DEFAULT_URLS = ["/", "/sozialraeume/kalk/", "/geo/stadtviertel.geojson"]
# The trivial view (two bytes, no database, no template), timed in the same run: the pages'
# times are also given as multiples of it, which a faster or slower machine leaves alone.
TRIVIAL_URL = "/health/live"
# Throughput with 16 clients (--throughput), filled while the server runs.
THROUGHPUT: list[dict] = []
# The home page must serve at least this share of the trivial view's requests per second.
THROUGHPUT_SHARE_GOAL = {"/": 0.15}
# Goals as multiples of the trivial view (issue 10): the home page and a Veedel page.
RATIO_GOALS = {"/": (5.0, 6.0), "/sozialraeume/kalk/": (5.0, 6.0)}  # (p50, p95)
PAGE_GOAL_MS = 30.0
GEOJSON_GOAL_MS = 80.0
STORED_PDF_GOAL_MS = 50.0  # a published edition's PDF once it is stored (guide/pdf_store.py)


def goal_ms(url: str) -> float:
    path = url.split("?", 1)[0]
    if path.endswith(".pdf"):
        return STORED_PDF_GOAL_MS
    return GEOJSON_GOAL_MS if path.endswith((".geojson", ".json")) else PAGE_GOAL_MS


@dataclass
class Result:
    database: str
    url: str
    requests: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    goal_p95_ms: float = 0.0
    met: bool = False
    bytes: int = 0
    error: str | None = None
    samples_ms: list[float] = field(default_factory=list, repr=False)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values (q between 0 and 1)."""
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(
        cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise RuntimeError(f"{what} failed (exit code {done.returncode}): {' '.join(cmd)}")


def django(args: list[str], env: dict[str, str]) -> None:
    run([PYTHON, "-m", "django", *args], env, f"django {args[0]}")


def gunicorn_extra_flags() -> list[str]:
    # gunicorn 25.1+ opens a control socket at one fixed path in the home folder; two servers
    # (this one and a developer's own) would clash there.
    done = subprocess.run(
        [PYTHON, "-c", "import gunicorn.config as c; print(hasattr(c, 'ControlSocketDisable'))"],
        capture_output=True,
        text=True,
    )
    return ["--no-control-socket"] if done.stdout.strip() == "True" else []


class Server:
    """gunicorn serving veedel.wsgi:application on a free loopback port."""

    def __init__(self, env: dict[str, str], workers: int, log_path: Path):
        self.env = env
        self.workers = workers
        self.log_path = log_path
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self, probe_url: str, timeout: float = 60.0) -> None:
        cmd = [
            PYTHON,
            "-m",
            "gunicorn",
            "veedel.wsgi:application",
            "-b",
            f"127.0.0.1:{self.port}",
            "-w",
            str(self.workers),
            *gunicorn_extra_flags(),
        ]
        self._log = open(self.log_path, "wb")  # closed in stop()
        self.proc = subprocess.Popen(
            cmd,
            cwd=REPO,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with code {self.proc.returncode}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", probe_url)
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def tail_log(self, lines: int = 30, line_chars: int = 300) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        tail = text.splitlines()[-lines:]
        return "\n".join(t if len(t) <= line_chars else t[:line_chars] + " …" for t in tail)


def measure(port: int, database: str, url: str, requests: int, warmup: int) -> Result:
    result = Result(database=database, url=url, goal_p95_ms=goal_ms(url))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept-Language": "de", "User-Agent": "veedel-bench"}
    try:
        for i in range(warmup + requests):
            start = time.perf_counter()
            # http.client reopens the connection by itself when the server closed it.
            conn.request("GET", url, headers=headers)
            response = conn.getresponse()
            body = response.read()
            elapsed_ms = (time.perf_counter() - start) * 1000
            if response.status != 200:
                result.error = f"HTTP {response.status} (request {i + 1})"
                break
            if i >= warmup:
                result.samples_ms.append(elapsed_ms)
                result.bytes = len(body)
    except (OSError, http.client.HTTPException) as exc:
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()

    result.requests = len(result.samples_ms)
    if result.samples_ms and result.error is None:
        values = sorted(result.samples_ms)
        result.p50_ms = round(percentile(values, 0.50), 2)
        result.p95_ms = round(percentile(values, 0.95), 2)
        result.max_ms = round(values[-1], 2)
        result.met = result.p95_ms <= result.goal_p95_ms
    return result


def database_env(base: dict[str, str], data_dir: Path, database_url: str) -> dict[str, str]:
    env = dict(base)
    for name in ("VEEDEL_DEBUG", "VEEDEL_PRODUCTION", "VEEDEL_STATIC_ROOT"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="veedel.settings",
        VEEDEL_DATA_DIR=str(data_dir),
        DATABASE_URL=database_url,
        VEEDEL_LOG_LEVEL=base.get("VEEDEL_LOG_LEVEL", "ERROR"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def pg_args(args: argparse.Namespace) -> list[str]:
    return ["-h", args.pg_host, "-p", str(args.pg_port), "-U", args.pg_user]


@contextlib.contextmanager
def bench_site(database: str, args: argparse.Namespace, name: str, loaders: list[str]):
    """A throw-away Veedel (data folder, and a PostgreSQL database if asked for) with the
    database migrated, ``loaders`` run and static files collected; yields (env, data_dir) and
    removes everything afterwards, also after an error."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"veedel-{name}-{database}-"))
    pg_name = f"veedel_{name.replace('-', '_')}_{os.getpid()}"
    pg_created = False
    try:
        if database == "sqlite":
            url = f"sqlite:///{data_dir / 'veedel.sqlite3'}"
        else:
            subprocess.run(["createdb", *pg_args(args), pg_name], check=True)
            pg_created = True
            url = f"postgres://{args.pg_user}@{args.pg_host}:{args.pg_port}/{pg_name}"
        env = database_env(os.environ, data_dir, url)
        log(f"{database}: migrate, {', '.join(loaders)}, collectstatic in {data_dir}")
        django(["migrate", "--noinput", "-v0"], env)
        for loader in loaders:
            django([loader], env)
        django(["collectstatic", "--noinput", "-v0"], env)
        yield env, data_dir
    finally:
        if pg_created:
            drop = ["dropdb", "--if-exists", *pg_args(args), pg_name]
            if subprocess.run(drop).returncode != 0:
                subprocess.run([*drop[:2], "--force", *drop[2:]])
        shutil.rmtree(data_dir, ignore_errors=True)


def bench_database(database: str, args: argparse.Namespace) -> list[Result]:
    try:
        with bench_site(database, args, "bench", ["load_areas", "load_demo_users"]) as site:
            return _bench_site(database, args, *site)
    except Exception as exc:
        log(f"{database}: {exc}")
        return [
            Result(database=database, url=u, goal_p95_ms=goal_ms(u), error=str(exc))
            for u in args.urls
        ]


def _bench_site(database: str, args: argparse.Namespace, env, data_dir: Path) -> list[Result]:
    server: Server | None = None
    try:
        server = Server(env, args.workers, data_dir / "gunicorn.log")
        server.start(probe_url=args.urls[0])
        log(f"{database}: gunicorn -w {args.workers} on 127.0.0.1:{server.port}")

        urls = [TRIVIAL_URL, *(u for u in args.urls if u != TRIVIAL_URL)]
        results = []
        for url in urls:
            result = measure(server.port, database, url, args.requests, args.warmup)
            if result.error:
                log(f"{database} {url}: {result.error}")
            else:
                log(f"{database} {url}: p95 {result.p95_ms:.1f} ms")
            results.append(result)
        if getattr(args, "throughput", 0):
            for url in urls:
                found = throughput(server.port, url, seconds=args.throughput)
                found["database"] = database
                THROUGHPUT.append(found)
                log(f"{database} {url}: {found['requests_per_s']} requests/s with 16 clients")
        if any(r.error for r in results):
            tail = server.tail_log()
            if tail:
                log("last lines of gunicorn's log:\n" + tail)
        return results
    except Exception:
        if server is not None and server.log_path.exists():
            log("last lines of gunicorn's log:\n" + server.tail_log())
        raise
    finally:
        if server is not None:
            server.stop()


def throughput(
    port: int, url: str | list[str], *, connections: int = 16, seconds: float = 10.0
) -> dict:
    """Requests per second with ``connections`` clients in parallel, each on its own keep-alive
    connection, as fast as answers come, for ``seconds`` (what wrk -c16 measures). Threads
    are enough: each one waits on its socket almost all the time. Given several URLs, each
    client goes round them, starting at its own."""
    import threading

    urls = [url] if isinstance(url, str) else list(url)

    counts, errors = [0] * connections, [0] * connections
    latencies: list[list[float]] = [[] for _ in range(connections)]
    stop = time.perf_counter() + seconds
    headers = {"Accept-Language": "de", "User-Agent": "veedel-bench"}

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        turn = i
        try:
            while (start := time.perf_counter()) < stop:
                conn.request("GET", urls[turn % len(urls)], headers=headers)
                turn += 1
                response = conn.getresponse()
                response.read()
                latencies[i].append((time.perf_counter() - start) * 1000)
                if response.status == 200:
                    counts[i] += 1
                else:
                    errors[i] += 1
        except OSError:
            errors[i] += 1
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    begun = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - begun
    every = sorted(x for lane in latencies for x in lane)
    p95 = every[min(len(every) - 1, math.ceil(0.95 * len(every)) - 1)] if every else None
    return {
        "url": urls[0] if len(urls) == 1 else f"{urls[0]} and {len(urls) - 1} more",
        "connections": connections,
        "seconds": round(elapsed, 1),
        "requests_per_s": round(sum(counts) / elapsed, 1),
        "errors": sum(errors),
        "p95_ms": None if p95 is None else round(p95, 1),
    }


def ratios(results: list[Result]) -> list[dict]:
    """Each page's p50 and p95 as multiples of the trivial view's in the same database run."""
    trivial = {r.database: r for r in results if r.url == TRIVIAL_URL and not r.error}
    found = []
    for r in results:
        base = trivial.get(r.database)
        if r.url == TRIVIAL_URL or r.error or base is None or not base.p50_ms:
            continue
        p50, p95 = r.p50_ms / base.p50_ms, r.p95_ms / base.p95_ms
        goal = RATIO_GOALS.get(r.url)
        found.append(
            {
                "database": r.database,
                "url": r.url,
                "p50_ratio": round(p50, 1),
                "p95_ratio": round(p95, 1),
                "goal": goal,
                "met": None if goal is None else (p50 <= goal[0] and p95 <= goal[1]),
            }
        )
    return found


def ratio_table(rows: list[dict]) -> str:
    lines = ["database  URL" + " " * 40 + "p50 ×trivial  p95 ×trivial  goal"]
    for row in rows:
        goal = row["goal"]
        verdict = (
            "–"
            if goal is None
            else f"≤ {goal[0]:.0f}× / ≤ {goal[1]:.0f}× {'ok' if row['met'] else 'MISSED'}"
        )
        lines.append(
            f"{row['database']:<9} {row['url']:<42} {row['p50_ratio']:>11.1f}× "
            f"{row['p95_ratio']:>11.1f}×  {verdict}"
        )
    return "\n".join(lines)


def fmt_ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def table(results: list[Result]) -> str:
    headers = ["database", "URL", "requests", "p50 ms", "p95 ms", "max ms", "goal p95", ""]
    rows = []
    for r in results:
        verdict = f"ERROR: {r.error}" if r.error else ("ok" if r.met else "MISSED")
        rows.append(
            [
                r.database,
                r.url,
                str(r.requests),
                fmt_ms(r.p50_ms),
                fmt_ms(r.p95_ms),
                fmt_ms(r.max_ms),
                f"≤ {r.goal_p95_ms:.0f} ms",
                verdict,
            ]
        )
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    numeric = {2, 3, 4, 5}

    def line(cells: list[str]) -> str:
        out = [
            c.rjust(widths[i]) if i in numeric else c.ljust(widths[i]) for i, c in enumerate(cells)
        ]
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths[:-1]) + "  " + "-" * max(6, widths[-1])
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time Veedel's pages under gunicorn on SQLite and PostgreSQL."
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--requests", type=int, default=300, help="timed requests per URL (default: 300)"
    )
    parser.add_argument(
        "--warmup", type=int, default=20, help="untimed requests per URL first (default: 20)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default: 2)")
    parser.add_argument(
        "--url",
        dest="urls",
        action="append",
        metavar="PATH",
        help="URL path to time; repeat for several (default: " + ", ".join(DEFAULT_URLS) + ")",
    )
    parser.add_argument(
        "--throughput",
        type=float,
        default=0,
        metavar="SECONDS",
        help="also measure requests/s with 16 parallel clients for SECONDS per URL",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--fail-on-miss",
        action="store_true",
        help="exit with code 3 when a goal is missed (errors always give code 1)",
    )
    parser.add_argument("--pg-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("PGPORT", "5432")))
    parser.add_argument("--pg-user", default=os.environ.get("PGUSER", "postgres"))
    args = parser.parse_args(argv)
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must not be negative")
    if not args.urls:
        args.urls = list(DEFAULT_URLS)
    for url in args.urls:
        if not url.startswith("/"):
            parser.error(f"--url takes a path starting with '/', not {url!r}")
    return args


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A plain kill runs the same clean-up as Ctrl+C.
    signal.signal(signal.SIGTERM, interrupted)
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results: list[Result] = []
    try:
        for database in databases:
            results += bench_database(database, args)
    except KeyboardInterrupt:
        log("interrupted; cleaned up")
        return 130

    if args.json:
        payload = {
            "requests": args.requests,
            "warmup": args.warmup,
            "workers": args.workers,
            "python": platform.python_version(),
            "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
            "goals_p95_ms": {"page": PAGE_GOAL_MS, "geojson": GEOJSON_GOAL_MS},
            "results": [{k: v for k, v in asdict(r).items() if k != "samples_ms"} for r in results],
            "ratios_to_trivial": ratios(results),
            "throughput": THROUGHPUT,
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(
            f"\n{args.requests} requests per URL after {args.warmup} warm-up, "
            f"gunicorn -w {args.workers}, one keep-alive connection, Python "
            f"{platform.python_version()}, {os.cpu_count()} CPUs\n"
        )
        print(table(results))
        print(f"\nAs multiples of the trivial view ({TRIVIAL_URL}) in the same run:\n")
        print(ratio_table(ratios(results)))
        if THROUGHPUT:
            print("\nThroughput, 16 clients in parallel (keep-alive):\n")
            trivial = {t["database"]: t for t in THROUGHPUT if t["url"] == TRIVIAL_URL}
            for t in THROUGHPUT:
                base = trivial.get(t["database"])
                share = t["requests_per_s"] / base["requests_per_s"] if base else None
                goal = THROUGHPUT_SHARE_GOAL.get(t["url"])
                verdict = ""
                if goal is not None and share is not None:
                    verdict = f"goal ≥ {goal:.0%}: {'ok' if share >= goal else 'MISSED'}"
                print(
                    f"{t['database']:<9} {t['url']:<30} {t['requests_per_s']:>8.1f} req/s "
                    f"(p95 {t['p95_ms']} ms, {t['errors']} errors)"
                    f"{'' if share is None else f'  {share:.1%} of trivial'}  {verdict}"
                )

    if any(r.error for r in results):
        return 1
    if args.fail_on_miss and not all(r.met for r in results):
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
