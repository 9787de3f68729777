"""Lateness is shown the same way everywhere (issue 13, item 15): one rounding rule
(``lib.deadlines.days_late``: calendar days, county time), stated on each page that shows it.
A plan due 9 April handed in on 11 April at 10:00 is 2 days late on the unit's list, on the
activity page, on the workbench and in the score; 10 minutes late is 1 day, not "1 hour"."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from gongkai.units.models import Unit
from gongkai.visits import services
from tests.assessment.conftest import TZ

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
RULE = "逾期按自然日计算"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _plan(programme, personas, unit_name: str, submitted: dt.datetime):
    return services.submit_plan(
        programme,
        Unit.objects.get(name=unit_name),
        by=personas["unit_staff"],
        now=submitted,
        title=f"走进{unit_name}",
        starts_at=dt.datetime(2023, 5, 16, 9, 30, tzinfo=TZ),
        place="会议室",
        contact_name="联络人",
        contact_phone="0912-4600001",
        leader="局长",
    )


def test_one_plan_is_equally_late_on_every_page(programme, personas, indicators, client_as):
    activity = _plan(programme, personas, "镇靖镇", dt.datetime(2023, 4, 11, 10, 0, tzinfo=TZ))
    staff = client_as("service_center")
    listing = _text(staff.get(reverse("visits:staff-home") + "?year=2023", **ZH))
    assert "逾期2天" in listing and "小时" not in listing and RULE in listing
    page = _text(staff.get(reverse("visits:staff-activity", args=[activity.pk]), **ZH))
    assert "逾期2天" in page
    score = _text(
        client_as("county_office").get(
            reverse("assessment:unit", args=[2023, activity.unit_id]), **ZH
        )
    )
    assert "逾期 2 天报送" in score and RULE in score
    workbench = _text(client_as("other_unit_staff").get("/staff/", **ZH))
    assert "逾期2天" in workbench and RULE in workbench


def test_ten_minutes_late_is_one_day_everywhere(programme, personas, indicators, client_as):
    activity = _plan(programme, personas, "镇靖镇", dt.datetime(2023, 4, 10, 0, 10, tzinfo=TZ))
    staff = client_as("service_center")
    page = _text(staff.get(reverse("visits:staff-activity", args=[activity.pk]), **ZH))
    assert "逾期1天" in page and "小时" not in page
    score = _text(
        client_as("county_office").get(
            reverse("assessment:unit", args=[2023, activity.unit_id]), **ZH
        )
    )
    assert "逾期 1 天报送" in score
