"""``gongkai screenshots DIR``: start the demo on a throwaway database, shoot the main pages of
every role at 1366×768 and 390×844 (public pages also in 长者模式), write DIR/index.html."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.ops import screenshots


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError("The demo server stopped before it answered (see its output).")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise CommandError(f"The demo server did not answer within {timeout:.0f} s.")


class Command(BaseCommand):
    help = (
        "Screenshots of each main page per role at 1366x768 and 390x844 (public pages also in "
        "care mode), from the demo started on a throwaway database."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--base-url",
            default="",
            help="shoot a site that is already running (with the demo accounts) instead",
        )
        parser.add_argument(
            "--roles",
            default="",
            help="comma-separated: public and demo usernames (default: all of them)",
        )
        parser.add_argument(
            "--timeout", type=float, default=300, help="seconds to wait for the demo"
        )

    def handle(self, *args, directory: Path, base_url: str, roles: str, timeout: float, **opts):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:
            raise CommandError('Playwright is missing: pip install -e ".[test]"') from exc
        from gongkai.ops.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
        if not chromium:
            raise CommandError("Chromium not found (apt-get install chromium, or CHROMIUM_PATH).")
        accounts = [(screenshots.ANONYMOUS, "")] + [(a.username, a.username) for a in DEMO_ACCOUNTS]
        if roles:
            wanted = {r.strip() for r in roles.split(",") if r.strip()}
            accounts = [a for a in accounts if a[0] in wanted]
        directory.mkdir(parents=True, exist_ok=True)
        server = None
        scratch = None
        try:
            if not base_url:
                scratch = tempfile.mkdtemp(prefix="gongkai-screenshots-")
                port = _free_port()
                env = {
                    k: v
                    for k, v in os.environ.items()
                    if k not in ("DATABASE_URL", "REDIS_URL", "MEDIA_ROOT")
                }
                env.update(GONGKAI_DATA_DIR=scratch, GONGKAI_REQUIRE_2FA="false")
                server = subprocess.Popen(  # noqa: S603
                    [
                        sys.executable,
                        "-m",
                        "gongkai",
                        "demo",
                        "--keep-passwords",
                        "--port",
                        str(port),
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                )
                base_url = f"http://127.0.0.1:{port}"
                _wait_until_up(base_url, server, timeout)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium,
                    headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
                )
                try:
                    shots = screenshots.take(
                        browser,
                        base_url.rstrip("/"),
                        directory,
                        accounts=accounts,
                        password=DEMO_PASSWORD,
                        say=self.stdout.write,
                    )
                finally:
                    browser.close()
            index = screenshots.write_index(directory, shots)
            self.stdout.write(self.style.SUCCESS(f"{len(shots)} screenshots; see {index}"))
        finally:
            if server is not None:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
            if scratch:
                shutil.rmtree(scratch, ignore_errors=True)
