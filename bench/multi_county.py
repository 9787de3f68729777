"""Many counties on one PostgreSQL: any county's pages against a one-county deployment.

    /work/main/.venv/bin/python bench/multi_county.py                       # 10 then 100 counties
    /work/main/.venv/bin/python bench/multi_county.py --counties 10 --rounds 1 --duration 5

What it does (issue 15, "Performance"):

1. builds N counties (``c1`` ... ``cN``, host names ``c1.localhost`` ...) in a PostgreSQL
   database of their own (``--database``), each with the one-county benchmark's data at 1/10
   scale: 10 units, 5 archived interviews of 2,000 questions (10,000 questions), 20 activities,
   3 policies (``bench/portal_load.py``'s ``generate`` at scale 0.1, inside the county's scope,
   bulk inserts). Resumable: a county that has its rows and its search index is skipped, so
   ``--counties 10`` then ``--counties 100`` builds only the 90 new ones (100 counties are
   1,000,000 questions: count on several minutes for the first build);
2. builds the one-county deployment (``bench/wrk_portal.py --build-only``: the scale-1 data in
   its own database) and starts both under the documented ``gunicorn -w 4 --threads 4``,
   each with its own Redis database;
3. in alternating rounds measures with ``wrk -t2 -c64 -d10s --latency``: the one-county home and
   archived interview; the same pages of one county of N (``-H "Host: c7.localhost"``); and the
   same pages of *every* county in turn (a Lua script rotates Host and path per request, so the
   page cache holds all N counties' pages at once);
4. prints a table: req/s and p99 per page, the ratio to the one-county deployment (target
   >= 0.8), p99 (target < 100 ms), and, when several N were measured, each figure at the largest
   N against the smallest (target: flat, >= 0.9).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.portal_load import ensure_tool, free_port  # noqa: E402
from bench.wrk_portal import (  # noqa: E402
    PG,
    ensure_database,
    get,
    load_average,
    median_of,
    setup_django,
    start_gunicorn,
    wait_up,
    warm,
    wrk,
)

TARGET_RATIO = 0.8
TARGET_P99_MS = 100.0
TARGET_FLAT = 0.9
QUESTIONS_PER_COUNTY = 10_000


def host_of(i: int) -> str:
    return f"c{i}.localhost"


# --- data ---------------------------------------------------------------------------------------


def build_counties(n: int) -> None:
    """Counties c1..cn with their 1/10-scale data; counties already built are skipped."""
    from django.db import transaction

    from bench.portal_load import generate
    from gongkai.counties import resolve, scope
    from gongkai.counties.models import County
    from gongkai.portal import search
    from gongkai.portal.models import SearchEntry
    from gongkai.questions.models import Question

    started = time.time()
    built = 0
    for i in range(1, n + 1):
        county = County.objects.filter(slug=f"c{i}").first()
        if county is None:
            county = County.objects.create(
                name=f"压测{i}县",
                slug=f"c{i}",
                hosts=host_of(i),
                site_name=f"压测{i}县政务公开",
                organiser=f"压测{i}县人民政府办公室",
                operator=f"压测{i}县政务公开办",
                sort_order=i,
            )
        with scope.activate(county):
            if Question.objects.count() >= QUESTIONS_PER_COUNTY and SearchEntry.objects.exists():
                continue
            t0 = time.time()
            with transaction.atomic():
                counts = generate(0.1, random.Random(i), migrate=False)
                search.reindex()
            built += 1
            print(f"[data] {county.slug}: {counts} ({time.time() - t0:.1f} s)", flush=True)
    resolve.forget()
    print(
        f"[data] {n} counties ready ({built} built now, {time.time() - started:.0f} s)",
        flush=True,
    )


def county_pages(n: int) -> list[tuple[str, str, str]]:
    """(host, home path, archived interview path) of counties c1..cn."""
    from bench.portal_load import archived_path
    from gongkai.counties import scope
    from gongkai.counties.models import County

    rows = []
    for i in range(1, n + 1):
        county = County.objects.get(slug=f"c{i}")
        with scope.activate(county):
            rows.append((host_of(i), "/", archived_path()))
    return rows


def lua_script(path: Path, pages: list[tuple[str, str]]) -> Path:
    """A wrk script that sends each request to the next (host, path) of ``pages``."""
    entries = ",\n".join(f'  {{"{host}", "{url}"}}' for host, url in pages)
    path.write_text(
        f"""-- bench/multi_county.py: every county in turn
local pages = {{
{entries}
}}
local i = math.random(#pages)
request = function()
  i = i % #pages + 1
  return wrk.format("GET", pages[i][2], {{["Host"] = pages[i][1]}})
end
"""
    )
    return path


# --- the run ------------------------------------------------------------------------------------


def build_one_county(opts, work: Path) -> dict[str, str]:
    """The one-county deployment (bench/wrk_portal.py's data), in a child process: Django
    can be set up only once per process, on one database."""
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "wrk_portal.py"),
            "--build-only",
            "--database",
            opts.one_database,
            "--redis",
            opts.one_redis,
            "--work",
            str(work / "one"),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    for line in out.splitlines():
        if line.startswith("[data]"):
            print(line, flush=True)
        if line.startswith("PAGES "):
            return json.loads(line.removeprefix("PAGES "))
    raise RuntimeError(f"wrk_portal.py --build-only printed no pages:\n{out}")


def measure(n: int, opts, tool: str, work: Path, one_base: str, one_pages: dict) -> list[dict]:
    build_counties(n)
    pages = county_pages(n)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PORTAL_BENCH_DIR": str(work)}
    port = free_port()
    server = start_gunicorn(
        port, env, work / f"gunicorn-{n}.log", workers=opts.workers, threads=opts.gthreads
    )
    base = f"http://127.0.0.1:{port}"
    pick = min(opts.host_index, n)
    one_host, _, _ = pages[pick - 1]
    scripts = {
        "home": lua_script(work / f"all-home-{n}.lua", [(h, home) for h, home, _ in pages]),
        "archived": lua_script(work / f"all-archived-{n}.lua", [(h, a) for h, _, a in pages]),
    }
    runs: dict[tuple[str, str], list[dict]] = {}
    try:
        wait_up(base + "/healthz", one_host)
        started = time.time()
        for host, home, archived in pages:  # fill the page cache: one render per page
            for path in (home, archived):
                status, body, _ = get(base + path, host)
                if status != 200:
                    raise RuntimeError(f"{host}{path}: HTTP {status}")
        print(f"[warm] {2 * n} pages rendered once ({time.time() - started:.0f} s)", flush=True)
        print(
            f"[run] {n} counties; gunicorn -w {opts.workers} --threads {opts.gthreads}; wrk"
            f" -t{opts.threads} -c{opts.connections} -d{opts.duration}s; {opts.rounds} rounds;"
            f" load {load_average()}",
            flush=True,
        )
        for page in ("home", "archived"):  # warm-up, figures thrown away
            path = pages[pick - 1][1 if page == "home" else 2]
            warm(tool, one_base + one_pages[page], opts)
            warm(tool, base + path, opts, host=one_host)
            warm(tool, base + "/", opts, script=scripts[page])
        for round_no in range(opts.rounds):
            for page in ("home", "archived"):
                path = pages[pick - 1][1 if page == "home" else 2]
                plan = [
                    ("one-county", lambda p=page: wrk(tool, one_base + one_pages[p], opts)),
                    (f"c{pick} of {n}", lambda p=path: wrk(tool, base + p, opts, host=one_host)),
                    (f"all {n}", lambda p=page: wrk(tool, base + "/", opts, script=scripts[p])),
                ]
                if round_no % 2:  # alternate the order: a drift in load hits all alike
                    plan.reverse()
                for mode, run in plan:
                    result = run()
                    runs.setdefault((page, mode), []).append(result)
                    print(
                        f"   round {round_no + 1} {page:8} {mode:14} {result['rps']:8.0f} req/s"
                        f" p99 {result['p99_ms']:6.1f} ms"
                        f"{' non-2xx=' + str(result['non_2xx']) if result['non_2xx'] else ''}",
                        flush=True,
                    )
    finally:
        server.stop()

    rows = []
    for page in ("home", "archived"):
        one = median_of(runs[(page, "one-county")])
        for mode in (f"c{pick} of {n}", f"all {n}"):
            fig = median_of(runs[(page, mode)])
            ratio = fig["rps"] / one["rps"] if one["rps"] else 0
            rows.append(
                {
                    "counties": n,
                    "page": page,
                    "mode": "one host" if mode.startswith("c") else "every host",
                    "label": mode,
                    "rps": fig["rps"],
                    "p99_ms": fig["p99_ms"],
                    "one_rps": one["rps"],
                    "one_p99_ms": one["p99_ms"],
                    "ratio": ratio,
                    "errors": fig["errors"],
                    "ok": ratio >= TARGET_RATIO
                    and fig["p99_ms"] < TARGET_P99_MS
                    and not fig["errors"],
                }
            )
    return rows


def print_table(rows: list[dict]) -> int:
    print(f"\nMany counties, medians of the rounds; load now: {load_average()}")
    print(
        f"{'counties':>8} {'page':9} {'which':14} {'req/s':>7} {'p99 ms':>7}"
        f" {'one-county':>10} {'its p99':>8} {'ratio':>6}  verdict"
    )
    missed = 0
    for row in rows:
        missed += not row["ok"]
        print(
            f"{row['counties']:>8} {row['page']:9} {row['label']:14} {row['rps']:7.0f}"
            f" {row['p99_ms']:7.1f} {row['one_rps']:10.0f} {row['one_p99_ms']:8.1f}"
            f" {row['ratio']:6.2f}  {'OK' if row['ok'] else 'MISSED'}"
            f"{' errors=' + str(row['errors']) if row['errors'] else ''}"
        )
    print(
        f"targets: ratio >= {TARGET_RATIO} of the one-county deployment, p99 < {TARGET_P99_MS:.0f} ms"
    )
    sizes = sorted({row["counties"] for row in rows})
    if len(sizes) > 1:
        low, high = sizes[0], sizes[-1]
        print(
            f"\nFlat from {low} to {high} counties (ratio at {high} / ratio at {low}, target >= {TARGET_FLAT}):"
        )
        for page in ("home", "archived"):
            for mode in ("one host", "every host"):
                pick = {
                    r["counties"]: r["ratio"]
                    for r in rows
                    if r["page"] == page and r["mode"] == mode
                }
                flat = pick[high] / pick[low] if pick.get(low) else 0
                ok = flat >= TARGET_FLAT
                missed += not ok
                print(f"   {page:9} {mode:11} {flat:5.2f}  {'OK' if ok else 'MISSED'}")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--counties", default="10,100", help="county counts to measure, e.g. 10,100"
    )
    parser.add_argument("--database", default=f"{PG}/gongkai_bench_counties")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/10")
    parser.add_argument("--one-database", default=f"{PG}/gongkai_bench_one")
    parser.add_argument("--one-redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--work", default="/tmp/gongkai-multi-county-bench")
    parser.add_argument("--host-index", type=int, default=7, help="the one county measured alone")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--gthreads", type=int, default=4, help="gunicorn --threads")
    parser.add_argument(
        "--build-only", action="store_true", help="build the counties, measure nothing"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="queries and time per cached/uncached request of one county's pages, then stop",
    )
    opts = parser.parse_args()

    tool = ensure_tool("wrk", "wrk")
    if not tool:
        return 2
    work = Path(opts.work)
    work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in opts.counties.split(",") if s.strip()]

    ensure_database(opts.database)
    setup_django(opts.database, opts.redis, work / "data")
    if opts.build_only:
        build_counties(max(sizes))
        return 0
    if opts.profile:
        from bench.wrk_portal import profile

        build_counties(max(sizes))
        host, home, archived = county_pages(max(sizes))[min(opts.host_index, max(sizes)) - 1]
        profile({"home": home, "archived": archived}, host=host)
        return 0

    one_pages = build_one_county(opts, work)
    one_env = {**os.environ, "DATABASE_URL": opts.one_database, "REDIS_URL": opts.one_redis}
    one_env.update(
        PYTHONPATH=str(ROOT),
        PORTAL_BENCH_DIR=str(work),
        GONGKAI_DATA_DIR=str(work / "one" / "data"),
    )
    one_port = free_port()
    one_server = start_gunicorn(
        one_port, one_env, work / "gunicorn-one.log", workers=opts.workers, threads=opts.gthreads
    )
    one_base = f"http://127.0.0.1:{one_port}"
    rows: list[dict] = []
    try:
        wait_up(one_base + "/healthz")
        for path in one_pages.values():
            get(one_base + path)
        for n in sizes:
            rows.extend(measure(n, opts, tool, work, one_base, one_pages))
    finally:
        one_server.stop()
    if opts.json:
        Path(opts.json).write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    return 1 if print_table(rows) else 0


if __name__ == "__main__":
    sys.exit(main())
