"""The iCalendar feed of the public visit activities (/visits/calendar.ics)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from gongkai.visits import services
from gongkai.visits.models import ActivityStatus
from tests.portal.helpers import ID_NUMBER, MOBILE
from tests.visits.conftest import at, valid_id


@pytest.fixture
def activities(make_activity):
    first = make_activity(
        starts_at=at("2023-05-16", "09:30"), ends_at=at("2023-05-16", "11:30"), place="三楼会议室"
    )
    second = make_activity("镇靖镇", starts_at=at("2023-05-18", "14:00"), place="镇政府, 二楼")
    cancelled = make_activity("县统计局", starts_at=at("2023-05-20"))
    cancelled.status = ActivityStatus.CANCELLED
    cancelled.save()
    return first, second, cancelled


def _events(client) -> tuple[list, bytes]:
    response = client.get(reverse("visits:calendar"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT"), response.content


def test_calendar_has_one_event_per_public_activity(client, activities):
    first, second, _cancelled = activities
    events, _raw = _events(client)
    assert {str(e["UID"]) for e in events} == {
        f"visit-{first.pk}@testserver",
        f"visit-{second.pk}@testserver",
    }
    by_uid = {str(e["UID"]): e for e in events}
    one = by_uid[f"visit-{first.pk}@testserver"]
    assert str(one["SUMMARY"]) == "县农业农村局 走进县农业农村局"
    assert one.decoded("DTSTART") == at("2023-05-16", "09:30")
    assert str(one.decoded("DTSTART").tzinfo) == "Asia/Shanghai"
    assert one.decoded("DTEND") - one.decoded("DTSTART") == dt.timedelta(hours=2)
    assert str(one["LOCATION"]) == "三楼会议室"
    assert str(one["URL"]) == f"http://testserver/visits/{first.pk}/"
    two = by_uid[f"visit-{second.pk}@testserver"]
    assert str(two["LOCATION"]) == "镇政府, 二楼"  # the comma is escaped and read back
    assert "DTEND" not in two  # no end time known: none invented
    assert two.decoded("DTSTART") == at("2023-05-18", "14:00")


def test_calendar_carries_no_personal_data(client, activities, personas):
    first = activities[0]
    rep = services.save_representative(
        name="张三丰", id_number=valid_id(7), phone="13912345678", address="靖边县测试路1号"
    )
    services.invite(first, rep, by=personas["unit_staff"])
    _events_list, raw = _events(client)
    text = raw.decode()
    for secret in ("联络人", "0912-4600001", "局长", "张三丰"):
        assert secret not in text
    unfolded = text.replace("\r\n ", "")
    assert not MOBILE.search(unfolded) and not ID_NUMBER.search(unfolded)


def test_calendar_lines_are_folded(client, make_activity):
    make_activity(title="走进" + "很长的活动名称" * 12)
    _events_list, raw = _events(client)
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75


def test_unpublished_programme_has_an_empty_calendar(client, programme, make_activity):
    make_activity()
    programme.notice_published = False
    programme.save()
    events, _raw = _events(client)
    assert events == []


def test_visits_index_and_feeds_page_link_the_calendar(client, programme):
    href = f'href="{reverse("visits:calendar")}"'
    assert href in client.get(reverse("visits:index")).content.decode()
    assert href in client.get(reverse("portal:feeds")).content.decode()
