"""The progress dashboard: who is overdue on what, from every app, per unit."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.policies.models import DocumentStatus, PolicyDocument
from gongkai.questions.models import Question, QuestionStatus
from gongkai.units.models import Unit
from gongkai.visits.models import (
    Activity,
    ActivityStatus,
    Media,
    MediaKind,
    OpinionForm,
    Suggestion,
    SuggestionStatus,
)
from tests.assessment.pages import table_rows

COLUMNS = ["unit", "deadlines", "media", "suggestions", "interpretations", "replies"]


def _today():
    return timezone.localtime(timezone.now(), COUNTY_TZ).date()


def _activity(programme, unit, days_ago, **fields):
    day = _today() - dt.timedelta(days=days_ago)
    return Activity.objects.create(
        programme=programme,
        unit=unit,
        title=f"走进{unit.name}",
        starts_at=dt.datetime.combine(day, dt.time(9), tzinfo=COUNTY_TZ),
        place="会议室",
        contact_name="联系人",
        contact_phone="13900000000",
        leader="局长",
        **fields,
    )


def overdue_table(client, year):
    response = client.get(f"/assessment/{year}/progress/")
    assert response.status_code == 200
    return {
        row[0]: dict(zip(COLUMNS, row, strict=True))
        for row in table_rows(response.content, "overdue")
    }


def test_dashboard_lists_what_each_unit_is_overdue_on(programme, indicators, client_as):
    nongye = Unit.objects.get(name="县农业农村局")
    tongji = Unit.objects.get(name="县统计局")
    zhenjing = Unit.objects.get(name="镇靖镇")
    xiaohe = Unit.objects.get(name="小河镇")
    # 镇靖镇: held 5 days ago, no photo (overdue); held yesterday, no photo (not yet);
    # a cancelled one long ago (never owed).
    _activity(programme, zhenjing, 5, status=ActivityStatus.HELD)
    _activity(programme, zhenjing, 1, status=ActivityStatus.HELD)
    _activity(programme, zhenjing, 30, status=ActivityStatus.CANCELLED)
    # 县农业农村局: held 10 days ago with a photo (fine); its suggestions: one assigned to
    # 县统计局 past its date, one to 县统计局 due tomorrow, one answered late (done).
    held = _activity(programme, nongye, 10, status=ActivityStatus.HELD)
    Media.objects.create(activity=held, kind=MediaKind.PHOTO, file="visits/media/x.jpg")
    form = OpinionForm.objects.create(activity=held, channel="phone")
    for days, status in (
        (-2, SuggestionStatus.ASSIGNED),
        (1, SuggestionStatus.ASSIGNED),
        (-5, SuggestionStatus.ANSWERED),
    ):
        Suggestion.objects.create(
            form=form,
            activity=held,
            text="建议",
            status=status,
            responsible_unit=tongji,
            due_date=_today() + dt.timedelta(days=days),
        )
    # 县统计局 published a document in 2023 and never interpreted it: written and video missing.
    PolicyDocument.objects.create(
        title="统计办法",
        number="靖统发〔2023〕1号",
        issuer="县统计局",
        signed_on=dt.date(2023, 5, 1),
        published_on=dt.date(2023, 5, 2),
        drafting_unit=tongji,
        status=DocumentStatus.PUBLISHED,
        written_due_on=dt.date(2023, 5, 2),
        video_due_on=dt.date(2023, 6, 1),
    )
    # 小河镇: two approved questions past the reply limit, one inside it, one pending.
    interview = Interview.objects.create(
        programme=programme,
        unit=xiaohe,
        status=InterviewStatus.ARCHIVED,
        starts_at=timezone.now() - dt.timedelta(days=20),
    )
    for n, (days, status) in enumerate(
        (
            (-3, QuestionStatus.APPROVED),
            (-1, QuestionStatus.APPROVED),
            (2, QuestionStatus.APPROVED),
            (-3, QuestionStatus.PENDING),
        )
    ):
        Question.objects.create(
            interview=interview,
            nickname="网友",
            text="问题",
            status=status,
            lookup_hash=f"h{n}",
            due_date=_today() + dt.timedelta(days=days),
        )
    table = overdue_table(client_as("service_center"), programme.year)
    plan, receipt, outline = (
        "活动计划安排表（附件1）报送",
        "在线访谈回执表（附件3）报送",
        "访谈提纲报送",
    )
    assert table["镇靖镇"] == {
        "unit": "镇靖镇",
        "deadlines": f"{receipt}、{outline}",  # its plan is in (the activities); no interview forms
        "media": "1",
        "suggestions": "—",
        "interpretations": "—",
        "replies": "—",
    }
    assert table["县统计局"]["suggestions"] == "1"
    assert table["县统计局"]["interpretations"] == "2"  # written and video
    assert table["县统计局"]["media"] == table["县统计局"]["replies"] == "—"
    assert plan in table["县统计局"]["deadlines"]
    assert table["小河镇"]["replies"] == "2"
    assert table["县农业农村局"]["media"] == table["县农业农村局"]["suggestions"] == "—"
    assert table["东坑镇"] == {  # not interviewed: owes only the plan
        "unit": "东坑镇",
        "deadlines": plan,
        "media": "—",
        "suggestions": "—",
        "interpretations": "—",
        "replies": "—",
    }
    # Most overdue first.
    assert list(table)[:3] == ["县统计局", "小河镇", "镇靖镇"]


def test_dashboard_says_when_nobody_is_overdue(programme, indicators, client_as):
    programme.deadlines.all().delete()
    page = client_as("assessor").get(f"/assessment/{programme.year}/progress/").content.decode()
    assert 'id="overdue"' not in page
    assert "Nobody is overdue on anything." in page or "没有逾期事项" in page


def test_dashboard_query_count_does_not_grow_with_units(programme, indicators, client_as):
    client = client_as("assessor")
    units = list(programme.participants.order_by("pk"))
    counts = []
    for count in (1, 3):
        programme.participants.set(units[:count])
        for unit in units[:count]:
            _activity(programme, unit, 6, status=ActivityStatus.HELD)
        url = f"/assessment/{programme.year}/progress/"
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert len(table_rows(response.content, "overdue")) >= count
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
