"""The one-county portal figure of issue 15, measured the way the issue measures it.

    /work/main/.venv/bin/python bench/wrk_portal.py                 # 3 rounds, ~3 minutes
    /work/main/.venv/bin/python bench/wrk_portal.py --rounds 1 --duration 5 --profile

What it does:

1. builds the portal benchmark's data (``bench/portal_load.py``'s scale 1: 100 units, 50
   archived interviews of 2,000 questions, a year of activities, policies) in a PostgreSQL
   database of its own (``--database``, created when missing; a second run reuses it);
2. starts the documented ``gunicorn -w 4 --threads 4`` on it with Redis as the cache, serving
   the application plus a bare Django view that returns the same bytes through the same
   middleware (``bench/portal_bench_wsgi.py``);
3. runs ``wrk -t2 -c64 -d10s --latency`` in alternating rounds: home, bare home, archived
   interview, bare archived interview, then again; prints each page's median req/s, its ratio
   to the bare view, and p99 against the bare view's p99.

Targets (issue 15, "Performance"): app >= 0.9 x bare, p99 <= 1.2 x bare's p99.

``--profile`` also counts, in this process, the database queries and the time of one cached
request and of one uncached request of each page (a cached anonymous page must cost no query:
the host -> county map and the content version are kept in the process).

``bench/multi_county.py`` imports the helpers below.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.portal_load import Server, ensure_tool, free_port, run_wrk  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
TARGET_RATIO = 0.9
TARGET_P99 = 1.2


# --- PostgreSQL, Redis, Django ----------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the database ``url`` names when it does not exist (PostgreSQL only)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"[setup] created database {name}", flush=True)


def setup_django(database_url: str, redis_url: str, data_dir: Path) -> None:
    """Point this process at the benchmark's database and Redis, then ``django.setup()``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def start_gunicorn(
    port: int, env: dict[str, str], log: Path, *, workers: int = 4, threads: int = 4
) -> Server:
    """The documented command (docs/deployment.md section 4) on the benchmark's WSGI app."""
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return Server(
        [
            gunicorn,
            "bench.portal_bench_wsgi:application",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
            "--backlog=2048",
            "--log-level=warning",
        ],
        env,
        log,
    )


def get(url: str, host: str | None = None, timeout: float = 30) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers.items())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers.items())


def wait_up(url: str, host: str | None = None, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            status, _, _ = get(url, host, timeout=5)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} (Host: {host}) did not answer within {seconds} s")


def wrk(tool: str, url: str, opts, *, host: str | None = None, script: Path | None = None) -> dict:
    """One wrk run; ``host`` sets the Host header, ``script`` a Lua request generator."""
    import subprocess

    args = [tool, f"-t{opts.threads}", f"-c{opts.connections}", f"-d{opts.duration}s", "--latency"]
    if host:
        args += ["-H", f"Host: {host}"]
    if script:
        args += ["-s", str(script)]
    if not host and not script:
        return run_wrk(
            tool, url, connections=opts.connections, duration=opts.duration, threads=opts.threads
        )
    import re

    from bench.portal_load import _ms

    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "url": url,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)),
        "p99_ms": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def warm(tool: str, url: str, opts, *, host: str | None = None, script: Path | None = None) -> None:
    """A short wrk run whose figures are thrown away."""
    import copy

    short = copy.copy(opts)
    short.duration = 3
    wrk(tool, url, short, host=host, script=script)


def median_of(runs: list[dict]) -> dict:
    return {
        "rps": statistics.median(r["rps"] for r in runs),
        "p99_ms": statistics.median(r["p99_ms"] for r in runs),
        "rps_all": [round(r["rps"]) for r in runs],
        "errors": sum(r["non_2xx"] for r in runs),
    }


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# --- profile ------------------------------------------------------------------------------------


def profile(pages: dict[str, str], host: str = "127.0.0.1") -> list[dict]:
    """Queries and time of one uncached and of a cached anonymous request of each page, through
    the WSGI handler and every middleware, in this process (queries counted by an execute
    wrapper: Django clears ``connection.queries`` at each request's start)."""
    from django.db import connection
    from django.test import Client

    from gongkai.portal import cache as portal_cache

    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    client = Client(HTTP_HOST=host)
    rows = []
    for name, path in pages.items():
        client.get(path)  # the process's first request (URLconf, templates) is not the page's
        portal_cache.bump()  # a miss: the view runs and renders
        with connection.execute_wrapper(counter):
            count[0] = 0
            started = time.perf_counter()
            client.get(path)
            miss_ms = (time.perf_counter() - started) * 1000
            miss_queries = count[0]
            client.get(path)
            n = 300
            count[0] = 0
            started = time.perf_counter()
            for _ in range(n):
                response = client.get(path)
            hit_ms = (time.perf_counter() - started) * 1000 / n
            hit_queries = count[0] / n
        row = {
            "page": name,
            "status": response.status_code,
            "miss_queries": miss_queries,
            "miss_ms": miss_ms,
            "hit_queries": hit_queries,
            "hit_ms": hit_ms,
        }
        print(
            f"   [profile] {name:9} uncached: {miss_queries:3} queries {miss_ms:7.1f} ms"
            f" | cached: {hit_queries:.2f} queries/request {hit_ms:5.2f} ms"
            f" (HTTP {row['status']}, Host: {host})",
            flush=True,
        )
        rows.append(row)
    return rows


# --- the run ------------------------------------------------------------------------------------


def build_one_county(database_url: str, redis_url: str, work: Path) -> dict[str, str]:
    """The one-county benchmark data (portal_load's scale 1); returns {page name: path}."""
    import random

    from bench.portal_load import archived_path, generate

    ensure_database(database_url)
    setup_django(database_url, redis_url, work / "data")
    started = time.time()
    counts = generate(1, random.Random(1))
    print(f"[data] one county: {counts} ({time.time() - started:.0f} s)", flush=True)
    return {"home": "/", "archived": archived_path()}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default=f"{PG}/gongkai_bench_one")
    parser.add_argument("--redis", default=DEFAULT_REDIS)
    parser.add_argument("--work", default="/tmp/gongkai-wrk-bench")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--gthreads", type=int, default=4, help="gunicorn --threads")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--build-only", action="store_true", help="build the data, print the pages as JSON, stop"
    )
    opts = parser.parse_args()

    tool = ensure_tool("wrk", "wrk")
    if not tool:
        return 2
    work = Path(opts.work)
    work.mkdir(parents=True, exist_ok=True)
    pages = build_one_county(opts.database, opts.redis, work)
    if opts.build_only:
        import json

        print("PAGES " + json.dumps(pages))
        return 0
    if opts.profile:
        profile(pages)

    bodies = work / "bodies-one"
    bodies.mkdir(exist_ok=True)
    env = {**os.environ, "PORTAL_BENCH_DIR": str(bodies), "PYTHONPATH": str(ROOT)}
    port = free_port()
    server = start_gunicorn(
        port, env, work / "gunicorn-one.log", workers=opts.workers, threads=opts.gthreads
    )
    base = f"http://127.0.0.1:{port}"
    runs: dict[str, list[dict]] = {}
    try:
        wait_up(base + "/healthz")
        for name, path in pages.items():
            status, body, headers = get(base + path)
            (bodies / f"{name}.html").write_bytes(body)
            print(
                f"   {name}: {path} HTTP {status}, {len(body)} bytes,"
                f" Cache-Control: {headers.get('Cache-Control')}",
                flush=True,
            )
        if opts.profile:
            from bench.portal_load import measure_cpu

            measure_cpu(pages, bodies, 1)
        print(
            f"[run] gunicorn -w {opts.workers} --threads {opts.gthreads}; wrk -t{opts.threads}"
            f" -c{opts.connections} -d{opts.duration}s; {opts.rounds} rounds; load {load_average()}",
            flush=True,
        )
        # Warm-up: every worker thread has served each URL before anything is counted (the
        # first seconds after a start run measurably slower, whatever the page).
        for name, path in pages.items():
            for url in (base + path, f"{base}/__bench/bare/{name}"):
                warm(tool, url, opts)
        for round_no in range(opts.rounds):
            for name, path in pages.items():
                pair = [(name, base + path), (f"bare-{name}", f"{base}/__bench/bare/{name}")]
                if round_no % 2:  # alternate who goes first: a drift in load hits both alike
                    pair.reverse()
                for label, url in pair:
                    result = wrk(tool, url, opts)
                    runs.setdefault(label, []).append(result)
                    print(
                        f"   round {round_no + 1} {label:14} {result['rps']:8.0f} req/s"
                        f" p99 {result['p99_ms']:6.1f} ms",
                        flush=True,
                    )
    finally:
        server.stop()

    print(f"\nOne county, {opts.rounds} rounds (medians); load after: {load_average()}")
    print(
        f"{'page':10} {'req/s':>8} {'bare':>8} {'ratio':>6} {'p99 ms':>8} {'bare p99':>9} {'p99 x':>6}  verdict"
    )
    missed = 0
    for name in pages:
        app, bare = median_of(runs[name]), median_of(runs[f"bare-{name}"])
        ratio = app["rps"] / bare["rps"] if bare["rps"] else 0
        p99x = app["p99_ms"] / bare["p99_ms"] if bare["p99_ms"] else 0
        ok = ratio >= TARGET_RATIO and p99x <= TARGET_P99 and not app["errors"]
        missed += not ok
        print(
            f"{name:10} {app['rps']:8.0f} {bare['rps']:8.0f} {ratio:6.2f} {app['p99_ms']:8.1f}"
            f" {bare['p99_ms']:9.1f} {p99x:6.2f}  {'OK' if ok else 'MISSED'}"
            f"{' errors=' + str(app['errors']) if app['errors'] else ''}"
        )
    print(f"targets: ratio >= {TARGET_RATIO}, p99 <= {TARGET_P99} x bare's")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
