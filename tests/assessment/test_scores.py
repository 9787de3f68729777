"""Scores worked out by hand from the default tree and a known set of plan submissions."""

from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from gongkai.assessment import services
from gongkai.assessment.models import Indicator
from gongkai.units.models import Unit
from tests.assessment.pages import ranking


def _only_plan_rule_counts(programme):
    # Keep just the plan point at 5 points: every other point is weighted 0.
    for leaf in Indicator.objects.filter(programme=programme, children__isnull=True):
        leaf.weight = Decimal("5") if leaf.rule == "visit_plan_on_time" else Decimal("0")
        leaf.save()


def test_plan_point_full_on_time_half_late_zero_missing(programme, indicators, plans_submitted):
    table = services.compute_scores(programme)
    by_name = {u.unit_name: u for u in table.units}
    plan = lambda name: next(p for p in by_name[name].points if p.name.startswith("活动计划安排表"))  # noqa: E731
    assert plan("县农业农村局").earned == Decimal("5.00")
    assert plan("县统计局").earned == Decimal("5.00")  # 23:59 on the due day counts as on time
    assert plan("镇靖镇").earned == Decimal("2.50")  # late: half of 5
    assert "2" in plan("镇靖镇").note
    assert plan("小河镇").earned == Decimal("0.00")  # missing


def test_ranking_follows_hand_computed_percentages(programme, indicators, plans_submitted):
    _only_plan_rule_counts(programme)
    table = services.compute_scores(programme)
    by_name = {u.unit_name: u for u in table.units}
    # The interview points apply only to the six interviewed units; with weight 0 they do not
    # change the maximum: every unit's maximum is the plan point's 5.
    assert by_name["县农业农村局"].percent == Decimal("100.00")
    assert by_name["镇靖镇"].percent == Decimal("50.00")
    assert by_name["小河镇"].percent == Decimal("0.00")
    assert by_name["县农业农村局"].rank == 1
    assert by_name["县统计局"].rank == 1  # tie
    assert by_name["镇靖镇"].rank == 3


def test_interview_points_do_not_apply_to_units_without_an_interview(
    programme, indicators, plans_submitted
):
    table = services.compute_scores(programme)
    dongkeng = next(u for u in table.units if u.unit_name == "东坑镇")
    receipt = next(p for p in dongkeng.points if p.name.startswith("回执表"))
    assert receipt.earned is None
    zhenjing = next(u for u in table.units if u.unit_name == "镇靖镇")
    assert next(p for p in zhenjing.points if p.name.startswith("回执表")).earned == Decimal("0.00")


def test_weight_change_in_browser_changes_ranking(
    programme, indicators, plans_submitted, client_as
):
    _only_plan_rule_counts(programme)
    client = client_as("county_office")
    url = f"/assessment/{programme.year}/"
    before = {name: (rank, score) for rank, name, score in ranking(client.get(url).content)}
    assert before["县农业农村局"] == (1, "100.00")
    assert before["县统计局"] == (1, "100.00")  # tie
    assert before["镇靖镇"] == (3, "50.00")
    assert before["小河镇"] == (4, "0.00")
    # The plan point loses its weight: every point now weighs 0, so every unit ties at 0.
    plan = Indicator.objects.get(programme=programme, rule="visit_plan_on_time")
    response = client.post(f"/assessment/{programme.year}/indicators/", {f"weight-{plan.pk}": "0"})
    assert response.status_code == 302
    after = ranking(client.get(url).content)
    assert {(rank, score) for rank, _name, score in after} == {(1, "0.00")}
    assert len(after) == len(before) == programme.participants.count()


def test_bad_weight_is_refused_with_a_message_and_nothing_saved(programme, indicators, client_as):
    plan = Indicator.objects.get(programme=programme, rule="visit_plan_on_time")
    response = client_as("county_office").post(
        f"/assessment/{programme.year}/indicators/", {f"weight-{plan.pk}": "-3"}, follow=True
    )
    assert (
        "between 0 and 1000" in response.content.decode()
        or "0 到 1000" in response.content.decode()
    )
    plan.refresh_from_db()
    assert plan.weight == Decimal("5")


def test_adjustment_by_assessor_overrides_and_is_audited(
    programme, indicators, plans_submitted, client_as
):
    from gongkai.audit.models import AuditEntry

    unit = Unit.objects.get(name="小河镇")
    plan = Indicator.objects.get(programme=programme, rule="visit_plan_on_time")
    response = client_as("assessor").post(
        f"/assessment/{programme.year}/units/{unit.pk}/points/{plan.pk}/adjust/",
        {"points": "4", "reason": "纸质计划4月8日已报送，系统未录入"},
    )
    assert response.status_code == 302
    point = next(
        p
        for p in services.compute_scores(programme).for_unit(unit.pk).points
        if p.indicator_id == plan.pk
    )
    assert point.earned == Decimal("4.00") and point.adjusted
    assert AuditEntry.objects.filter(model="assessment.Adjustment", action="create").exists()


def test_adjustment_without_reason_is_refused(programme, indicators, client_as):
    unit = Unit.objects.get(name="小河镇")
    plan = Indicator.objects.get(programme=programme, rule="visit_plan_on_time")
    client_as("assessor").post(
        f"/assessment/{programme.year}/units/{unit.pk}/points/{plan.pk}/adjust/",
        {"points": "4", "reason": ""},
    )
    assert not plan.adjustments.exists()


def test_locked_snapshot_does_not_change_when_data_changes(
    programme, indicators, plans_submitted, client_as
):
    client_as("county_office").post(f"/assessment/{programme.year}/lock/")
    locked = services.compute_scores(programme)
    assert locked.locked
    zhenjing = Unit.objects.get(name="镇靖镇").pk
    before = locked.for_unit(zhenjing).percent
    # The underlying data changes: 镇靖镇's plan now counts as on time, and a weight changes.
    import datetime as dt
    from zoneinfo import ZoneInfo

    plans_submitted[zhenjing] = dt.datetime(2023, 4, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    Indicator.objects.filter(programme=programme, rule="visit_plan_on_time").update(weight=50)
    assert services.compute_scores(programme).for_unit(zhenjing).percent == before
    assert (
        services.compute_scores(programme, use_snapshot=False).for_unit(zhenjing).percent != before
    )


def test_xlsx_report_has_one_row_per_unit_with_the_page_totals(
    programme, indicators, plans_submitted, client_as
):
    client = client_as("assessor")
    response = client.get(f"/assessment/{programme.year}/report.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["排名"]
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1]]
    table = services.compute_scores(programme)
    assert len(rows) == len(table.units) == programme.participants.count()
    page = client.get(f"/assessment/{programme.year}/").content.decode()
    for row in rows:
        unit = next(u for u in table.units if u.unit_name == row[1])
        assert Decimal(str(row[4])) == unit.percent
        assert str(unit.percent) in page


def test_objection_raised_by_unit_and_answered_by_assessor(
    programme, indicators, client_as, personas
):
    unit = personas["unit_staff"].unit
    response = client_as("unit_staff").post(
        f"/assessment/{programme.year}/units/{unit.pk}/objections/new/",
        {"indicator": "", "text": "我单位计划已按时报送"},
    )
    assert response.status_code == 302
    from gongkai.assessment.models import Objection

    objection = Objection.objects.get()
    client_as("assessor").post(
        f"/assessment/{programme.year}/objections/{objection.pk}/answer/",
        {"answer": "已核实，予以调整"},
    )
    page = (
        client_as("unit_staff")
        .get(f"/assessment/{programme.year}/units/{unit.pk}/")
        .content.decode()
    )
    assert "已核实，予以调整" in page


def test_ranking_query_count_does_not_grow_with_units(
    programme, indicators, plans_submitted, client_as
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("assessor")
    counts = []
    units = list(programme.participants.order_by("pk"))
    for count in (1, 3):
        programme.participants.set(units[:count])
        client.get(f"/assessment/{programme.year}/")  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/assessment/{programme.year}/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_no_objection_once_the_year_is_locked(programme, indicators, client_as, personas):
    from gongkai.assessment.models import Objection

    client_as("county_office").post(f"/assessment/{programme.year}/lock/")
    unit = personas["unit_staff"].unit
    client = client_as("unit_staff")
    response = client.post(
        f"/assessment/{programme.year}/units/{unit.pk}/objections/new/",
        {"indicator": "", "text": "我单位计划已按时报送"},
        follow=True,
    )
    assert response.status_code == 200
    assert not Objection.objects.exists()
    page = response.content.decode()
    assert "objections are closed" in page or "异议已截止" in page
    assert "objections/new/" not in page  # and the form is gone


def test_locking_asks_first_and_says_what_it_freezes(
    programme, indicators, plans_submitted, client_as
):
    """issue 13 item 12: the ranking links to a confirmation; only its POST locks."""
    client = client_as("county_office")
    ranking = client.get(f"/assessment/{programme.year}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = ranking.content.decode()
    assert f'href="/assessment/{programme.year}/lock/"' in html
    assert f'action="/assessment/{programme.year}/lock/"' not in html  # no one-click lock
    ask = client.get(f"/assessment/{programme.year}/lock/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = ask.content.decode()
    units = len(services.compute_scores(programme).units)
    assert ask.status_code == 200 and f"{units} 个单位的得分被冻结" in text
    assert "只有县政府办公室可以写明理由解锁" in text
    assert not services.compute_scores(programme).locked  # asking locked nothing
    client.post(f"/assessment/{programme.year}/lock/")
    assert services.compute_scores(programme).locked
    again = client.get(f"/assessment/{programme.year}/lock/")
    assert again.status_code == 302  # already locked: back to the ranking
