"""The journey in Chromium: citizens register on a phone (one confirmed, one on the waiting list),
the unit checks them in by ticking the list, a citizen fills in the opinion form from the QR
link, the unit uploads a photo (progress bar), the service center approves it, and the photo is
on the public page."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.units.models import Unit
from tests.fixtures.browser import screenshot, serious_axe_violations
from tests.visits.conftest import jpeg_bytes, valid_id

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def register(page, base, activity, n, name):
    page.goto(f"{base}/visits/{activity.pk}/register/")
    page.fill("#id_name", name)
    page.fill("#id_id_number", valid_id(n))
    page.fill("#id_phone", f"1390000{n:04d}")
    page.fill("#id_address", "靖边县测试路1号")
    page.check("#id_consent")
    page.check("#id_lives_in_county")
    page.get_by_role("button", name="报名").click()
    page.wait_for_url("**/visits/registration/**")


@pytest.mark.django_db(transaction=True)
def test_citizen_registers_on_phone_and_unit_checks_in(
    live_server, new_page, sign_in, tmp_path, settings
):
    from gongkai.programmes.services import load_builtin

    settings.MEDIA_ROOT = tmp_path
    programme = load_builtin(2023)
    track = programme.tracks.get(kind="visits")
    track.start, track.end = (
        timezone.localdate() - dt.timedelta(days=30),
        timezone.localdate() + dt.timedelta(days=60),
    )
    track.save()
    unit = Unit.objects.get(name="县农业农村局")
    for username, role, u in [
        ("b-unit", Role.UNIT_STAFF, unit),
        ("b-service", Role.SERVICE_CENTER, Unit.objects.get(special_role="service_center")),
    ]:
        User.objects.create_user(username=username, password="test-pass-123!", role=role, unit=u)
    base = live_server.url

    # the unit submits its plan (附件1 row) in the browser
    staff = new_page(viewport={"width": 1280, "height": 900})
    sign_in(staff, "b-unit")
    staff.goto(base + "/visits/staff/plans/new/")
    starts = timezone.localtime(timezone.now() + dt.timedelta(days=5)).strftime("%Y-%m-%dT09:30")
    staff.fill("#id_title", "走进农业农村局")
    staff.fill("#id_starts_at", starts)
    staff.fill("#id_place", "三楼会议室")
    staff.fill("#id_leader", "局长")
    staff.fill("#id_contact_name", "刘")
    staff.fill("#id_contact_phone", "0912-4600001")
    staff.fill("#id_capacity", "1")
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url("**/visits/staff/*/")
    from gongkai.visits.models import Activity

    activity = Activity.objects.get()
    assert activity.capacity == 1

    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(base + "/visits/")
    phone.get_by_role("link", name="正在报名").click()
    phone.wait_for_url("**/register/")
    # a mistake first: the form says what to fix and keeps the rest
    phone.fill("#id_name", "测试甲")
    phone.fill("#id_id_number", valid_id(1)[:-1] + ("0" if valid_id(1)[-1] != "0" else "1"))
    phone.get_by_role("button", name="报名").click()
    assert phone.locator(".error-summary").count() == 1
    assert serious_axe_violations(phone) == []
    assert phone.input_value("#id_name") == "测试甲"
    register(phone, base, activity, 1, "测试甲")
    assert "报名成功" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "visits-registered-phone")

    second = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    register(second, base, activity, 2, "测试乙")
    assert "候补名单" in second.content()

    staff.goto(f"{base}/visits/staff/{activity.pk}/")
    row = staff.locator("tr", has_text="测试甲")
    row.get_by_role("button", name="签到").click()
    staff.wait_for_load_state()
    assert staff.locator("tr", has_text="测试甲").locator("td").nth(5).inner_text().strip() != ""
    screenshot(staff, "visits-staff-checked-in")
    assert serious_axe_violations(staff) == []

    # the opinion form from the QR code's link, on the phone: closed until the activity day
    phone.goto(f"{base}/visits/opinion/{activity.opinion_token}/")
    assert "意见征集表将于" in phone.content()
    assert phone.locator("#id_suggestion_1").count() == 0
    # the day comes (the activity started half an hour ago)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=30)
    )
    phone.goto(f"{base}/visits/opinion/{activity.opinion_token}/")
    phone.get_by_label("满意", exact=True).check()
    phone.fill("#id_suggestion_1", "希望多办这样的活动")
    phone.get_by_role("button", name="提交").click()
    assert "查询码" in phone.content()

    # the day itself: the main leader stayed, a question answered on the spot
    staff.goto(f"{base}/visits/staff/{activity.pk}/?step=day")  # any hour of the day
    staff.get_by_label("是，全程参加").check()
    staff.get_by_role("button", name="记录活动已举办").click()
    staff.wait_for_load_state()
    # the questions answered on the spot belong to the step after the day
    staff.get_by_role("link", name="之后：答复、意见和影像").click()
    staff.wait_for_load_state()
    staff.fill("#id_question", "补贴什么时候发？")
    staff.fill("#id_answer", "六月底前发放到户。")
    staff.get_by_role("button", name="添加问答").click()
    staff.wait_for_load_state()
    activity.refresh_from_db()
    assert (activity.status, activity.leader_stayed, activity.attendance) == ("held", True, 1)

    # photo upload with progress, then review and publication
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_bytes())
    staff.goto(f"{base}/visits/staff/{activity.pk}/")
    staff.set_input_files("#id_file", str(photo))
    staff.fill("#id_caption", "座谈现场")
    staff.get_by_role("button", name="上传").click()
    staff.wait_for_url("**uploaded=**")
    assert "等待服务中心审核" in staff.content()

    reviewer = new_page(viewport={"width": 1280, "height": 900})
    sign_in(reviewer, "b-service")
    reviewer.goto(base + "/publishing/staff/")
    reviewer.get_by_role("button", name="通过并发布").click()
    # asks first and says what approving does
    reviewer.wait_for_selector("text=立即出现在公开网站上")
    reviewer.get_by_role("button", name="确认通过并发布").click()
    reviewer.wait_for_load_state()
    phone.goto(f"{base}/visits/{activity.pk}/")
    assert phone.locator("img[alt='座谈现场']").count() == 1
    assert "六月底前发放到户。" in phone.content()
    assert serious_axe_violations(phone) == []
    assert "测试甲" not in phone.content() and "13900000001" not in phone.content()
    screenshot(phone, "visits-public-phone")


def _open_window_around_today():
    from gongkai.programmes.services import load_builtin

    programme = load_builtin(2023)
    track = programme.tracks.get(kind="visits")
    track.start, track.end = (
        timezone.localdate() - dt.timedelta(days=30),
        timezone.localdate() + dt.timedelta(days=60),
    )
    track.save()
    return programme


@pytest.mark.django_db(transaction=True)
def test_representative_checks_in_with_the_qr_link_on_a_phone(live_server, new_page):
    """On the activity day a representative scans the poster's QR code: the phone opens
    /visits/checkin/<token>/, they type their ID number and see that they are checked in."""
    from gongkai.visits import services
    from tests.visits.conftest import person

    programme = _open_window_around_today()
    unit = Unit.objects.get(name="县农业农村局")
    # today, starting in an hour (the QR link opens two hours before the start)
    activity = services.submit_plan(
        programme,
        unit,
        by=None,
        title="走进农业农村局",
        starts_at=timezone.now() + dt.timedelta(hours=1),
        place="三楼会议室",
        contact_name="刘",
        contact_phone="0912-4600001",
        leader="局长",
    )
    reg = services.self_register(activity, **person(1))

    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(f"{live_server.url}/visits/checkin/{activity.checkin_token}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # a typo first: the page says what to do and keeps what was typed
    phone.fill("#id_id_number", valid_id(2))
    phone.get_by_role("button", name="签到").click()
    assert phone.locator(".error-summary").count() == 1
    assert phone.input_value("#id_id_number") == valid_id(2)
    phone.fill("#id_id_number", valid_id(1).lower())
    phone.get_by_role("button", name="签到").click()
    phone.get_by_text("签到成功").wait_for()
    assert phone.get_by_role("link", name="填写意见征集表").count() == 1
    assert serious_axe_violations(phone) == []
    assert "测试1号" not in phone.content() and valid_id(1) not in phone.content()
    screenshot(phone, "visits-checkin-phone")
    reg.refresh_from_db()
    assert reg.checked_in_at is not None
