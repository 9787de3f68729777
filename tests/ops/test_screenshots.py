"""``gongkai screenshots DIR`` shoots each role's menu pages at both sizes (public pages also in
长者模式) and writes an index; here against the demo served by the test server."""

from __future__ import annotations

import struct
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.ops.demo import load_demo
from gongkai.ops.screenshots import slug

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_slug_names_a_page_stably():
    assert slug("/") == "home"
    assert slug("/interviews/staff/3/control/") == "interviews-staff-3-control"
    assert slug("/search/?q=补贴") == slug("/search/?q=补贴") != slug("/search/?q=访谈")


def test_screenshots_of_public_and_media_pages_at_both_sizes(live_server, settings, tmp_path):
    settings.GONGKAI_REQUIRE_2FA = False
    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_demo()
    out = tmp_path / "shots"
    stdout = StringIO()
    failures: list[BaseException] = []

    def shoot() -> None:
        # A thread of its own: Playwright's sync API refuses a thread where another browser test
        # of this worker already runs its event loop.
        try:
            call_command(
                "screenshots", str(out), base_url=live_server.url, roles="public,media", stdout=stdout
            )
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the test's thread
            failures.append(exc)

    worker = threading.Thread(target=shoot)
    worker.start()
    worker.join(timeout=600)
    assert not worker.is_alive(), "the screenshots command did not finish in 10 minutes"
    if failures:
        raise failures[0]
    public = {p.name for p in (out / "public").glob("*.png")}
    for name in (
        "home-desktop.png",
        "home-phone.png",
        "home-desktop-care.png",
        "home-phone-care.png",
    ):
        assert name in public
    assert any(n.startswith("interviews-") and n[11].isdigit() for n in public)  # a record
    assert _png_size(out / "public" / "home-desktop.png")[0] == 1366
    assert _png_size(out / "public" / "home-phone.png")[0] == 390
    media = {p.name for p in (out / "media").glob("*.png")}
    assert "staff-desktop.png" in media and "interviews-staff-phone.png" in media
    assert not [n for n in media if n.startswith("visits-staff")]  # not in the media's menu
    # beyond the menu: an interview's page and its crew form, never a page it may not open
    assert any(n.startswith("interviews-staff-") and n.endswith("-crew-phone.png") for n in media)
    assert not [n for n in media if n.startswith(("publishing-", "staff-programmes-2"))]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "public/home-desktop-care.png" in index and "media/staff-phone.png" in index
    assert "screenshots" in stdout.getvalue()
