"""Editing the indicator tree in the browser: rename, points, rule, add, delete; locked years
refuse every change."""

from decimal import Decimal

import pytest

from gongkai.assessment.models import Adjustment, Indicator
from gongkai.units.models import Unit
from tests.assessment.pages import table_rows


def _points(client, year, unit_name):
    """The unit page's points table: {point: (weight, earned)}."""
    unit = Unit.objects.get(name=unit_name)
    rows = table_rows(client.get(f"/assessment/{year}/units/{unit.pk}/").content, "points")
    return {row[0]: (row[1], row[2]) for row in rows}


def _plan(programme):
    return Indicator.objects.get(programme=programme, rule="visit_plan_on_time")


def _form(indicator, **changes):
    data = {
        "name": indicator.name,
        "parent": indicator.parent_id or "",
        "order": indicator.order,
        "weight": indicator.weight,
        "rule": indicator.rule,
        "source": indicator.source,
        "description": indicator.description,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["county_office", "service_center"])
def test_rename_and_reweight_a_point(programme, indicators, plans_submitted, client_as, persona):
    client = client_as(persona)
    plan = _plan(programme)
    response = client.post(
        f"/assessment/{programme.year}/indicators/{plan.pk}/edit/",
        _form(plan, name="计划按时报送", weight="8"),
    )
    assert response.status_code == 302
    points = _points(client, programme.year, "县农业农村局")
    assert points["计划按时报送"] == ("8.00", "8.00")  # on time: the full (new) points
    assert "活动计划安排表（附件1）按时报送" not in points
    assert _points(client, programme.year, "镇靖镇")["计划按时报送"] == ("8.00", "4.00")  # late


def test_change_the_rule_of_a_point(programme, indicators, plans_submitted, client_as):
    client = client_as("county_office")
    plan = _plan(programme)
    # The plan point now scores the receipt form: 东坑镇 is not interviewed, so it no longer
    # applies there (—); 县农业农村局 has not sent a receipt form: 0.
    client.post(
        f"/assessment/{programme.year}/indicators/{plan.pk}/edit/",
        _form(plan, rule="receipt_form_on_time"),
    )
    assert _points(client, programme.year, "东坑镇")[plan.name] == ("5.00", "—")
    assert _points(client, programme.year, "县农业农村局")[plan.name] == ("5.00", "0.00")


def test_add_a_group_and_a_point_below_it(programme, indicators, plans_submitted, client_as):
    client = client_as("county_office")
    year = programme.year
    response = client.post(
        f"/assessment/{year}/indicators/new/",
        {
            "name": "附加项",
            "parent": "",
            "order": "9",
            "weight": "0",
            "rule": "",
            "source": "material",
        },
    )
    assert response.status_code == 302
    group = Indicator.objects.get(programme=programme, name="附加项")
    page = client.get(f"/assessment/{year}/indicators/new/?parent={group.pk}").content.decode()
    assert f'<option value="{group.pk}" selected>' in page  # "Add below" preselects the group
    client.post(
        f"/assessment/{year}/indicators/new/",
        {
            "name": "计划再次核对",
            "parent": group.pk,
            "order": "0",
            "weight": "10",
            "rule": "visit_plan_on_time",
            "source": "material",
        },
    )
    points = _points(client, year, "县农业农村局")
    assert points["计划再次核对"] == ("10.00", "10.00")
    tree = [row[0] for row in table_rows(client.get(f"/assessment/{year}/indicators/").content)]
    assert tree[-2:] == ["附加项", "└ 计划再次核对"]


def test_unknown_rule_is_refused_and_what_was_typed_is_kept(programme, indicators, client_as):
    client = client_as("county_office")
    response = client.post(
        f"/assessment/{programme.year}/indicators/new/",
        {
            "name": "新的考核点",
            "order": "0",
            "weight": "3",
            "rule": "no_such_rule",
            "source": "website",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="新的考核点"' in page
    assert not Indicator.objects.filter(name="新的考核点").exists()


def test_a_point_cannot_hold_other_indicators(programme, indicators, client_as):
    plan = _plan(programme)
    response = client_as("county_office").post(
        f"/assessment/{programme.year}/indicators/new/",
        {
            "name": "子项",
            "parent": plan.pk,
            "order": "0",
            "weight": "1",
            "rule": "",
            "source": "material",
        },
    )
    assert response.status_code == 400
    assert not Indicator.objects.filter(name="子项").exists()


def test_a_group_cannot_get_a_rule_nor_move_below_its_own_point(programme, indicators, client_as):
    client = client_as("county_office")
    group = _plan(programme).parent
    response = client.post(
        f"/assessment/{programme.year}/indicators/{group.pk}/edit/",
        _form(group, rule="visit_held"),
    )
    assert response.status_code == 400
    assert "sub-indicators" in response.content.decode() or "下级指标" in response.content.decode()
    child_group = Indicator.objects.create(programme=programme, parent=group, name="下级分组")
    response = client.post(
        f"/assessment/{programme.year}/indicators/{group.pk}/edit/",
        _form(group, parent=child_group.pk),
    )
    assert response.status_code == 400
    group.refresh_from_db()
    assert group.rule == "" and group.parent_id is None


def test_delete_a_group_with_its_points(programme, indicators, plans_submitted, client_as):
    client = client_as("county_office")
    group = _plan(programme).parent  # 走进政府: 6 points, 60 of the 100
    unit = Unit.objects.get(name="县农业农村局")
    client_as("assessor").post(
        f"/assessment/{programme.year}/units/{unit.pk}/points/{_plan(programme).pk}/adjust/",
        {"points": "1", "reason": "纸质计划"},
    )
    assert Adjustment.objects.count() == 1
    page = client.get(f"/assessment/{programme.year}/indicators/{group.pk}/delete/")
    text = page.content.decode()  # what goes with it, said before anything is deleted
    assert "其下 6 个下级指标将一并删除" in text and "1 条考核人员的调整将一并删除" in text
    assert Indicator.objects.filter(pk=group.pk).exists()
    response = client.post(f"/assessment/{programme.year}/indicators/{group.pk}/delete/")
    assert response.status_code == 302
    assert not Indicator.objects.filter(programme=programme, parent=group.pk).exists()
    assert not Adjustment.objects.exists()
    tree = [
        row[0]
        for row in table_rows(client.get(f"/assessment/{programme.year}/indicators/").content)
    ]
    assert group.name not in tree and tree[0] == "县政府门户网站在线访谈"


def test_locked_year_refuses_every_change_with_a_message(programme, indicators, client_as):
    client = client_as("county_office")
    year = programme.year
    client.post(f"/assessment/{year}/lock/")
    plan = _plan(programme)
    attempts = [
        client.get(f"/assessment/{year}/indicators/new/", follow=True),
        client.post(f"/assessment/{year}/indicators/new/", _form(plan, name="新"), follow=True),
        client.post(
            f"/assessment/{year}/indicators/{plan.pk}/edit/", _form(plan, weight="9"), follow=True
        ),
        client.post(f"/assessment/{year}/indicators/{plan.pk}/delete/", follow=True),
        client.post(f"/assessment/{year}/indicators/", {f"weight-{plan.pk}": "9"}, follow=True),
    ]
    for response in attempts:
        assert response.redirect_chain[-1][0] == f"/assessment/{year}/indicators/"
        assert "2023年度得分已锁定，其考核指标不能再修改" in response.content.decode()
    plan.refresh_from_db()
    assert plan.weight == Decimal("5") and plan.name != "新"
    assert Indicator.objects.filter(programme=programme).count() == 15
    page = client.get(f"/assessment/{year}/indicators/").content.decode()
    assert "/edit/" not in page and "/delete/" not in page  # no way in from the page either


@pytest.mark.parametrize("persona", ["assessor", "media_center", "unit_staff", "admin"])
def test_only_the_coordinators_change_indicators(programme, indicators, client_as, persona):
    client = client_as(persona)
    plan = _plan(programme)
    year = programme.year
    assert (
        client.post(f"/assessment/{year}/indicators/new/", _form(plan, name="新")).status_code
        == 403
    )
    assert (
        client.post(
            f"/assessment/{year}/indicators/{plan.pk}/edit/", _form(plan, weight="9")
        ).status_code
        == 403
    )
    assert client.post(f"/assessment/{year}/indicators/{plan.pk}/delete/").status_code == 403
    plan.refresh_from_db()
    assert plan.weight == Decimal("5")
    assert Indicator.objects.filter(programme=programme).count() == 15
