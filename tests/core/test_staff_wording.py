"""Small wording and ordering fixes a first walk through the staff pages found (issue 14, 18)."""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.units.models import Unit

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
ROOT = Path(__file__).resolve().parents[2]


def test_unit_list_first_column_is_the_unit_name(client_as):
    html = client_as("service_center").get("/staff/units/", **ZH).content.decode()
    first = html[html.index("<thead>") :].split('<th scope="col">', 2)[1]
    assert "单位名称" in first and "姓名" not in first


def test_guest_fields_read_position_and_name(client_as, programme):
    html = (
        client_as("county_office")
        .get(f"/staff/programmes/{programme.year}/guests/", **ZH)
        .content.decode()
    )
    assert "职务" in html and "姓名" in html
    assert ">标题" not in html and ">名称" not in html


def test_unit_dropdown_follows_the_configured_order(client_as):
    units = list(Unit.objects.order_by("name"))
    last = units[-1]
    Unit.objects.filter(pk=last.pk).update(sort_order=0)  # the county put it first
    html = client_as("admin").get("/accounts/staff/new/", **ZH).content.decode()
    select = html[html.index('name="unit"') :].split("</select>")[0]
    options = [part.split('"')[0] for part in select.split('<option value="')[1:]]
    options = [o for o in options if o]
    assert options[0] == str(last.pk)
    expected = [str(u.pk) for u in Unit.objects.all()]  # the directory's own ordering
    assert options == expected


def test_password_hints_address_the_user_as_nin(client_as):
    html = client_as("unit_staff").get("/accounts/password/", **ZH).content.decode()
    assert "您的密码" in html
    assert "你" not in html


def test_demo_answer_agrees_with_its_transcript():
    answers = json.loads((ROOT / "gongkai/questions/data/demo.json").read_text())["archive"]
    transcript = (ROOT / "gongkai/interviews/data/demo-2023.json").read_text()
    subsidy = answers[0]["answer"]
    assert "6月底前" in subsidy and "6月底前" in transcript
    assert "10月底前" not in subsidy
