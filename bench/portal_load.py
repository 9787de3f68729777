"""Portal load benchmark: realistic data, wrk at 100 connections, two ceilings on one machine.

    /work/main/.venv/bin/python bench/portal_load.py            # scale 1 then 10, ~4 minutes
    /work/main/.venv/bin/python bench/portal_load.py --scales 1 --duration 5 --skip-nginx

What it does, for each data scale (1 = 100 units, a year of activities, 50 interviews with
2,000 questions each; 10 = ten times that):

1. generates the rows in a fresh SQLite database (or the one ``DATABASE_URL`` names): units and
   archived interviews itself, and what ``bench/portal_data/<app>.py`` adds through
   ``generate_load(programme, *, scale, rng)`` (activities, questions, policies, ...);
2. starts gunicorn (sync workers, one per core) on the app and measures with wrk, 100
   connections: the home page and an archived page, then a bare Django view returning the
   same bytes under the same server (target: app ≥ 80 % of bare, p99 < 100 ms);
3. starts nginx with the recommended micro-cache (``NGINX_SNIPPET`` below, the one
   docs/deployment.md should carry) and measures the same pages through it against nginx
   serving the same bytes as a static file (target ≥ 50 %);
4. prints the figures (and ``--json`` writes them).

wrk and nginx are Debian packages; the script installs them with apt-get when missing and says
clearly what it skipped when it cannot.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

NGINX_SNIPPET = r"""
# --- Gongkai: micro-cache for anonymous public pages (docs/deployment.md) ---
proxy_cache_path /var/cache/nginx/gongkai levels=1:2 keys_zone=gongkai_pages:20m
                 max_size=500m inactive=10m use_temp_path=off;

# Signed-in staff (session cookie) and visitors with a pending message never touch the cache.
map $http_cookie $gongkai_skip_cache {
    default                                0;
    "~*(^|;\s*)(sessionid|messages)="     1;
}

upstream gongkai_wsgi { server 127.0.0.1:8001; keepalive 32; }

server {
    # listen / server_name / TLS as in docs/deployment.md
    location /static/ { alias /srv/gongkai/static/; expires 30d; access_log off; }
    location /live/   { proxy_pass http://gongkai_asgi; proxy_buffering off; proxy_read_timeout 1h; }

    location / {
        proxy_pass http://gongkai_wsgi;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;

        proxy_cache gongkai_pages;
        # Same variants as Django's own page cache: path, care mode, language.
        proxy_cache_key "$scheme$host$request_uri|$cookie_care_mode|$cookie_django_language|$http_accept_language";
        proxy_cache_bypass $gongkai_skip_cache;
        proxy_no_cache $gongkai_skip_cache;
        # No proxy_cache_valid: only what Django marks public is cached, for as long as its
        # X-Accel-Expires says (PORTAL_PROXY_MAX_AGE, 10 s); browsers get max-age (60 s) + ETag.
        proxy_cache_lock on;
        proxy_cache_use_stale updating error timeout http_502 http_503;
        proxy_cache_background_update on;
        add_header X-Cache $upstream_cache_status always;
    }
}
"""


# --- tools ------------------------------------------------------------------------------------


def ensure_tool(binary: str, package: str) -> str | None:
    found = shutil.which(binary) or (
        f"/usr/sbin/{binary}" if Path(f"/usr/sbin/{binary}").exists() else None
    )
    if found:
        return found
    print(f"[setup] {binary} is missing; trying apt-get install {package} ...", flush=True)
    try:
        subprocess.run(
            ["apt-get", "install", "-y", "-q", package],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        print(
            f"[setup] could not install {package} ({exc.__class__.__name__}). Install it "
            f"yourself: sudo apt-get install {package}",
            flush=True,
        )
        return None
    return shutil.which(binary) or (
        f"/usr/sbin/{binary}" if Path(f"/usr/sbin/{binary}").exists() else None
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), dict(response.headers.items())


# --- wrk ----------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * _UNITS[unit]


def run_wrk(wrk: str, url: str, *, connections: int, duration: int, threads: int) -> dict:
    out = subprocess.run(
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "url": url,
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


# --- data ---------------------------------------------------------------------------------------


def setup_django(data_dir: Path) -> None:
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generate(scale: float, rng: random.Random, *, migrate: bool = True) -> dict[str, int]:
    """Bring the database up to ``scale`` (idempotent per scale: only the missing rows).

    The rows go to the county in scope (``scope.activate``), else the first county:
    bench/multi_county.py builds each county at scale 0.1 this way."""
    from django.apps import apps
    from django.core.management import call_command
    from django.utils import timezone

    from gongkai.counties.models import default_county_id
    from gongkai.programmes.models import Programme
    from gongkai.programmes.services import load_builtin
    from gongkai.units.models import Unit, UnitKind

    if migrate:
        call_command("migrate", verbosity=0)
    programme = Programme.objects.filter(year=2023).first() or load_builtin(2023)
    counts: dict[str, int] = {}

    county_id = default_county_id()  # bulk_create sends no pre_save: the county is set here
    missing = int(100 * scale) - Unit.objects.count()
    Unit.objects.bulk_create(
        [
            Unit(
                county_id=county_id,
                name=f"压测单位{scale}-{i:04d}",
                kind=rng.choice([UnitKind.DEPARTMENT, UnitKind.TOWN, UnitKind.DISPATCHED]),
                sort_order=1000 + i,
                is_demo=True,
            )
            for i in range(max(0, missing))
        ]
    )
    units = list(Unit.objects.implementing())
    programme.participants.add(*units)
    counts["units"] = Unit.objects.count()

    if apps.is_installed("gongkai.interviews"):
        from gongkai.interviews.models import Interview, InterviewStatus

        missing = int(50 * scale) - Interview.objects.count()
        start = timezone.make_aware(dt.datetime(2023, 1, 9, 9, 30))
        Interview.objects.bulk_create(
            [
                Interview(
                    programme=programme,
                    unit=rng.choice(units),
                    topic=f"2023年重点工作与群众关心的热点问题（第{i + 1}期）",
                    starts_at=start + dt.timedelta(days=7 * (i % 52), hours=i % 3),
                    status=InterviewStatus.ARCHIVED,
                )
                for i in range(max(0, missing))
            ]
        )
        counts["interviews"] = Interview.objects.count()

    # Every app with public pages adds its own rows (activities, questions, policies, ...).
    from bench.portal_data import generate_load

    counts.update(generate_load(programme, scale=scale, rng=rng))

    call_command("reindex", verbosity=0, stdout=open(os.devnull, "w"))
    return counts


def archived_path() -> str:
    """An archived interview page when an app lists one in the sitemap, else the 2023 notice."""
    from gongkai.portal import sitemaps

    for page in sitemaps.pages():
        if "archive" in page.kind or (
            page.kind.startswith("interview") and page.url.rstrip("/") != "/interviews"
        ):
            return page.url
    return "/notices/2023/"


# --- servers ------------------------------------------------------------------------------------


class Server:
    def __init__(self, args: list[str], env: dict[str, str], log: Path):
        self.log = open(log, "w")
        self.proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


def start_gunicorn(port: int, workers: int, env: dict[str, str], log: Path) -> Server:
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    return Server(
        [
            gunicorn,
            "bench.portal_bench_wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--backlog=2048",
            "--log-level=warning",
        ],
        env,
        log,
    )


def nginx_config(work: Path, nginx_port: int, app_port: int, static_dir: Path) -> Path:
    cache_dir = work / "nginx-cache"
    cache_dir.mkdir(exist_ok=True)
    conf = work / "nginx.conf"
    conf.write_text(
        f"""
worker_processes auto;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    default_type text/html;

    proxy_cache_path {cache_dir} levels=1:2 keys_zone=gongkai_pages:20m max_size=500m inactive=10m use_temp_path=off;
    map $http_cookie $gongkai_skip_cache {{
        default 0;
        "~*(^|;\\s*)(sessionid|messages)=" 1;
    }}
    upstream gongkai_wsgi {{ server 127.0.0.1:{app_port}; keepalive 32; }}

    server {{
        listen 127.0.0.1:{nginx_port};
        location /__static/ {{ alias {static_dir}/; default_type "text/html; charset=utf-8"; }}
        location / {{
            proxy_pass http://gongkai_wsgi;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_cache gongkai_pages;
            proxy_cache_key "$scheme$host$request_uri|$cookie_care_mode|$cookie_django_language|$http_accept_language";
            proxy_cache_bypass $gongkai_skip_cache;
            proxy_no_cache $gongkai_skip_cache;
            proxy_cache_lock on;
            proxy_cache_use_stale updating error timeout http_502 http_503;
            proxy_cache_background_update on;
            add_header X-Cache $upstream_cache_status always;
        }}
    }}
}}
"""
    )
    return conf


# --- the run ------------------------------------------------------------------------------------


def measure_scale(scale: int, opts, tools: dict, work: Path, results: list[dict]) -> None:
    rng = random.Random(scale)
    started = time.time()
    counts = generate(scale, rng)
    print(f"\n== scale {scale}: {counts} (generated in {time.time() - started:.0f} s)", flush=True)

    bodies = work / f"bodies-{scale}"
    bodies.mkdir(exist_ok=True)
    env = {**os.environ, "PORTAL_BENCH_DIR": str(bodies), "PYTHONPATH": str(ROOT)}
    app_port = free_port()
    workers = opts.workers or os.cpu_count() or 2
    server = start_gunicorn(app_port, workers, env, work / f"gunicorn-{scale}.log")
    nginx = None
    try:
        base = f"http://127.0.0.1:{app_port}"
        wait_for(base + "/healthz")
        pages = {"home": "/", "archived": archived_path()}
        for name, path in pages.items():
            body, headers = fetch(base + path)
            (bodies / f"{name}.html").write_bytes(body)
            print(
                f"   {name}: {path} {len(body)} bytes, Cache-Control: {headers.get('Cache-Control')}",
                flush=True,
            )
        results.extend(measure_cpu(pages, bodies, scale))
        wrk = tools["wrk"]
        run = dict(connections=opts.connections, duration=opts.duration, threads=opts.threads)
        for name, path in pages.items():
            fetch(base + path)  # warm every worker's cache a little
            app = run_wrk(wrk, base + path, **run)
            bare = run_wrk(wrk, f"{base}/__bench/bare/{name}", **run)
            row = {
                "scale": scale,
                "page": name,
                "path": path,
                "server": "gunicorn",
                "app_rps": app["rps"],
                "app_p99_ms": app["p99_ms"],
                "ceiling_rps": bare["rps"],
                "ceiling_p99_ms": bare["p99_ms"],
                "ratio": app["rps"] / bare["rps"] if bare["rps"] else 0,
                "target": "ratio >= 0.8 and p99 < 100 ms",
                "errors": app["non_2xx"] + bare["non_2xx"],
            }
            row["ok"] = row["ratio"] >= 0.8 and row["app_p99_ms"] < 100
            results.append(row)
            print_row(row)

        if tools.get("nginx") and not opts.skip_nginx:
            nginx_port = free_port()
            conf = nginx_config(work, nginx_port, app_port, bodies)
            nginx = Server(
                [tools["nginx"], "-c", str(conf), "-p", str(work)], env, work / "nginx-out.log"
            )
            nbase = f"http://127.0.0.1:{nginx_port}"
            wait_for(nbase + "/__static/home.html")
            for name, path in pages.items():
                fetch(nbase + path)
                _, headers = fetch(nbase + path)
                app = run_wrk(wrk, nbase + path, **run)
                static = run_wrk(wrk, f"{nbase}/__static/{name}.html", **run)
                row = {
                    "scale": scale,
                    "page": name,
                    "path": path,
                    "server": "nginx",
                    "x_cache": headers.get("X-Cache", ""),
                    "app_rps": app["rps"],
                    "app_p99_ms": app["p99_ms"],
                    "ceiling_rps": static["rps"],
                    "ceiling_p99_ms": static["p99_ms"],
                    "ratio": app["rps"] / static["rps"] if static["rps"] else 0,
                    "target": "ratio >= 0.5",
                    "errors": app["non_2xx"] + static["non_2xx"],
                }
                row["ok"] = row["ratio"] >= 0.5
                results.append(row)
                print_row(row)
            if opts.freshness:
                results.append(measure_freshness(nbase, scale))
                print_freshness(results[-1])
    finally:
        if nginx:
            nginx.stop()
        server.stop()


def measure_cpu(pages: dict[str, str], bodies: Path, scale: int, n: int = 3000) -> list[dict]:
    """CPU time per request, in this process, through the same WSGI handler and middleware:
    the app's cached page against the bare view. Unlike req/s it hardly moves when other work
    shares the machine, so it is the figure to trust on a busy box."""
    import io

    os.environ["PORTAL_BENCH_DIR"] = str(bodies)
    sys.path.insert(0, str(ROOT))
    from bench.portal_bench_wsgi import application

    def call(path: str) -> None:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        b"".join(application(environ, lambda status, headers: None))

    def cpu_us(path: str) -> float:
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            for _ in range(n):
                call(path)
            best = min(best, (time.process_time() - started) / n * 1e6)
        return best

    rows = []
    for name, path in pages.items():
        call(path)
        app_us, bare_us = cpu_us(path), cpu_us(f"/__bench/bare/{name}")
        row = {
            "scale": scale,
            "page": name,
            "path": path,
            "server": "in-process",
            "app_cpu_us": app_us,
            "bare_cpu_us": bare_us,
            "ratio": bare_us / app_us if app_us else 0,
            "target": "bare/app CPU >= 0.8",
        }
        row["ok"] = row["ratio"] >= 0.8
        print(
            f"   [cpu     ] {name:8} {app_us:6.0f} us/request | bare Django view: {bare_us:6.0f}"
            f" us/request | ratio {row['ratio']:.2f} ({row['target']}: {'OK' if row['ok'] else 'MISSED'})",
            flush=True,
        )
        rows.append(row)
    return rows


def measure_freshness(nbase: str, scale: int) -> dict:
    """Publish a change the way staff do (a model save: signals bump the content version) and
    poll the home page through nginx until the change shows."""
    from django.conf import settings

    from gongkai.portal import cache as portal_cache
    from gongkai.programmes.models import Programme

    programme = Programme.objects.get(year=2023)
    # Worst case: nginx and the worker have just cached the page when the change lands.
    fetch(nbase + "/?freshness-warm")
    fetch(nbase + "/")
    marker = f"（更新{int(time.time())}）"
    original = programme.title
    programme.title = original + marker
    programme.save()
    started = time.monotonic()
    seen = None
    limit = portal_cache.timeout() + portal_cache.proxy_max_age() + 15
    while time.monotonic() - started < limit:
        body, _ = fetch(nbase + "/")
        if marker.encode() in body:
            seen = time.monotonic() - started
            break
        time.sleep(0.25)
    programme.title = original
    programme.save()
    shared = "Redis" if getattr(settings, "REDIS_URL", "") else "local memory"
    bound = (
        portal_cache.proxy_max_age() + 1
        if shared == "Redis"
        else portal_cache.timeout() + portal_cache.proxy_max_age()
    )
    return {
        "scale": scale,
        "page": "home",
        "server": "freshness",
        "cache": shared,
        "seconds": seen,
        "bound_s": bound,
        "ok": seen is not None and seen <= bound + 1,
        "target": f"change visible through nginx within {bound} s ({shared} cache)",
    }


def print_freshness(row: dict) -> None:
    seen = "never" if row["seconds"] is None else f"{row['seconds']:.1f} s"
    print(
        f"   [freshness] a staff change showed through nginx after {seen}"
        f" ({row['target']}: {'OK' if row['ok'] else 'MISSED'})",
        flush=True,
    )


def print_row(row: dict) -> None:
    ceiling = "bare Django view" if row["server"] == "gunicorn" else "nginx static file"
    extra = f" X-Cache={row['x_cache']}" if row.get("x_cache") else ""
    print(
        f"   [{row['server']:8}] {row['page']:8} {row['app_rps']:9.0f} req/s p99 {row['app_p99_ms']:6.1f} ms"
        f" | {ceiling}: {row['ceiling_rps']:9.0f} req/s p99 {row['ceiling_p99_ms']:6.1f} ms"
        f" | ratio {row['ratio']:.2f} ({row['target']}: {'OK' if row['ok'] else 'MISSED'})"
        f"{' errors=' + str(row['errors']) if row['errors'] else ''}{extra}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="1,10", help="data scales to measure, e.g. 1,10")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: cores)")
    parser.add_argument("--skip-nginx", action="store_true")
    parser.add_argument(
        "--freshness", action="store_true", help="also time how soon a staff change shows via nginx"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--print-nginx-snippet", action="store_true")
    opts = parser.parse_args()

    if opts.print_nginx_snippet:
        print(NGINX_SNIPPET)
        return 0

    tools = {"wrk": ensure_tool("wrk", "wrk")}
    if not tools["wrk"]:
        print("wrk is required for the measurements; nothing measured.")
        return 2
    if not opts.skip_nginx:
        tools["nginx"] = ensure_tool("nginx", "nginx-light") or ensure_tool("nginx", "nginx")
        if not tools["nginx"]:
            print("[setup] nginx unavailable: the nginx figures are skipped.")

    work = Path(tempfile.mkdtemp(prefix="gongkai-portal-bench-"))
    if not os.environ.get("DATABASE_URL"):
        print(f"[setup] SQLite database in {work}", flush=True)
    setup_django(work)
    print(
        f"[setup] {os.cpu_count()} cores, wrk -t{opts.threads} -c{opts.connections} -d{opts.duration}s; "
        f"cache backend: {'Redis' if os.environ.get('REDIS_URL') else 'local memory'}",
        flush=True,
    )
    results: list[dict] = []
    try:
        for scale in [int(s) for s in opts.scales.split(",") if s.strip()]:
            measure_scale(scale, opts, tools, work, results)
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
    if opts.json:
        Path(opts.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    missed = [r for r in results if not r["ok"]]
    print(f"\n{len(results) - len(missed)}/{len(results)} targets met.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
