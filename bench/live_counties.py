"""Live push in many counties at once: 20 interviews live in 20 counties, viewers spread over them.

    /work/main/.venv/bin/python bench/live_counties.py --viewers 30000          # the issue's run
    /work/main/.venv/bin/python bench/live_counties.py --viewers 2000 --events 5  # a quick check

Starts the app as deployed for ``/live/`` (``--workers`` uvicorn processes of
``gongkai.conf.asgi:application`` on one Redis, PostgreSQL when DATABASE_URL is set, else SQLite
in a temporary directory), creates ``--counties`` counties (host names ``c1.localhost`` ...)
each with one live interview, and opens the viewers round-robin over the counties, each viewer
on its own county's host name and its own interview's channel (load generators and source
addresses as in bench/live_viewers.py, the per-address cap on). Every tick publishes one event
on every channel (``gongkai.live.services.publish``, stored then pushed through Redis).

Reported: p50/p99/max publish -> receipt latency, events lost (each viewer must receive every
event of its own interview), **cross-county deliveries** (an event of another county's
interview received by a viewer: must be 0), and **wrong-host admissions**: viewers that ask
for county A's channel through county B's host name (``--wrong-host`` per county) must be
refused, so the number admitted must be 0.

Targets (issue 15): p99 < 1 s, nothing lost, no viewer receiving another county's event.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.live_viewers import (  # noqa: E402
    HTML,
    Servers,
    _Stats,
    open_viewers,
    percentile,
    prepare_database,
    raise_fd_limit,
    run_loadgen,
    wait_then_report,
)

# --- load generator: viewers of several channels, each through its county's host name ---------


async def _loadgen(pipe, ports, targets, count, offset, source_ips, in_flight, ramp_timeout):
    """``targets``: [(group, host, path)]; viewer i watches targets[(offset + i) % len]."""
    stats: dict[int, _Stats] = {}

    def viewer_for(i: int, port: int) -> tuple[_Stats, bytes]:
        group, host, path = targets[(offset + i) % len(targets)]
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n"
        ).encode()
        return stats.setdefault(group, _Stats()), request

    viewers, ramp = await open_viewers(
        count, viewer_for, ports, source_ips, in_flight, ramp_timeout, admit_timeout=30
    )
    for group_stats in stats.values():
        group_stats.ready = 0
    for viewer in viewers:
        if viewer.ready:
            viewer.stats.ready += 1
    pipe.send(("ready", {g: s.ready for g, s in stats.items()}, ramp))
    await wait_then_report(
        pipe,
        viewers,
        lambda: ("result", {g: (s.ready, s.closed, s.received) for g, s in stats.items()}),
    )


def loadgen_main(*args) -> None:
    run_loadgen(_loadgen, *args)


# --- the run ------------------------------------------------------------------------------------


def live_interviews(n: int) -> list[dict]:
    """Counties c1..cn, each with one live interview; returns [{county, host, channel}]."""
    from gongkai.counties import resolve, scope
    from gongkai.counties.models import County
    from gongkai.interviews.models import Interview, InterviewStatus
    from gongkai.programmes.services import load_builtin
    from gongkai.units.models import Unit

    rows = []
    for i in range(1, n + 1):
        county, _ = County.objects.get_or_create(
            slug=f"c{i}", defaults={"name": f"压测{i}县", "hosts": f"c{i}.localhost"}
        )
        with scope.activate(county):
            interview = Interview.objects.create(
                programme=load_builtin(2023),
                unit=Unit.objects.get(name="县农业农村局"),
                topic=f"直播压力测试（压测{i}县）",
                starts_at=dt.datetime(2023, 9, 20, 9, 0, tzinfo=dt.UTC),
                status=InterviewStatus.LIVE,
            )
        rows.append({"county": county, "host": f"c{i}.localhost", "channel": interview.channel})
    resolve.forget()
    return rows


def run(args, servers, interviews, publish) -> dict:
    ctx = mp.get_context("spawn")
    targets = [(g, row["host"], f"/live/{row['channel']}/") for g, row in enumerate(interviews)]
    # Viewers that ask for county g's channel through county g+1's host name: must be refused.
    wrong = [
        (1000 + g, interviews[(g + 1) % len(interviews)]["host"], f"/live/{row['channel']}/")
        for g, row in enumerate(interviews)
    ]
    plans = [(targets, args.viewers)]
    if args.wrong_host and len(interviews) > 1:
        plans.append((wrong, args.wrong_host * len(interviews)))
    procs, pipes = [], []
    ramp_timeout = args.ramp_timeout or 60 + args.viewers / 100
    cpu_before = servers.cpu_seconds()
    k = 0
    for plan_targets, total in plans:
        loadgens = args.loadgens if plan_targets is targets else 1
        offset = 0
        for i in range(loadgens):
            count = total // loadgens + (1 if i < total % loadgens else 0)
            parent, child = ctx.Pipe()
            proc = ctx.Process(
                target=loadgen_main,
                args=(
                    child,
                    servers.ports,
                    plan_targets,
                    count,
                    offset,
                    [f"127.0.{1 + k}.{1 + a}" for a in range(args.addresses)],
                    args.in_flight,
                    ramp_timeout if plan_targets is targets else 30,
                ),
                daemon=True,
            )
            offset += count
            k += 1
            proc.start()
            procs.append(proc)
            pipes.append(parent)
    ready: dict[int, int] = {}
    ramp = 0.0
    for pipe in pipes:
        if not pipe.poll(ramp_timeout + 60):
            raise TimeoutError("a load generator did not report")
        _, groups, seconds = pipe.recv()
        for g, r in groups.items():
            ready[g] = ready.get(g, 0) + r
        ramp = max(ramp, seconds)
    time.sleep(1.0)
    published: dict[int, tuple[int, float]] = {}  # event id -> (group, published at)
    for _ in range(args.events):
        for g, row in enumerate(interviews):
            event_id, at = publish(row)
            published[event_id] = (g, at)
        time.sleep(args.interval)
    time.sleep(args.drain)
    for pipe in pipes:
        pipe.send("stop")
    received: dict[int, dict[int, list[float]]] = {}
    closed = 0
    for pipe in pipes:
        if not pipe.poll(120):
            raise TimeoutError("a load generator did not send its results")
        _, groups = pipe.recv()
        for g, (_, c, got) in groups.items():
            closed += c
            for event_id, times in got.items():
                received.setdefault(g, {}).setdefault(event_id, []).extend(times)
    for proc in procs:
        proc.join(10)
        if proc.is_alive():
            proc.kill()

    latencies, cross = [], 0
    for g, got in received.items():
        if g >= 1000:
            continue
        for event_id, times in got.items():
            owner, at = published.get(event_id, (None, 0.0))
            if owner != g:
                cross += len(times)  # another county's event (or an unknown one)
            else:
                latencies.extend(t - at for t in times)
    per_channel = args.events
    connected = sum(r for g, r in ready.items() if g < 1000)
    expected = connected * per_channel
    wrong_admitted = sum(r for g, r in ready.items() if g >= 1000)
    return {
        "counties": len(interviews),
        "viewers": args.viewers,
        "connected": connected,
        "dropped": closed,
        "ramp_s": ramp,
        "events": len(published),
        "expected": expected,
        "received": len(latencies),
        "lost": expected - len(latencies),
        "cross_county": cross,
        "wrong_host_tried": args.wrong_host * len(interviews) if len(interviews) > 1 else 0,
        "wrong_host_admitted": wrong_admitted,
        "p50": percentile(latencies, 0.50),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies) if latencies else float("nan"),
        "server_cpu_s": servers.cpu_seconds() - cpu_before,
        "load": os.getloadavg()[0],
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counties", type=int, default=20)
    parser.add_argument("--viewers", type=int, default=30000, help="viewers in all")
    parser.add_argument("--wrong-host", type=int, default=5, help="wrong-host viewers per county")
    parser.add_argument("--workers", type=int, default=2, help="ASGI server processes")
    parser.add_argument("--loadgens", type=int, default=2, help="load-generator processes")
    parser.add_argument("--events", type=int, default=10, help="events per channel")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between ticks")
    parser.add_argument("--drain", type=float, default=5.0)
    parser.add_argument("--in-flight", type=int, default=200)
    parser.add_argument("--addresses", type=int, default=100)
    parser.add_argument("--ramp-timeout", type=float, default=0)
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    )
    args = parser.parse_args()
    limit = raise_fd_limit()
    if args.viewers / min(args.workers, args.loadgens) + 1000 > limit:
        sys.exit(f"{args.viewers} viewers need more processes: RLIMIT_NOFILE is {limit}")

    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    base_env = {
        **os.environ,
        "REDIS_URL": args.redis_url,
        "LIVE_CHANNEL_PREFIX": prefix,
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "PYTHONPATH": str(REPO_ROOT),
    }
    tmp = Path(tempfile.mkdtemp(prefix="live-counties-bench-"))
    env, cleanup = prepare_database(dict(base_env), tmp)
    os.environ.update(env)
    if "DATABASE_URL" not in env:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.db import transaction

    from gongkai.counties import scope
    from gongkai.live.services import publish

    interviews = live_interviews(args.counties)
    line_ids = iter(range(1, 10**9))

    def publish_one(row: dict) -> tuple[int, float]:
        n = next(line_ids)
        payload = {
            "target": "feed-lines",
            "key": f"feed-line-bench-{n}",
            "mode": "append",
            "html": HTML,
            "line_id": n,
            "speaker": "主持人",
            "said_at": "2023-09-20T10:02:00+08:00",
            "text": "各位网友，大家好！",
        }
        at = time.monotonic()
        with scope.activate(row["county"]), transaction.atomic():
            event = publish(row["channel"], "feed.line", payload)
        return event.pk, at

    db = "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
    print(
        f"live push in {args.counties} counties: {args.viewers} viewers, {args.workers} ASGI"
        f" processes, {args.loadgens} load generators x {args.addresses} source addresses, {db},"
        f" Redis {args.redis_url}, {os.cpu_count()} CPUs, {args.events} events per channel every"
        f" {args.interval}s, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    try:
        with Servers("gongkai.conf.asgi:application", args.workers, env, tmp) as servers:
            row = run(args, servers, interviews, publish_one)
    finally:
        from django.db import connections

        connections.close_all()
        cleanup()

    checks = {
        "every viewer connected": row["connected"] == row["viewers"],
        "nothing lost": row["lost"] == 0,
        "p99 < 1 s": row["p99"] < 1.0,
        "no cross-county delivery": row["cross_county"] == 0,
        "wrong host refused": row["wrong_host_admitted"] == 0,
    }
    print(
        f"\n{'counties':>8} {'viewers':>8} {'connected':>9} {'events':>6} {'received':>9}"
        f" {'lost':>6} {'cross':>5} {'wrong-host':>10} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}"
        f" {'cpu s':>6} {'load':>5}"
    )
    print(
        f"{row['counties']:>8} {row['viewers']:>8} {row['connected']:>9} {row['events']:>6}"
        f" {row['received']:>9} {row['lost']:>6} {row['cross_county']:>5}"
        f" {row['wrong_host_admitted']:>4}/{row['wrong_host_tried']:<5}"
        f" {row['p50'] * 1000:7.1f} {row['p99'] * 1000:7.1f} {row['max'] * 1000:7.1f}"
        f" {row['server_cpu_s']:6.1f} {row['load']:5.1f}"
    )
    for name, passed in checks.items():
        print(f"   {name:26} {'OK' if passed else 'MISSED'}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
