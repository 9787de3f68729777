"""Where the question intake spends its time, in one process: the same WSGI application and
database as bench/question_intake.py, requests made in-process (no sockets), timed and profiled.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/profile_intake.py --requests 500 [--profile ask [--callers scope.py]] [--top 40]

Prints, per kind (bare insert, live-page intake, full-page intake): CPU and wall time per
request, the time in the garbage collector, the CPU ratios and the Redis commands of one
request; with ``--profile KIND`` the cProfile table of that kind (CPU time). CPU per request is the
steady figure on a busy machine; the kinds alternate in rounds like bench/question_intake.py.
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


KINDS = ("bare", "ask", "page")


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


def _gc_clock() -> list[float]:
    """[seconds, runs] spent in the garbage collector since the last reset."""
    import gc

    spent = [0.0, 0.0]
    started = [0.0]

    def timer(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            spent[0] += time.process_time() - started[0]
            spent[1] += 1

    gc.callbacks.append(timer)
    return spent


def _record_redis_commands(seen: list):
    """Patch redis-py to append every command it sends to ``seen``; returns the undo."""
    import redis

    original = redis.connection.Connection.send_packed_command

    def send(self, command, *args, **kwargs):
        seen.append(command)
        return original(self, command, *args, **kwargs)

    redis.connection.Connection.send_packed_command = send

    def undo() -> None:
        redis.connection.Connection.send_packed_command = original

    return undo


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500, help="per kind and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", choices=KINDS)
    parser.add_argument("--callers", help="with --profile: the callers of functions matching this")
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
    interview_ids: list[int] = []
    if not args.reuse:
        recreate_database(base_url, args.database)
        interview_ids = prepare(env, args.words)
    os.environ.update(env)

    from bench.intake_wsgi import application  # django.setup, the CAPTCHA answered
    from gongkai.interviews.models import Interview

    if args.reuse:
        interview_ids = list(Interview.objects.filter(topic="bench").values_list("pk", flat=True))
    token = "x" * 32
    counter = [1_000_000]

    def run(kind: str, count: int) -> set[str]:
        statuses = set()
        for _ in range(count):
            counter[0] += 1
            n = counter[0]
            captured: list[str] = []
            body = application(
                request_for(kind, n, interview_ids[n % len(interview_ids)], token),
                lambda status, headers, exc_info=None, out=captured: out.append(status),
            )
            b"".join(body)
            statuses.add(captured[0].split()[0])
        return statuses

    gc_spent = _gc_clock()
    cpu = dict.fromkeys(KINDS, 0.0)
    wall = dict.fromkeys(KINDS, 0.0)
    gc_cpu = dict.fromkeys(KINDS, 0.0)
    seen_statuses: dict[str, set[str]] = {kind: set() for kind in KINDS}
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    for kind in KINDS:
        run(kind, 50)  # warm up
    loads = []
    for _round in range(args.rounds):  # alternating, so a busy neighbour weighs on all alike
        for kind in KINDS:
            gc_spent[:] = [0.0, 0.0]
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            if profiler and kind == args.profile:
                profiler.enable()
            seen_statuses[kind] |= run(kind, args.requests)
            if profiler and kind == args.profile:
                profiler.disable()
            cpu[kind] += time.process_time() - started_cpu
            wall[kind] += time.perf_counter() - started_wall
            gc_cpu[kind] += gc_spent[0]
            loads.append(os.getloadavg()[0])
    total = args.requests * args.rounds
    print(
        f"{total} requests per kind in {args.rounds} alternating rounds, in-process, one thread;"
        f" load average {min(loads):.1f}-{max(loads):.1f}"
        + (" (profiled: the profiled kind's CPU is inflated)" if profiler else "")
    )
    for kind in KINDS:
        print(
            f"{kind:5s}: {cpu[kind] / total * 1e3:6.2f} ms CPU, {wall[kind] / total * 1e3:6.2f} ms"
            f" wall per request, of which GC {gc_cpu[kind] / total * 1e3:.2f} ms;"
            f" statuses {sorted(seen_statuses[kind])}"
        )
    for kind in ("ask", "page"):
        print(f"CPU ratio bare / {kind}: {cpu['bare'] / cpu[kind]:.2f}")
    for kind in KINDS:
        seen: list = []
        undo = _record_redis_commands(seen)
        try:
            run(kind, 1)
        finally:
            undo()
        print(f"Redis commands of one {kind} request: {len(seen)}")
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        # Our own code and the form machinery, whatever their rank.
        stats.sort_stats("cumulative").print_stats(
            r"gongkai|forms/|csrf|sessions|auth|deepcopy|template", args.top
        )
        if args.callers:  # who calls these functions (a regular expression)
            stats.print_callers(args.callers)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
