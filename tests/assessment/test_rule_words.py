"""Scoring that units will not dispute (issue 13, items 15 and 16).

"20 名左右" has a tolerance the county sets (default ±20 %): 19 representatives earn the point,
and the rule says so with the year's figures. The 计分规则 column says what earns the points
and what loses them, generated from the rule's parameters, not the indicator's name again."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from gongkai.assessment.models import Indicator
from gongkai.programmes.models import Programme
from gongkai.units.models import Unit
from gongkai.visits import services
from tests.assessment.conftest import TZ
from tests.programmes.test_editing import programme_post

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _held_with(programme, personas, attendance: int):
    activity = services.submit_plan(
        programme,
        Unit.objects.get(name="镇靖镇"),
        by=personas["other_unit_staff"],
        now=dt.datetime(2023, 4, 8, 9, 0, tzinfo=TZ),
        title="走进镇靖镇",
        starts_at=dt.datetime(2023, 5, 16, 9, 30, tzinfo=TZ),
        place="会议室",
        contact_name="联络人",
        contact_phone="0912-4600001",
        leader="镇长",
    )
    return services.record_activity(
        activity, leader_stayed=True, attendance=attendance, held_note="", by=None
    )


def _point_row(client, programme, unit_id: int, rule: str) -> str:
    indicator = Indicator.objects.get(programme=programme, rule=rule)
    page = client.get(reverse("assessment:unit", args=[programme.year, unit_id]), **ZH)
    html = page.content.decode()
    start = html.index(f'id="point-{indicator.pk}"')
    return _text(html[start : html.index("</tr>", start)])


def _rule_cells(client, programme) -> dict[str, str]:
    html = client.get(reverse("assessment:indicators", args=[programme.year]), **ZH)
    body = html.content.decode()
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    cells = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        tds = re.findall(r"<td>(.*?)</td>", row, re.S)
        if len(tds) >= 2:
            cells[_text(tds[0]).strip(" └")] = _text(tds[1]).strip()
    return cells


def test_nineteen_of_about_twenty_earn_the_point_with_the_rule_shown(
    programme, personas, indicators, client_as
):
    activity = _held_with(programme, personas, attendance=19)
    county = client_as("county_office")
    row = _point_row(county, programme, activity.unit_id, "visit_representatives")
    assert "10.00 10.00" in row  # 10 points, 10 earned
    assert "实到19人" in row and "不少于16人即达标" in row and "±20%" in row
    detail = _text(county.get(reverse("programmes:detail", args=[2023]), **ZH).content.decode())
    assert "20名左右（允许偏差±20%：不少于16人即达标）" in detail


def test_the_county_sets_the_tolerance_and_the_score_and_rule_follow(
    programme, personas, indicators, client_as
):
    activity = _held_with(programme, personas, attendance=19)
    county = client_as("county_office")
    form = county.get(reverse("programmes:programme-edit", args=[2023]), **ZH).content.decode()
    assert 'name="representative_tolerance"' in form and "“左右”允许偏差" in form
    response = county.post(
        reverse("programmes:programme-edit", args=[2023]),
        programme_post(programme, representative_tolerance=0),
    )
    assert response.status_code == 302
    assert Programme.objects.get(pk=programme.pk).representative_tolerance == 0
    row = _point_row(county, programme, activity.unit_id, "visit_representatives")
    assert "10.00 0.00" in row and "不少于20人即达标" in row
    assert "不少于20人" in _rule_cells(county, programme)["邀请公民代表达到目标人数"]


def test_rule_column_says_what_earns_and_loses_points_from_the_parameters(
    programme, indicators, client_as
):
    cells = _rule_cells(client_as("county_office"), programme)
    for name, words in cells.items():
        if words != "—":
            assert words != name and ("得满分" in words or "比例" in words), (name, words)
    plan = cells["活动计划安排表（附件1）按时报送"]
    due = programme.deadline("visit_plan").due_date
    assert f"{due.month}月{due.day}日 24:00" in plan and "得50%" in plan and "未报送" in plan
    assert "逾期按自然日计算" in plan
    assert "不少于16人" in cells["邀请公民代表达到目标人数"]
    assert "5个工作日" in cells["网民留言按时答复"]
    assert "30天内" in cells["及时进行视频解读"]
