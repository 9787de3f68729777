#!/usr/bin/env python
"""Benchmark: the city's dashboard and ranking over N counties with a year of data each.

    .venv/bin/python bench/city_dashboard.py                      # 12 counties
    .venv/bin/python bench/city_dashboard.py --counties 2,4 --units 8 --questions 20  # quick
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/city_dashboard.py

Target (issue 15): 12 counties × a full year under 2 s each page, with a query count that does
not grow with the number of counties. Each county gets ``--units`` implementing units, about
as many interviews (most held, half inside their slot), ``--questions`` netizen messages per
held interview with replies (on time, late, none, overdue), held visit activities and policy
documents with late interpretations, written in bulk (``bench/city_data.py``), and the
default indicator tree; every other county's year is locked, so the ranking reads half the
counties from their snapshots and the other half from their provisional scores (computed once
after building, as the task worker does; that time is counted in "build s"). Pages are requested through
Django's test client as the city's supervisor; the median of ``--rounds`` is printed with the
query count. Uses a throw-away SQLite file (or a throw-away PostgreSQL database
``bench_city`` when DATABASE_URL points at PostgreSQL).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEAR = 2025


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-city-")
    os.environ["GONGKAI_REQUIRE_2FA"] = "false"
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base = url.rsplit("/", 1)[0]
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_city")
            conn.execute("CREATE DATABASE bench_city")
        os.environ["DATABASE_URL"] = base + "/bench_city"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def plan_for(units: int, questions: int):
    from bench.city_data import Plan

    return Plan(
        units=units,
        visited=units * 3 // 4,
        in_slot=units // 2,
        out_of_slot=units // 4,
        scheduled_only=units // 8,
        questions=questions,
        replied=questions * 7 // 10,
        on_time=questions * 5 // 10,
        overdue=questions // 10,
        late_documents=units // 2,
    )


def add_counties(first: int, last: int, units: int, questions: int, supervisor) -> float:
    """Counties ``first``..``last - 1``; returns the seconds spent building them."""
    from bench.city_data import build_county
    from gongkai.assessment.indicator_tree import create_default_indicators
    from gongkai.assessment.services import lock_year
    from gongkai.city.services import refresh_provisional_scores
    from gongkai.counties import scope
    from gongkai.counties.models import County
    from gongkai.programmes.models import Programme

    started = time.perf_counter()
    for i in range(first, last):
        county = County.objects.create(
            name=f"压测县{i:03d}", slug=f"bench{i:03d}", hosts=f"bench{i:03d}.localhost"
        )
        build_county(county, YEAR, plan_for(units, questions))
        with scope.activate(county):
            programme = Programme.objects.get(year=YEAR)
            create_default_indicators(programme)
            if i % 2 == 0:
                lock_year(programme, by=supervisor)
    refresh_provisional_scores(YEAR)  # the task worker's job for the counties not locked
    return time.perf_counter() - started


def measure(client, url: str, rounds: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url, {"year": YEAR}, HTTP_HOST="localhost")
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", default="12", help="comma-separated, growing: 2,6,12")
    parser.add_argument("--units", type=int, default=40, help="implementing units per county")
    parser.add_argument("--questions", type=int, default=200, help="messages per interview")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    setup_django()

    from django.test import Client

    from gongkai.accounts.models import Role, User
    from gongkai.counties import scope

    with scope.all_counties():
        supervisor = User.objects.create_user(
            username="bench-supervisor", password="bench-pass-123!", role=Role.SUPERVISOR
        )
    client = Client()
    client.force_login(supervisor)
    client.get("/city/", HTTP_HOST="localhost")  # the session's first write
    print(f"units/county={args.units} messages/interview={args.questions} rounds={args.rounds}")
    print(
        f"{'counties':>8} {'build s':>8} {'dashboard s':>12} {'queries':>8} "
        f"{'ranking s':>10} {'queries':>8}"
    )
    built = 0
    for n in (int(x) for x in args.counties.split(",")):
        seconds = add_counties(built, n, args.units, args.questions, supervisor)
        built = n
        dash, dash_q = measure(client, "/city/", args.rounds)
        rank, rank_q = measure(client, "/city/ranking/", args.rounds)
        print(f"{n:>8} {seconds:>8.1f} {dash:>12.3f} {dash_q:>8} {rank:>10.3f} {rank_q:>8}")


if __name__ == "__main__":
    main()
