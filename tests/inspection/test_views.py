"""The self-check page over HTTP: each rule at its edge days, the forecast, the permission
matrix, the thresholds form (validation, audit) and the query count."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.inspection.models import InspectionSettings
from gongkai.lib.deadlines import county_today
from gongkai.policies.models import DocumentStatus, PolicyDocument
from gongkai.publishing.models import ReviewStatus
from gongkai.questions.models import QuestionStatus
from gongkai.units.models import Unit
from tests.conftest import ALL_PERSONAS
from tests.fixtures.pages import forbidden, h1, shows, to_sign_in
from tests.fixtures.queries import count_queries
from tests.inspection.conftest import days_ago

URL = "/staff/inspection/"
THRESHOLDS = "/staff/inspection/thresholds/"
ROW = re.compile(
    r'<tr id="column-(?P<key>[\w-]+)" data-state="(?P<state>\w+)">(?P<row>.*?)</tr>', re.S
)


def _states(response) -> dict[str, str]:
    return {m["key"]: m["state"] for m in ROW.finditer(response.content.decode())}


def _row(response, key: str) -> str:
    return next(m["row"] for m in ROW.finditer(response.content.decode()) if m["key"] == key)


def _forecast(response) -> str:
    page = response.content.decode()
    return page[page.index('id="forecast"') : page.index('id="columns"')]


@pytest.mark.parametrize(
    ("days", "state", "label"),
    [(7, "ok", "正常"), (8, "soon", "即将超期"), (14, "soon", "即将超期"), (15, "stale", "超期")],
)
def test_news_column_is_stale_after_14_days(client_as, interview_updated, days, state, label):
    interview_updated(days)
    response = client_as("service_center").get(URL)
    assert _states(response)["interviews"] == state
    assert label in _row(response, "interviews")


def test_home_page_not_updated_for_more_than_14_days_fails_the_inspection(
    client_as, interview_updated
):
    interview_updated(15)
    response = client_as("county_office").get(URL)
    assert _states(response)["home"] == "stale"
    assert "检查将不通过" in _forecast(response)
    assert "首页超过 14 天未更新" in _forecast(response)


def test_home_page_updated_14_days_ago_passes_that_rule(client_as, interview_updated):
    interview_updated(14)
    response = client_as("county_office").get(URL)
    assert _states(response)["home"] == "soon"
    assert "首页" not in _forecast(response)


def test_notice_column_is_stale_after_180_days(client_as, programme):
    # The 2023 notice of the loaded programme: years ago.
    response = client_as("service_center").get(URL)
    assert _states(response)["notices"] == "stale"
    programme.notice_date = county_today() - dt.timedelta(days=180)
    programme.save()
    assert _states(client_as("service_center").get(URL))["notices"] in {"ok", "soon"}


def test_empty_columns_are_counted_and_five_fail(client_as, programme):
    programme.notice_published = False
    programme.save()
    response = client_as("service_center").get(URL)
    states = _states(response)
    assert [k for k, s in states.items() if s == "empty"] == [
        "notices",
        "interviews",
        "visits",
        "policy-documents",
        "interpretations",
        "messages",
    ]
    assert "6 个栏目为空（上限 5 个）" in _forecast(response)


def test_four_empty_columns_do_not_fail_on_emptiness(client_as, interview_updated, message):
    interview_updated(1)
    message(1)  # the messages column shows an approved message
    response = client_as("service_center").get(URL)
    empty = [k for k, s in _states(response).items() if s == "empty"]
    assert empty == ["visits", "policy-documents", "interpretations"]
    assert "个栏目为空" not in _forecast(response)


def test_five_stale_columns_fail_the_inspection(client_as, settings_row, interview_updated):
    settings_row(stale_columns_limit=2)
    interview_updated(30)  # interviews stale; the 2023 notice stale
    response = client_as("service_center").get(URL)
    assert "2 个栏目超期未更新（上限 2 个）" in _forecast(response)


@pytest.mark.parametrize(
    ("days", "fails", "costs"),
    [(60, False, False), (61, False, True), (90, False, True), (91, True, False)],
)
def test_unanswered_message_marks(client_as, message, interview_updated, days, fails, costs):
    interview_updated(1)
    message(days)
    response = client_as("service_center").get(URL)
    forecast = _forecast(response)
    assert ("条留言超过 90 天未答复" in forecast) is fails
    assert ("条留言超过 60 天未答复" in forecast) is costs
    assert f"距今 {days} 天" in response.content.decode()


def test_rejected_and_answered_messages_are_not_unanswered(client_as, message, interview_updated):
    from gongkai.questions.models import Answer, AnswerMode

    interview_updated(1)
    message(100, status=QuestionStatus.REJECTED)
    answered = message(100)
    Answer.objects.create(
        question=answered,
        mode=AnswerMode.WRITTEN,
        speaker="局长",
        text="已答复",
        published_at=days_ago(1),
    )
    response = client_as("service_center").get(URL)
    assert shows(response, "所有有效留言均已公开答复")
    assert "未答复" not in _forecast(response)


def test_documents_without_interpretation_cost_points_and_link_the_document(client_as):
    unit = Unit.objects.get(name="县农业农村局")
    document = PolicyDocument.objects.create(
        title="耕地保护补贴方案",
        number="靖农发〔2026〕1号",
        issuer=unit.name,
        signed_on=days_ago(3).date(),
        published_on=days_ago(2).date(),
        drafting_unit=unit,
        status=DocumentStatus.PUBLISHED,
    )
    response = client_as("service_center").get(URL)
    assert "1 份政策文件没有解读" in _forecast(response)
    assert shows(response, f'href="/policies/staff/{document.pk}/"')
    document.interpretations.create(
        kind="text", title="解读", review_status=ReviewStatus.APPROVED, published_at=days_ago(1)
    )
    assert "没有解读" not in _forecast(client_as("service_center").get(URL))


def test_statistics_are_the_interaction_data_figures(client_as, message, interview_updated):
    interview_updated(1)
    message(3)
    response = client_as("service_center").get(URL)
    page = response.content.decode()
    assert re.search(r"<dt>收到留言</dt><dd>1</dd>", page)
    assert re.search(r"<dt>办结率</dt><dd>0\.0%</dd>", page)
    assert "暂无答复统计" not in _forecast(response)


def test_passing_forecast_when_every_rule_holds(
    client_as, settings_row, interview_updated, programme
):
    settings_row(notice_days=5000, empty_columns_limit=10)
    interview_updated(2)
    response = client_as("service_center").get(URL)
    assert "按今天的状态，检查将通过" in _forecast(response)


def test_each_line_links_to_the_page_where_it_is_fixed(client_as, interview_updated):
    interview_updated(20)
    response = client_as("service_center").get(URL)
    assert 'href="/interviews/staff/"' in _row(response, "interviews")
    assert 'href="/staff/programmes/"' in _row(response, "notices")
    assert 'href="/visits/staff/"' in _row(response, "visits")
    assert 'href="/questions/staff/"' in _row(response, "messages")


# --- who may open the pages -----------------------------------------------------------------

SELF_CHECK = {"county_office", "service_center", "admin"}
EDIT = {"service_center", "admin"}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_self_check_permission_matrix(client_as, persona):
    response = client_as(persona).get(URL)
    if persona is None:
        assert to_sign_in(response)
    elif persona in SELF_CHECK:
        assert h1(response) == "合规体检"
    else:
        assert forbidden(response)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_thresholds_permission_matrix(client_as, persona):
    response = client_as(persona).get(THRESHOLDS)
    posted = client_as(persona).post(THRESHOLDS, {})
    if persona is None:
        assert to_sign_in(response) and to_sign_in(posted)
    elif persona in EDIT:
        assert h1(response) == "合规检查阈值"
    else:
        assert forbidden(response) and forbidden(posted)
        assert not InspectionSettings.objects.exists()


@pytest.mark.parametrize("persona", ["county_office", "service_center", "admin"])
def test_change_link_only_for_who_may_change(client_as, persona):
    page = client_as(persona).get(URL).content.decode()
    assert (THRESHOLDS in page) is (persona in EDIT)


@pytest.mark.parametrize("persona", [p for p in ALL_PERSONAS if p is not None])
def test_navigation_links_the_self_check_for_its_roles(client_as, persona):
    page = client_as(persona).get("/staff/").content.decode()
    assert (f'href="{URL}"' in page) is (persona in SELF_CHECK)


# --- the thresholds form --------------------------------------------------------------------


def _form(**changes):
    data = {
        "home_days": 14,
        "news_days": 14,
        "notice_days": 180,
        "policy_days": 180,
        "interaction_days": 0,
        "stale_columns_limit": 5,
        "empty_columns_limit": 5,
        "message_warn_days": 60,
        "message_fail_days": 90,
        "warn_ahead_days": 7,
        "category_notices": "notice",
        "category_interviews": "news",
        "category_visits": "news",
        "category_policy-documents": "policy",
        "category_interpretations": "policy",
        "category_messages": "interaction",
    }
    data.update(changes)
    return data


def test_saving_thresholds_changes_the_check_and_is_audited(client_as, interview_updated, personas):
    interview_updated(20)
    client = client_as("service_center")
    response = client.post(THRESHOLDS, _form(news_days=30, home_days=30))
    assert response.status_code == 302 and response["Location"] == URL
    row = InspectionSettings.objects.get()
    assert (row.news_days, row.updated_by) == (30, personas["service_center"])
    assert _states(client.get(URL))["interviews"] == "ok"  # 20 of 30 days
    entry = AuditEntry.objects.filter(model="inspection.InspectionSettings").latest("pk")
    assert entry.user == personas["service_center"]


def test_a_column_can_change_category(client_as, interview_updated):
    interview_updated(20)
    client = client_as("admin")
    client.post(THRESHOLDS, _form(category_interviews="notice"))
    response = client.get(URL)
    assert _states(response)["interviews"] == "ok"
    assert "通知公告" in _row(response, "interviews")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"message_fail_days": 60}, "不通过的期限必须晚于扣分的期限"),
        ({"news_days": 0}, "请填写 1 到 3650 之间的天数"),
        ({"stale_columns_limit": 0}, "请填写 1 到 100 之间的栏目数"),
        ({"warn_ahead_days": 0}, "请填写 1 到 60 之间的天数"),
        ({"category_visits": "nonsense"}, "选择一个有效的选项"),
    ],
)
def test_invalid_thresholds_are_refused_with_what_to_do(client_as, changes, message):
    response = client_as("service_center").post(THRESHOLDS, _form(**changes))
    assert shows(response, message, "请修改下面标出的内容")
    assert not InspectionSettings.objects.exists()


# --- query count ----------------------------------------------------------------------------


def test_self_check_query_count_does_not_grow_with_items(client_as, interview_updated, message):
    client = client_as("service_center")
    client.get(URL)  # the session's first request saves it: not the page's cost
    interview_updated(3)
    message(70)
    one = count_queries(client, URL)
    for days in (4, 5, 6):
        interview_updated(days)
        message(days + 80)
    assert count_queries(client, URL) == one
    assert one == PINNED_QUERIES


# session, user, 2-step check, thresholds, six columns, two for messages, two for documents
# without interpretation, two for the statistics, the footer's site identity.
PINNED_QUERIES = 17
