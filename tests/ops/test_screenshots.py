"""``gongkai screenshots DIR`` shoots each role's menu pages at both sizes (public pages also in
长者模式) and writes an index; here against the demo served by the test server.

The command finds the pages itself (each role's menu, a record of each column). The test checks
the lists it found, but lets it shoot only the first pages of each list: a full-page screenshot
of every page at both sizes took most of a minute and checked nothing more about the command."""

from __future__ import annotations

import re
import struct
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.ops import screenshots
from gongkai.ops.demo import load_demo
from gongkai.ops.screenshots import slug

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STAFF_SHOT = ("/staff/", "/interviews/staff/")  # of the media center's menu, the pages shot


def _png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_slug_names_a_page_stably():
    assert slug("/") == "home"
    assert slug("/interviews/staff/3/control/") == "interviews-staff-3-control"
    assert slug("/search/?q=补贴") == slug("/search/?q=补贴") != slug("/search/?q=访谈")


def _found_then_only(monkeypatch, name: str, keep: tuple[str, ...]) -> list[list[str]]:
    """Record each list of pages ``screenshots.<name>`` finds; the command shoots only the
    pages of it named in ``keep``."""
    found: list[list[str]] = []
    real = getattr(screenshots, name)

    def first_pages(page, base: str) -> list[str]:
        paths = real(page, base)
        found.append(paths)
        return [path for path in paths if path in keep]

    monkeypatch.setattr(screenshots, name, first_pages)
    return found


def test_screenshots_of_public_and_media_pages_at_both_sizes(
    live_server, settings, tmp_path, monkeypatch
):
    settings.GONGKAI_REQUIRE_2FA = False
    public_found = _found_then_only(monkeypatch, "public_paths", keep=("/",))
    staff_found = _found_then_only(monkeypatch, "staff_paths", keep=STAFF_SHOT)
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
                "screenshots",
                str(out),
                base_url=live_server.url,
                roles="public,media",
                stdout=stdout,
            )
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the test's thread
            failures.append(exc)

    worker = threading.Thread(target=shoot)
    worker.start()
    worker.join(timeout=600)
    assert not worker.is_alive(), "the screenshots command did not finish in 10 minutes"
    if failures:
        raise failures[0]
    # The pages found: the public menu, a record of each column, the citizen's tools; the
    # media center's own menu (both sizes find the same pages).
    assert len(public_found) == 2 and public_found[0] == public_found[1]
    assert public_found[0][0] == "/"
    assert any(p.startswith("/interviews/") and p[12:13].isdigit() for p in public_found[0])
    assert set(screenshots.PUBLIC_EXTRA) <= set(public_found[0])
    assert len(staff_found) == 2 and staff_found[0] == staff_found[1]
    assert set(STAFF_SHOT) <= set(staff_found[0])
    assert not [p for p in staff_found[0] if p.startswith("/visits/staff")]  # not the media's
    public = {p.name for p in (out / "public").glob("*.png")}
    for name in (
        "home-desktop.png",
        "home-phone.png",
        "home-desktop-care.png",
        "home-phone-care.png",
    ):
        assert name in public
    assert len(public) == 4  # the home page at both sizes, normal and 长者模式
    assert _png_size(out / "public" / "home-desktop.png")[0] == 1366
    assert _png_size(out / "public" / "home-phone.png")[0] == 390
    media = {p.name for p in (out / "media").glob("*.png")}
    assert "staff-desktop.png" in media and "interviews-staff-phone.png" in media
    assert len(media) == 4  # STAFF_SHOT at both sizes
    # beyond the menu, found: an interview's page and its crew form, never a page it may not open
    assert any(re.fullmatch(r"/interviews/staff/\d+/crew/", p) for p in staff_found[0])
    assert not [p for p in staff_found[0] if p.startswith(("/publishing/", "/staff/programmes/2"))]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "public/home-desktop-care.png" in index and "media/staff-phone.png" in index
    assert "screenshots" in stdout.getvalue()
