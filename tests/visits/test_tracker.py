"""The public suggestion tracker: steps a suggestion may take, what the public and the
representative see, the service center's publication (先审后发), overdue marks, the assessment's
link to it, and the query count of the list."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.units.models import Unit
from gongkai.visits import services
from gongkai.visits.models import Suggestion, SuggestionStep
from gongkai.visits.services import opinions, tracker
from tests.fixtures.pages import not_found, shows
from tests.fixtures.queries import count_queries


@pytest.fixture
def activity(make_activity):
    return make_activity()


def _suggestion(activity, text="村口路灯坏了，请尽快维修。") -> Suggestion:
    form = services.submit_opinion(activity, satisfaction="fair", suggestions=[text])
    return form.suggestions.get()


def _steps(suggestion) -> list[tuple[str, str]]:
    return list(suggestion.steps.values_list("status", "outcome"))


# --- steps -------------------------------------------------------------------------------------


def test_a_suggestion_walks_its_steps_and_each_is_recorded(activity, personas):
    s = _suggestion(activity)
    assert _steps(s) == [("open", "")]
    services.assign_suggestion(s, activity.unit, today=dt.date(2023, 5, 17))
    opinions.start_handling(s, by=personas["unit_staff"])
    opinions.answer_suggestion(
        s, answer="已列入今年计划。", outcome="adopted", by=personas["unit_staff"]
    )
    changed = services.set_suggestion_status([s.pk], "closed", by=personas["service_center"])
    s.refresh_from_db()
    assert changed == 1
    assert (s.status, s.outcome) == ("closed", "adopted")
    assert _steps(s) == [
        ("open", ""),
        ("assigned", ""),
        ("in_progress", ""),
        ("answered", "adopted"),
        ("closed", ""),
    ]
    assert set(s.steps.exclude(status="open").values_list("unit_name", flat=True)) == {
        activity.unit.name
    }


def test_steps_outside_the_allowed_order_are_refused(activity, personas):
    s = _suggestion(activity)
    with pytest.raises(ValidationError):  # not assigned yet
        opinions.start_handling(s, by=personas["unit_staff"])
    opinions.answer_suggestion(s, answer="答复", by=personas["unit_staff"])
    services.set_suggestion_status([s.pk], "closed", by=personas["service_center"])
    s.refresh_from_db()
    with pytest.raises(ValidationError) as exc:  # closed is final
        services.assign_suggestion(s, activity.unit)
    assert exc.value.code == "suggestion_step"
    with pytest.raises(ValidationError):
        opinions.answer_suggestion(s, answer="再答复", by=personas["unit_staff"])
    # bulk: a closed one cannot go back to open, and nothing is recorded for it
    steps = s.steps.count()
    assert services.set_suggestion_status([s.pk], "open", by=personas["service_center"]) == 0
    assert s.steps.count() == steps


def test_not_or_partly_adopted_needs_a_reason(activity, personas):
    s = _suggestion(activity)
    for outcome in ("not_adopted", "partly"):
        with pytest.raises(ValidationError) as exc:
            opinions.answer_suggestion(
                s, answer="暂不具备条件。", outcome=outcome, by=personas["unit_staff"]
            )
        assert "reason" in exc.value.message_dict
    s.refresh_from_db()
    assert s.status == "open"
    opinions.answer_suggestion(
        s,
        answer="暂不具备条件。",
        outcome="not_adopted",
        reason="该路段明年改建，届时统一安装。",
        by=personas["unit_staff"],
    )
    s.refresh_from_db()
    assert (s.status, s.outcome, s.responsible_unit_id) == (
        "answered",
        "not_adopted",
        activity.unit_id,
    )
    # answering an unassigned one assigns it to the answering unit first
    assert _steps(s) == [("open", ""), ("assigned", ""), ("answered", "not_adopted")]


# --- the public pages --------------------------------------------------------------------------


def test_only_published_suggestions_are_on_the_tracker(client, activity, personas):
    shown = _suggestion(activity, "希望公开农资价格。")
    hidden = _suggestion(activity, "我是张三，电话13912345678，家门口的路坏了。")
    tracker.publish_suggestion(shown, text="希望公开农资价格。", by=personas["service_center"])
    page = client.get("/visits/suggestions/")
    assert shows(page, "希望公开农资价格。")
    html = page.content.decode()
    assert "13912345678" not in html and "张三" not in html
    assert not_found(client.get(f"/visits/suggestions/{hidden.pk}/"))
    # published with the personal data taken out: the public reads the approved text only
    tracker.publish_suggestion(hidden, text="家门口的路坏了。", by=personas["service_center"])
    detail = client.get(f"/visits/suggestions/{hidden.pk}/")
    assert shows(detail, "家门口的路坏了。")
    assert "13912345678" not in detail.content.decode()
    tracker.withdraw_suggestion(hidden, by=personas["service_center"])
    assert not_found(client.get(f"/visits/suggestions/{hidden.pk}/"))


def test_the_representative_opens_their_own_with_the_code(client, activity):
    form = services.submit_opinion(activity, satisfaction="fair", suggestions=["路灯坏了"])
    s = form.suggestions.get()
    assert not_found(client.get(f"/visits/suggestions/{s.pk}/", {"code": "WRONG123"}))
    page = client.get(f"/visits/suggestions/{s.pk}/", {"code": form.code.lower()})
    assert shows(page, "路灯坏了", "只有您能看到")
    # the lookup page links each suggestion to its page with the code
    lookup = client.get("/visits/lookup/", {"code": form.code})
    assert shows(lookup, f"/visits/suggestions/{s.pk}/?code={form.code}")


def test_the_page_shows_the_timeline_outcome_reason_and_overdue(client, activity, personas):
    s = _suggestion(activity, "建议增设便民服务点。")
    tracker.publish_suggestion(s, text="建议增设便民服务点。", by=personas["service_center"])
    services.assign_suggestion(s, activity.unit, due_date=dt.date(2023, 6, 1))
    page = client.get(f"/visits/suggestions/{s.pk}/")
    assert shows(page, "已交办", "逾期", activity.unit.name, "2023年6月1日")
    opinions.answer_suggestion(
        s,
        answer="已在镇便民中心增设窗口。",
        outcome="partly",
        reason="村级服务点需并入明年计划。",
        by=personas["unit_staff"],
    )
    page = client.get(f"/visits/suggestions/{s.pk}/")
    assert shows(page, "部分采纳", "村级服务点需并入明年计划。", "已在镇便民中心增设窗口。")
    assert "逾期" not in page.content.decode()


def test_filters_by_year_unit_and_status(client, activity, make_activity, personas):
    other = make_activity("镇靖镇")
    a = _suggestion(activity, "甲建议")
    b = _suggestion(other, "乙建议")
    for s in (a, b):
        tracker.publish_suggestion(s, text=s.text, by=personas["service_center"])
    opinions.answer_suggestion(a, answer="采纳", outcome="adopted", by=personas["unit_staff"])
    year = activity.programme.year

    def texts(**params):
        html = client.get("/visits/suggestions/", params).content.decode()
        return {t for t in ("甲建议", "乙建议") if t in html}

    assert texts() == {"甲建议", "乙建议"}
    assert texts(unit=activity.unit_id) == {"甲建议"}
    assert texts(unit=other.unit_id) == {"乙建议"}
    assert texts(status="adopted") == {"甲建议"}
    assert texts(status="handling") == {"乙建议"}
    assert texts(year=year) == {"甲建议", "乙建议"}
    assert texts(year=year + 5) == set()
    assert texts(year="abc", unit="x") == {"甲建议", "乙建议"}  # bad filters are ignored


def test_tracker_list_query_count_does_not_grow(client, activity, personas):
    def add(n):
        for i in range(n):
            s = _suggestion(activity, f"建议{i}")
            tracker.publish_suggestion(s, text=s.text, by=personas["service_center"])
            services.assign_suggestion(s, activity.unit)

    add(2)
    few = count_queries(client, "/visits/suggestions/")
    add(10)
    many = count_queries(client, "/visits/suggestions/")
    assert few == many > 0


# --- the staff flow through HTTP ---------------------------------------------------------------


def test_staff_flow_publish_asks_first_then_unit_answers(client_as, activity, client):
    s = _suggestion(activity, "请公开补贴发放进度。")
    center, unit = client_as("service_center"), client_as("unit_staff")
    url = f"/visits/staff/suggestions/{s.pk}/publish/"
    ask = center.post(url, {"text": "请公开补贴发放进度。"})
    assert shows(ask, "在门户网站公开这条建议", "请公开补贴发放进度。")
    s.refresh_from_db()
    assert s.published_at is None  # asking changed nothing
    center.post(url, {"text": "请公开补贴发放进度。", "confirmed": "1"})
    center.post(f"/visits/staff/suggestions/{s.pk}/assign/", {"responsible_unit": activity.unit_id})
    unit.post(f"/visits/staff/suggestions/{s.pk}/start/")
    assert shows(client.get(f"/visits/suggestions/{s.pk}/"), "办理中")
    # not adopted without a reason: refused with what to do, nothing changes
    refused = unit.post(
        f"/visits/staff/suggestions/{s.pk}/answer/",
        {"answer": "暂不公开。", "outcome": "not_adopted"},
        follow=True,
    )
    assert shows(refused, "请说明")
    s.refresh_from_db()
    assert s.status == "in_progress"
    unit.post(
        f"/visits/staff/suggestions/{s.pk}/answer/",
        {"answer": "每月10日公开进度。", "outcome": "adopted"},
    )
    page = client.get(f"/visits/suggestions/{s.pk}/")
    assert shows(page, "已答复", "已采纳", "每月10日公开进度。")


def test_publishing_without_text_says_what_to_write(client_as, activity):
    s = _suggestion(activity)
    response = client_as("service_center").post(
        f"/visits/staff/suggestions/{s.pk}/publish/", {"text": "  "}, follow=True
    )
    assert shows(response, "请填写公众看到的文字")
    s.refresh_from_db()
    assert s.published_at is None


def test_assessment_evidence_links_to_the_tracker(programme, activity, personas):
    from gongkai.assessment.rules_builtin import _visit_rule

    _suggestion(activity)
    results = _visit_rule("visit_opinions_answered")(programme, [activity.unit])
    urls = [e.url for e in results[activity.unit.pk].evidence]
    assert f"/visits/suggestions/?year={programme.year}&unit={activity.unit.pk}" in urls


def test_migration_backfills_timeline_and_keeps_answered_ones_public(activity, personas):
    s = _suggestion(activity)
    Suggestion.objects.filter(pk=s.pk).update(
        status="answered",
        answer="旧答复",
        answered_at=timezone.now(),
        responsible_unit=Unit.objects.get(name="县农业农村局"),
        published_at=None,
    )
    SuggestionStep.objects.filter(suggestion=s).delete()
    migration = importlib.import_module("gongkai.visits.migrations.0003_suggestion_tracker")
    migration.backfill(django_apps, None)
    s.refresh_from_db()
    assert s.published_at is not None and s.public_text == s.text
    assert _steps(s) == [("open", ""), ("assigned", ""), ("answered", "explained")]
