"""代表库: categories and towns on the roster, the coverage grid, the rotation rules checked
when a unit invites, the hints in the invite list and the 公示 of an activity's list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.units.models import Unit
from gongkai.visits import services
from gongkai.visits.models import PoolRules, Representative
from gongkai.visits.services import pool
from tests.conftest import ALL_PERSONAS
from tests.fixtures.pages import shows
from tests.fixtures.queries import count_queries
from tests.visits.conftest import at, person


def _rep(n, unit, **pool_fields) -> Representative:
    return services.save_representative(**person(n), unit=unit, **pool_fields)


@pytest.fixture
def three(make_activity):
    return [
        make_activity(title=f"活动{i}", starts_at=at("2023-05-16") + dt.timedelta(days=i))
        for i in range(3)
    ]


def test_the_rotation_rule_refuses_a_third_activity(three, personas):
    unit = three[0].unit
    rep = _rep(1, unit, category="farmer")
    services.invite(three[0], rep, by=personas["unit_staff"])
    services.invite(three[1], rep, by=personas["unit_staff"])
    with pytest.raises(ValidationError) as exc:
        services.invite(three[2], rep, by=personas["unit_staff"])
    assert exc.value.code == "rotation"
    assert "测***" in exc.value.messages[0] and "测试1号" not in exc.value.messages[0]
    # a cancelled place does not count; a county that lifts the rule (0) invites freely
    services.cancel_registration(three[0].registrations.get(representative=rep))
    services.invite(three[2], rep, by=personas["unit_staff"])
    PoolRules.objects.create(programme=three[0].programme, max_activities_per_year=0)
    services.invite(three[0], rep, by=personas["unit_staff"])
    assert rep.registrations.exclude(status="cancelled").count() == 3


def test_rotation_refusal_through_http_keeps_the_list(client_as, three, personas):
    unit = three[0].unit
    rep = _rep(1, unit)
    for activity in three[:2]:
        services.invite(activity, rep, by=personas["unit_staff"])
    response = client_as("unit_staff").post(
        f"/visits/staff/{three[2].pk}/invite/", {"representative": rep.pk}, follow=True
    )
    assert shows(response, "轮换规则")
    assert not three[2].registrations.exists()


def test_invite_by_hand_records_category_town_and_field(client_as, three):
    town = Unit.objects.get(name="镇靖镇")
    data = person(7) | {
        "consent": "on",
        "category": "student",
        "town": town.pk,
        "sector": "农业",
    }
    client_as("unit_staff").post(f"/visits/staff/{three[0].pk}/invite/", data)
    rep = Representative.objects.get(name="测试7号")
    assert (rep.category, rep.town, rep.sector) == ("student", town, "农业")


def test_coverage_grid_counts_people_by_town_and_category(client_as, three, personas):
    unit = three[0].unit
    town = Unit.objects.get(name="镇靖镇")
    a = _rep(1, unit, category="farmer", town=town)
    b = _rep(2, unit, category="farmer", town=town)
    c = _rep(3, unit, category="student")
    for rep in (a, b, c):
        services.invite(three[0], rep, by=personas["unit_staff"])
    services.invite(three[1], a, by=personas["unit_staff"])  # the same person counts once
    grid = pool.coverage(three[0].programme)
    categories = [value for value, _label in grid.categories]
    rows = dict(grid.rows)
    assert rows["镇靖镇"][categories.index("farmer")] == 2
    assert rows["镇靖镇"][categories.index("student")] == 0
    assert rows["未填写镇街"][categories.index("student")] == 1
    page = client_as("unit_staff").get("/visits/staff/pool/", {"year": 2023})
    assert shows(page, "镇靖镇", "农民", "空缺")


def test_coverage_page_query_count_does_not_grow(client_as, three, personas):
    client = client_as("service_center")
    unit = three[0].unit
    services.invite(three[0], _rep(1, unit, category="farmer"), by=personas["unit_staff"])
    client.get("/visits/staff/")  # the session's first request writes it; not the page's cost
    few = count_queries(client, "/visits/staff/pool/", year=2023)
    for n in range(2, 12):
        services.invite(three[1], _rep(n, unit, category="worker"), by=personas["unit_staff"])
    assert count_queries(client, "/visits/staff/pool/", year=2023) == few > 0


def test_invite_list_shows_hints_and_the_category_warning(client_as, three, personas):
    unit = three[0].unit
    _rep(1, unit, category="farmer", sector="农业")  # matches 县农业农村局
    past = _rep(2, unit, category="worker")
    services.invite(three[1], past, by=personas["unit_staff"])
    page = client_as("unit_staff").get(f"/visits/staff/{three[0].pk}/", {"step": "before"})
    assert shows(page, "与本次活动相关", "从未参加", "目前名单覆盖 0 类代表", "名单中还没有：")


def test_rules_are_saved_by_coordinators_only(client_as, programme):
    url = f"/visits/staff/pool/{programme.year}/rules/"
    data = {"max_activities_per_year": 1, "min_categories_per_activity": 4, "notice_days": 7}
    assert client_as("unit_staff").post(url, data).status_code == 403
    assert not PoolRules.objects.exists()
    client_as("service_center").post(url, data)
    rules = PoolRules.objects.get()
    assert (
        rules.max_activities_per_year,
        rules.min_categories_per_activity,
        rules.notice_days,
    ) == (
        1,
        4,
        7,
    )
    bad = client_as("service_center").post(url, data | {"notice_days": -1}, follow=True)
    assert shows(bad, "请填写0或更大的整数")


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_pool_pages_permission_matrix(client_as, programme, persona, three):
    rep = _rep(1, three[0].unit)
    client = client_as(persona)
    coverage = client.get("/visits/staff/pool/", {"year": 2023})
    fields = client.post(
        f"/visits/staff/representatives/{rep.pk}/pool/", {"category": "farmer", "town": ""}
    )
    if persona is None:
        assert coverage.status_code == fields.status_code == 302
        return
    readers = {"county_office", "service_center", "unit_staff", "other_unit_staff", "assessor"}
    assert coverage.status_code == (200 if persona in readers else 403)
    # a roster person's fields: coordinators, and the unit that added them (404 for another)
    expected = {
        "county_office": 302,
        "service_center": 302,
        "unit_staff": 302,
        "other_unit_staff": 404,
    }.get(persona, 403)
    assert fields.status_code == expected
    rep.refresh_from_db()
    assert (rep.category == "farmer") == (expected == 302)


def test_published_list_shows_masked_names_in_its_window(client, make_activity, personas):
    start = timezone.now()
    activity = make_activity(starts_at=at("2023-05-16"))
    town = Unit.objects.get(name="镇靖镇")
    rep = _rep(1, activity.unit, category="npc_deputy", town=town)
    services.invite(activity, rep, by=personas["unit_staff"])
    day = activity.day
    in_window = dt.datetime.combine(day - dt.timedelta(days=5), dt.time(9), tzinfo=start.tzinfo)
    before = in_window - dt.timedelta(days=1)
    rows = pool.published_list(activity, now=in_window)
    assert [(r.name, r.category, r.town) for r in rows] == [("测***", "人大代表", "镇靖镇")]
    assert pool.published_list(activity, now=before) is None
    after = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9), tzinfo=start.tzinfo)
    assert pool.published_list(activity, now=after) is None
    # the retention purge blanks the person: they leave the list
    Representative.objects.filter(pk=rep.pk).update(name="")
    assert pool.published_list(activity, now=in_window) == []


def test_published_list_on_the_public_page(client, future_programme, make_activity, personas):
    activity = make_activity(starts_at=timezone.now() + dt.timedelta(days=2), prog=future_programme)
    services.invite(
        activity, _rep(1, activity.unit, category="enterprise"), by=personas["unit_staff"]
    )
    page = client.get(f"/visits/{activity.pk}/")
    assert shows(page, "代表名单公示", "测***", "企业")
    assert "测试1号" not in page.content.decode() and "13900000001" not in page.content.decode()
