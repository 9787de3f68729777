"""Live push under load: N concurrent SSE viewers of one interview, events published, latency.

Starts the app as deployed for ``/live/`` (W uvicorn processes running
``gongkai.conf.asgi:application``, the Redis broker, PostgreSQL when DATABASE_URL is set,
otherwise SQLite in a temporary directory), opens N viewers from load-generator processes
(raw asyncio sockets), publishes events through ``gongkai.live.services.publish`` (stored,
then pushed through Redis after commit) and reports publish→receipt latency p50/p99/max and
lost events per N. The same run measures a bare raw-ASGI SSE broadcaster on the same Redis
(bench/live_bare.py) and prints the ratio of the two capacities (the largest N held with
p99 < 1 s and nothing lost).

    python bench/live_viewers.py --viewers 1000,10000,30000

Everything is bounded: connections per N, seconds per phase, events per N. All traffic goes
to 127.0.0.1. Load generator i binds its viewers round-robin to ``--addresses`` source
addresses 127.0.<i+1>.1, 127.0.<i+1>.2, ... so that more than 28,000 connections fit in the
ephemeral port ranges, and so that the viewers come from many addresses as a real audience
does: the app's per-address cap (LIVE_MAX_CONNECTIONS_PER_ADDRESS, default 200 per worker)
stays ON during the measurement (30,000 viewers over 2 x 100 addresses and 2 workers are 75
streams per address per worker). ``--max-per-address N`` overrides the cap for the servers.

The channel is a real public interview's (``interview-<pk>``, created in the bench database):
the endpoint's access check runs as in production.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
ID_RE = re.compile(rb"id: (\d+)\n")
HTML = (
    "<li class='feed-line'><span class='speaker'>主持人</span>"
    "<time>10:02</time> 各位网友，大家好！欢迎收看本期在线访谈，今天我们请到了县农业农村局的负责同志。</li>"
)


def raise_fd_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 1_048_576
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


# --- load generator (one process per slice of viewers) ----------------------------------------


class _Stats:
    def __init__(self) -> None:
        self.ready = 0
        self.closed = 0
        self.failed = 0
        self.received: dict[int, list[float]] = {}


class _Viewer(asyncio.Protocol):
    __slots__ = ("stats", "request", "tail", "last", "ready", "transport", "admitted", "counting")

    def __init__(self, stats: _Stats, request: bytes) -> None:
        self.stats, self.request = stats, request
        self.tail, self.last, self.ready, self.transport = b"", 0, False, None
        self.admitted = asyncio.get_running_loop().create_future()
        # Counted only once admitted within the ramp (a connect cancelled at the end of the ramp
        # may still complete under uvloop: it must not count).
        self.counting = False

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buf = self.tail + data
        if not self.ready and b"retry:" in buf:
            self.ready = True
            self.stats.ready += 1
            if not self.admitted.done():
                self.admitted.set_result(True)
        if not self.counting:
            return
        for match in ID_RE.finditer(buf):
            event_id = int(match.group(1))
            if event_id > self.last:
                self.last = event_id
                self.stats.received.setdefault(event_id, []).append(now)
        self.tail = buf[-32:]

    def connection_lost(self, exc) -> None:
        if self.counting and self.ready:
            self.stats.closed += 1
        if not self.admitted.done():
            self.admitted.set_result(False)


async def open_viewers(
    count: int,
    viewer_for,
    ports: list[int],
    source_ips: list[str],
    in_flight: int,
    ramp_timeout: float,
    admit_timeout: float = 60.0,
) -> tuple[list[_Viewer], float]:
    """Open ``count`` viewers, at most ``in_flight`` connecting at once; viewer ``i`` connects
    to ``ports[i % len]`` from ``source_ips[i % len]`` and ``viewer_for(i, port)`` gives its
    ``(stats, request)``. Only viewers admitted within the ramp are measured (``counting``);
    late ones are closed. Returns the viewers and the ramp's seconds."""
    loop = asyncio.get_running_loop()
    viewers: list[_Viewer] = []
    semaphore = asyncio.Semaphore(in_flight)

    async def open_one(i: int) -> None:
        port = ports[i % len(ports)]
        stats, request = viewer_for(i, port)
        async with semaphore:
            try:
                _, viewer = await asyncio.wait_for(
                    loop.create_connection(
                        lambda: _Viewer(stats, request),
                        "127.0.0.1",
                        port,
                        local_addr=(source_ips[i % len(source_ips)], 0),
                    ),
                    timeout=30,
                )
                viewers.append(viewer)
                # hold the slot until the server has admitted the viewer (headers + retry)
                await asyncio.wait_for(asyncio.shield(viewer.admitted), timeout=admit_timeout)
            except (TimeoutError, OSError):
                stats.failed += 1

    started = time.monotonic()
    tasks = [loop.create_task(open_one(i)) for i in range(count)]
    _, pending = await asyncio.wait(tasks, timeout=ramp_timeout)
    for task in pending:
        task.cancel()
    ramp = time.monotonic() - started
    for viewer in viewers:
        if viewer.ready:
            viewer.counting = True
        elif viewer.transport is not None:
            viewer.transport.abort()
    return viewers, ramp


async def wait_then_report(pipe, viewers: list[_Viewer], result) -> None:
    """Wait for the coordinator's "stop" (bounded), send what ``result()`` returns (the stats
    as they are after the stop) and close every viewer."""
    loop = asyncio.get_running_loop()
    await asyncio.wait_for(loop.run_in_executor(None, pipe.recv), timeout=3600)
    pipe.send(result())
    for viewer in viewers:
        if viewer.transport is not None:
            viewer.transport.abort()
    await asyncio.sleep(0.2)


def run_loadgen(coroutine, *args) -> None:
    """A load generator process: more file descriptors, uvloop when installed."""
    raise_fd_limit()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(coroutine(*args))


async def _loadgen(pipe, ports, path, count, source_ips, in_flight, ramp_timeout) -> None:
    stats = _Stats()

    def viewer_for(i: int, port: int) -> tuple[_Stats, bytes]:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        ).encode()
        return stats, request

    viewers, ramp = await open_viewers(
        count, viewer_for, ports, source_ips, in_flight, ramp_timeout
    )
    stats.ready = sum(1 for viewer in viewers if viewer.ready)
    pipe.send(("ready", stats.ready, stats.failed + count - stats.ready, ramp))
    await wait_then_report(
        pipe, viewers, lambda: ("result", stats.ready, stats.failed, stats.closed, stats.received)
    )


def loadgen_main(pipe, ports, path, count, source_ips, in_flight, ramp_timeout) -> None:
    run_loadgen(_loadgen, pipe, ports, path, count, source_ips, in_flight, ramp_timeout)


# --- servers ------------------------------------------------------------------------------------


class Servers:
    def __init__(self, app: str, count: int, env: dict[str, str], log_dir: Path) -> None:
        self.app, self.env, self.log_dir = app, env, log_dir
        self.ports = [free_port() for _ in range(count)]
        self.procs: list[subprocess.Popen] = []

    def __enter__(self) -> Servers:
        for port in self.ports:
            log = open(self.log_dir / f"{self.app.replace(':', '_')}-{port}.log", "wb")  # noqa: SIM115
            self.procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "uvicorn",
                        self.app,
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--no-access-log",
                        "--log-level",
                        "warning",
                        "--backlog",
                        "4096",
                        "--timeout-graceful-shutdown",
                        "2",
                    ],
                    cwd=REPO_ROOT,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port in self.ports:
            wait_for_port(port)
        return self

    def cpu_seconds(self) -> float:
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for proc in self.procs:
            try:
                fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError):
                pass
        return total

    def __exit__(self, *exc) -> None:
        for proc in self.procs:
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


# --- one measurement ----------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(kind, servers, publish, path, viewers, args) -> dict:
    ctx = mp.get_context("spawn")
    procs, pipes = [], []
    per = [
        viewers // args.loadgens + (1 if i < viewers % args.loadgens else 0)
        for i in range(args.loadgens)
    ]
    ramp_timeout = args.ramp_timeout or 60 + viewers / 100
    cpu_before = servers.cpu_seconds()
    for i, count in enumerate(per):
        parent, child = ctx.Pipe()
        proc = ctx.Process(
            target=loadgen_main,
            args=(
                child,
                servers.ports,
                path,
                count,
                [f"127.0.{1 + i}.{1 + k}" for k in range(args.addresses)],
                args.in_flight,
                ramp_timeout,
            ),
            daemon=True,
        )
        proc.start()
        procs.append(proc)
        pipes.append(parent)
    ready = failed = 0
    ramp = 0.0
    for pipe in pipes:
        if not pipe.poll(ramp_timeout + 60):
            raise TimeoutError("a load generator did not report")
        _, r, f, seconds = pipe.recv()
        ready, failed, ramp = ready + r, failed + f, max(ramp, seconds)
    time.sleep(1.0)
    published: dict[int, float] = {}
    for _ in range(args.events):
        event_id, at = publish()
        published[event_id] = at
        time.sleep(args.interval)
    time.sleep(args.drain)
    received: dict[int, list[float]] = {}
    closed = 0
    for pipe in pipes:
        pipe.send("stop")
    for pipe in pipes:
        if not pipe.poll(120):
            raise TimeoutError("a load generator did not send its results")
        _, _, _, c, got = pipe.recv()
        closed += c
        for event_id, times in got.items():
            received.setdefault(event_id, []).extend(times)
    for proc in procs:
        proc.join(10)
        if proc.is_alive():
            proc.kill()
    latencies = [
        t - published[event_id]
        for event_id, times in received.items()
        if event_id in published
        for t in times
    ]
    expected = ready * len(published)
    lost = expected - len(latencies)
    return {
        "kind": kind,
        "viewers": viewers,
        "connected": ready,
        "failed": failed,
        "dropped": closed,
        "ramp_s": ramp,
        "events": len(published),
        "received": len(latencies),
        "lost": lost,
        "p50": percentile(latencies, 0.50),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies) if latencies else float("nan"),
        "server_cpu_s": servers.cpu_seconds() - cpu_before,
        "load": os.getloadavg()[0],
    }


def ok(row: dict) -> bool:
    return row["connected"] == row["viewers"] and row["lost"] == 0 and row["p99"] < 1.0


def show(row: dict) -> None:
    print(
        f"{row['kind']:>5} N={row['viewers']:>6}  connected={row['connected']:>6} "
        f"failed={row['failed']:>4} ramp={row['ramp_s']:6.1f}s  events={row['events']:>3} "
        f"lost={row['lost']:>6}  p50={row['p50'] * 1000:7.1f}ms p99={row['p99'] * 1000:7.1f}ms "
        f"max={row['max'] * 1000:7.1f}ms  server-cpu={row['server_cpu_s']:6.1f}s  "
        f"load={row['load']:.1f}  {'OK' if ok(row) else 'FAIL'}",
        flush=True,
    )


# --- the app and the bare broadcaster ---------------------------------------------------------


def prepare_database(env: dict[str, str], tmp: Path) -> tuple[dict[str, str], callable]:
    """A fresh database for the run: a PostgreSQL database of its own, or SQLite in tmp."""
    url = os.environ.get("DATABASE_URL", "")
    cleanup = lambda: None  # noqa: E731
    if url.startswith("postgres"):
        import psycopg

        base, _, _ = url.rpartition("/")
        name = f"bench_live_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{base}/{name}"

        def cleanup() -> None:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    else:
        env.pop("DATABASE_URL", None)
        env["GONGKAI_DATA_DIR"] = str(tmp)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    return env, cleanup


def public_interview_channel() -> str:
    """A live (public) interview in the bench database; its channel is what viewers watch."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.interviews.models import Interview, InterviewStatus
    from gongkai.programmes.services import load_builtin
    from gongkai.units.models import Unit

    interview = Interview.objects.create(
        programme=load_builtin(2023),
        unit=Unit.objects.get(name="县农业农村局"),
        topic="直播压力测试",
        starts_at=timezone.make_aware(dt.datetime(2023, 9, 20, 9, 0)),
        status=InterviewStatus.LIVE,
    )
    return interview.channel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--viewers", default="1000,10000,30000")
    parser.add_argument("--workers", type=int, default=2, help="ASGI server processes")
    parser.add_argument("--loadgens", type=int, default=2, help="load-generator processes")
    parser.add_argument("--events", type=int, default=10, help="events per N")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between events")
    parser.add_argument("--drain", type=float, default=5.0, help="seconds to wait at the end")
    parser.add_argument("--in-flight", type=int, default=200, help="connects in flight per loadgen")
    parser.add_argument(
        "--addresses", type=int, default=100, help="source addresses per loadgen (1-254)"
    )
    parser.add_argument(
        "--max-per-address",
        type=int,
        default=None,
        help="LIVE_MAX_CONNECTIONS_PER_ADDRESS for the servers (default: the app's default)",
    )
    parser.add_argument("--skip-bare", action="store_true")
    parser.add_argument(
        "--ramp-timeout", type=float, default=0, help="seconds to connect (default 60 + N/100)"
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.viewers.split(",") if n.strip()]
    limit = raise_fd_limit()
    per_process = max(sizes) / min(args.workers, args.loadgens) + 1000
    if per_process > limit:
        sys.exit(f"{max(sizes)} viewers need more processes: RLIMIT_NOFILE is {limit}")

    if not 1 <= args.addresses <= 254:
        sys.exit("--addresses must be 1..254")
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    base_env = {
        **os.environ,
        "REDIS_URL": args.redis_url,
        "LIVE_CHANNEL_PREFIX": prefix,
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "PYTHONPATH": str(REPO_ROOT),
    }
    tmp = Path(tempfile.mkdtemp(prefix="live-bench-"))
    if args.max_per_address is not None:
        base_env["LIVE_MAX_CONNECTIONS_PER_ADDRESS"] = str(args.max_per_address)
    env, cleanup = prepare_database(dict(base_env), tmp)
    os.environ.update(env)
    if "DATABASE_URL" not in env:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    import redis
    from django.db import transaction

    from gongkai.live.broker import encode_frame
    from gongkai.live.models import LiveEvent
    from gongkai.live.services import publish

    channel = public_interview_channel()
    app_ids = iter(range(1, 10**9))

    def publish_app() -> tuple[int, float]:
        n = next(app_ids)
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
        with transaction.atomic():
            event = publish(channel, "feed.line", payload)
        return event.pk, at

    bare_client = redis.Redis.from_url(args.redis_url)
    bare_ids = iter(range(1, 10**9))

    def publish_bare() -> tuple[int, float]:
        event_id = next(bare_ids)
        frame = encode_frame(
            {
                "id": event_id,
                "type": "feed.line",
                "channel": channel,
                "payload": {
                    "target": "feed",
                    "key": f"l{event_id}",
                    "mode": "append",
                    "html": HTML,
                },
            }
        )
        at = time.monotonic()
        bare_client.publish(f"{prefix}-bare:{channel}", frame)
        return event_id, at

    db = "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
    from django.conf import settings

    cap = (
        args.max_per_address
        if args.max_per_address is not None
        else settings.LIVE_MAX_CONNECTIONS_PER_ADDRESS
    )
    print(
        f"live push benchmark: {args.workers} ASGI processes, {args.loadgens} load generators "
        f"x {args.addresses} source addresses, per-address cap {cap or 'off'} per worker, "
        f"{db}, Redis {args.redis_url}, {os.cpu_count()} CPUs, {args.events} events per N "
        f"every {args.interval}s, RLIMIT_NOFILE {limit}, channel {channel}",
        flush=True,
    )
    rows = []
    try:
        for n in sizes:
            with Servers("gongkai.conf.asgi:application", args.workers, env, tmp) as servers:
                last = (
                    LiveEvent.objects.filter(channel=channel)
                    .order_by("-id")
                    .values_list("id", flat=True)
                    .first()
                    or 0
                )
                row = measure(
                    "app", servers, publish_app, f"/live/{channel}/?last_event_id={last}", n, args
                )
            show(row)
            rows.append(row)
            if not args.skip_bare:
                bare_env = {**env, "LIVE_CHANNEL_PREFIX": f"{prefix}-bare"}
                with Servers("bench.live_bare:application", args.workers, bare_env, tmp) as servers:
                    row = measure("bare", servers, publish_bare, f"/live/{channel}/", n, args)
                show(row)
                rows.append(row)
    finally:
        from django.db import connections

        connections.close_all()
        cleanup()

    def capacity(kind: str) -> int:
        return max((r["viewers"] for r in rows if r["kind"] == kind and ok(r)), default=0)

    app_cap = capacity("app")
    print(
        f"capacity (largest N with every viewer connected, nothing lost, p99 < 1 s): app {app_cap}",
        end="",
    )
    if not args.skip_bare:
        bare_cap = capacity("bare")
        ratio = app_cap / bare_cap if bare_cap else float("nan")
        print(f", bare {bare_cap}, ratio {ratio:.2f} (target >= 0.9)")
        for n in sizes:
            app = next((r for r in rows if r["kind"] == "app" and r["viewers"] == n), None)
            bare = next((r for r in rows if r["kind"] == "bare" and r["viewers"] == n), None)
            if app and bare:
                print(
                    f"N={n}: p99 app/bare {app['p99'] / bare['p99']:.2f}, "
                    f"server CPU app/bare {app['server_cpu_s'] / max(bare['server_cpu_s'], 0.01):.2f}"
                )
    else:
        print()


if __name__ == "__main__":
    main()
