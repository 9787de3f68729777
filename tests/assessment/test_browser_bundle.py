"""issue 17, 4 (Done when), in Chromium: the assessor downloads a unit's evidence bundle and the
test reads it back (page count, table of contents entries, the text of a point); the county
ZIP is built in the background while the page shows its progress, then downloaded."""

import io
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect
from pypdf import PdfReader

from gongkai.accounts.models import Role, User
from gongkai.assessment import services
from gongkai.units.models import Unit
from tests.fixtures.browser import serious_axe_violations

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/bundle-shots")
UNIT = "县农业农村局"


def _signed_in(new_page, live_server, user, **options):
    client = Client()
    client.force_login(user)
    page = new_page(**options)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


@pytest.mark.django_db(transaction=True)
def test_assessor_downloads_a_unit_bundle_and_the_county_zip(
    live_server, new_page, tmp_path, settings
):
    from gongkai.ops.demo import load_demo

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    programme = load_demo()
    unit = Unit.objects.get(name=UNIT)
    score = services.compute_scores(programme).for_unit(unit.pk)
    assessor = User.objects.create_user("b-assessor", role=Role.ASSESSOR)
    page = _signed_in(new_page, live_server, assessor, viewport={"width": 1366, "height": 768})

    page.goto(f"{live_server.url}/assessment/2023/")
    page.get_by_role("link", name="佐证材料（PDF）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("佐证材料")
    assert serious_axe_violations(page, "#main") == []
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "bundle-1366.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name=f"{UNIT}的 PDF").click()
    reader = PdfReader(info.value.path())
    pages = [p.extract_text() for p in reader.pages]
    titles = [item.title for item in reader.outline]
    assert len(reader.pages) >= len(score.points) + 2  # cover, contents, a page per point
    assert (
        titles
        == [f"{n}、{p.name}" for n, p in zip("一二三四五六七八九十", score.points, strict=False)]
        + titles[10:]
    )
    assert all(point.name in pages[1] for point in score.points)  # the table of contents
    held = next(t for t in pages if f"佐证考核点：{titles[0]}" in t)
    assert "活动计划（附件1）" in held and "签到表（姓名已脱敏）" in held
    assert f"第 {len(reader.pages)} 页 / 共 {len(reader.pages)} 页" in pages[-1]

    # The county ZIP: built by the task, the page shows it ready with a download link.
    page.get_by_role("button", name="生成全县佐证材料").click()
    expect(page.locator("#bundle-status")).to_contain_text("已生成", timeout=60_000)
    with page.expect_download() as info:
        page.locator("#bundle-download").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert "目录.txt" in archive.namelist()
    assert any(UNIT in name for name in archive.namelist())

    phone = _signed_in(new_page, live_server, assessor, viewport={"width": 390, "height": 844})
    phone.goto(f"{live_server.url}/assessment/2023/bundle/")
    phone.screenshot(path=str(SHOTS / "bundle-390.png"), full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
