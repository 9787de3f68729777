"""Where the question intake spends its time, in one process: the same WSGI application and
database as bench/question_intake.py, requests made in-process (no sockets), timed and profiled.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/profile_intake.py --requests 500 [--profile ask] [--top 40]

Prints, per kind (bare insert, live-page intake, full-page intake): CPU and wall time per
request, SQL queries and Redis commands per request; with ``--profile KIND`` the cProfile
table of that kind (CPU time). CPU per request is the steady figure on a busy machine. The
garbage collector is tuned as in the page workers (gongkai/conf/wsgi.py); ``GONGKAI_GC_TUNING=0``
shows the default collector.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.question_intake import bench_database_url, prepare, recreate_database  # noqa: E402


def environ(path: str, body: bytes, ip: str, token: str, htmx: bool) -> dict:
    env = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_X_REAL_IP": ip,
        "HTTP_COOKIE": f"csrftoken={token}",
        "HTTP_X_CSRFTOKEN": token,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if htmx:
        env["HTTP_HX_REQUEST"] = "true"
    return env


def request_for(kind: str, n: int, interview: int, token: str) -> dict:
    ip = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
    if kind == "bare":
        body = urlencode({"nickname": "bench-bare", "text": f"裸插入第{n}条"}).encode()
        return environ(f"/__bench/interview/{interview}/insert/", body, ip, token, False)
    body = urlencode(
        {
            "nickname": f"bench-{kind}",
            "kind": "consult",
            "text": f"请问第{n}号问题：今年的种粮补贴什么时候发放？标准是多少？敏感词{n % 2000:04d}",
            "phone": "13800000000",
            "is_public": "on",
        }
    ).encode()
    return environ(f"/questions/interview/{interview}/ask/", body, ip, token, kind == "ask")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--profile", choices=("bare", "ask", "page"))
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--database", default="bench_profile_intake")
    parser.add_argument("--reuse", action="store_true", help="keep the database of a former run")
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL")
    if not base_url:
        raise SystemExit("set DATABASE_URL (PostgreSQL)")
    env = {
        **os.environ,
        "DATABASE_URL": bench_database_url(base_url, args.database),
        "DJANGO_SETTINGS_MODULE": "bench.intake_settings",
        "GONGKAI_TRUSTED_PROXIES": "127.0.0.1",
        "QUESTIONS_RATE_PER_INTERVIEW": "100000000",
        "CACHE_KEY_PREFIX": f"bench-profile-{os.getpid()}",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "0",
    }
    if not args.reuse:
        recreate_database(base_url, args.database)
        interview_ids = prepare(env, args.words)
    os.environ.update(env)

    from bench import intake_wsgi  # noqa: F401  (django.setup, the CAPTCHA answered)

    application = intake_wsgi.application
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.interviews.models import Interview

    if args.reuse:
        interview_ids = list(Interview.objects.filter(topic="bench").values_list("pk", flat=True))
    token = "x" * 32
    import redis

    monitor = redis.Redis.from_url(os.environ["REDIS_URL"]) if os.environ.get("REDIS_URL") else None

    def run(kind: str, count: int, start: int) -> list[str]:
        statuses = []
        for i in range(count):
            n = start + i
            env_ = request_for(kind, n, interview_ids[n % len(interview_ids)], token)
            captured = []
            body = application(env_, lambda status, headers, exc=None: captured.append(status))
            b"".join(body)
            statuses.append(captured[0].split()[0])
        return statuses

    import gc

    gc_time = [0.0, 0]

    def gc_timer(phase, info, _start=[0.0]):
        if phase == "start":
            _start[0] = time.process_time()
        else:
            gc_time[0] += time.process_time() - _start[0]
            gc_time[1] += 1

    gc.callbacks.append(gc_timer)
    print(f"{args.requests} requests each, in-process, one thread; load {os.getloadavg()[0]:.1f}")
    n = 1_000_000
    for kind in ("bare", "ask", "page"):
        run(kind, 50, n)  # warm up
        n += 50
        commands_before = monitor.info("stats")["total_commands_processed"] if monitor else 0
        with CaptureQueriesContext(connection) as queries:
            run(kind, 20, n)
        n += 20
        commands = (
            (monitor.info("stats")["total_commands_processed"] - commands_before - 1) / 20
            if monitor
            else 0
        )
        # CPU time, not wall time: waits on PostgreSQL and Redis are shown by the wall figure.
        profiler = cProfile.Profile(time.process_time) if args.profile == kind else None
        gc_time[:] = [0.0, 0]
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        statuses = run(kind, args.requests, n)
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        n += args.requests
        print(
            f"{kind:5s}: {cpu / args.requests * 1e3:6.2f} ms CPU, {wall / args.requests * 1e3:6.2f} ms"
            f" wall per request; {len(queries) / 20:.1f} queries, ~{commands:.1f} Redis commands"
            f" per request; GC {gc_time[0] / args.requests * 1e3:.2f} ms in {gc_time[1]} runs;"
            f" statuses {sorted(set(statuses))}"
        )
        if profiler:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
            # Our own code and the form machinery, whatever their rank.
            stats.sort_stats("cumulative").print_stats(
                r"gongkai|forms/|csrf|sessions|auth|deepcopy|template", args.top
            )
            print(out.getvalue())
            for q in queries.captured_queries[:10]:
                print("   ", q["sql"][:200])
            seen: list = []
            original = redis.connection.Connection.send_packed_command
            redis.connection.Connection.send_packed_command = lambda self, command, *a, **k: (
                seen.append(command),
                original(self, command, *a, **k),
            )[1]
            run(kind, 1, n)
            n += 1
            redis.connection.Connection.send_packed_command = original
            print("Redis commands of one request:", seen)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
