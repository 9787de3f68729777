"""The columns the other apps fill: interviews, visits, policies and netizen messages in the
portal's search, feeds, sitemap, home sections and 互动数据 page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.interviews.models import FeedLine, Interview, InterviewStatus
from gongkai.policies.models import DocumentStatus, Interpretation, PolicyDocument
from gongkai.portal import cache, search, sitemaps
from gongkai.publishing.models import ReviewStatus
from gongkai.questions.models import Answer, AnswerMode, Question, QuestionStatus
from gongkai.units.models import Unit
from gongkai.visits.models import Activity, ActivityStatus


def _interview(programme, unit, status, topic, days):
    return Interview.objects.create(
        programme=programme,
        unit=unit,
        topic=topic,
        status=status,
        starts_at=timezone.now() + dt.timedelta(days=days),
    )


def _activity(programme, unit, title, status, days):
    return Activity.objects.create(
        programme=programme,
        unit=unit,
        title=title,
        starts_at=timezone.now() + dt.timedelta(days=days),
        place="县政务服务中心",
        contact_name="王联络",
        contact_phone="13912345678",
        leader="局长 李四",
        status=status,
    )


def _question(interview, n, status, *, answered=None, on_time=None, satisfaction=None):
    question = Question.objects.create(
        interview=interview,
        nickname=f"网友{n}",
        text=f"第{n}个问题：灌溉补贴怎么申请？",
        lookup_hash=f"hash-{n}",
        due_date=dt.date(2023, 12, 31),
        status=status,
        satisfaction=satisfaction,
    )
    if answered:
        Answer.objects.create(
            question=question,
            mode=AnswerMode.LIVE,
            text="到镇便民服务中心申请。",
            published_at=timezone.now(),
            on_time=on_time,
        )
    return question


@pytest.fixture
def columns(programme):
    programme.notice_published = True
    programme.save()
    units = list(Unit.objects.implementing().order_by("sort_order", "id")[:3])
    live = _interview(programme, units[0], InterviewStatus.LIVE, "乡村振兴直播访谈", 0)
    preview = _interview(programme, units[1], InterviewStatus.PREVIEW, "统计数据预告访谈", 3)
    archived = _interview(programme, units[2], InterviewStatus.ARCHIVED, "自然资源往期访谈", -30)
    draft = _interview(programme, units[2], InterviewStatus.DRAFT, "草稿保密访谈", 10)
    FeedLine.objects.create(interview=archived, speaker_kind="host", text="耕地保护红线不能碰")
    held = _activity(programme, units[0], "走进农业农村局开放日", ActivityStatus.HELD, -10)
    planned = _activity(programme, units[1], "走进统计局开放日", ActivityStatus.PLANNED, 5)
    cancelled = _activity(programme, units[1], "取消的开放日", ActivityStatus.CANCELLED, 6)
    document = PolicyDocument.objects.create(
        title="关于发放耕地地力保护补贴的通知",
        number="靖政办发〔2023〕88号",
        issuer="县人民政府办公室",
        signed_on=dt.date(2023, 3, 1),
        published_on=dt.date(2023, 3, 2),
        drafting_unit=units[0],
        text="补贴标准为每亩一百元。",
        status=DocumentStatus.PUBLISHED,
    )
    draft_document = PolicyDocument.objects.create(
        title="尚未发布的草稿文件",
        number="靖政办发〔2023〕99号",
        issuer="县人民政府办公室",
        signed_on=dt.date(2023, 3, 1),
        drafting_unit=units[0],
        status=DocumentStatus.DRAFT,
    )
    interpretation = Interpretation.objects.create(
        document=document,
        kind="text",
        title="图解耕地地力保护补贴",
        body="一图读懂补贴怎么领。",
        review_status=ReviewStatus.APPROVED,
        published_at=timezone.now(),
    )
    pending = Interpretation.objects.create(
        document=document,
        kind="text",
        title="待审核的解读稿",
        body="尚在审核。",
        review_status=ReviewStatus.PENDING,
    )
    # 4 messages: 3 approved (2 answered, 1 of them on time), 1 rejected; ratings 4 and 5.
    _question(live, 1, QuestionStatus.APPROVED, answered=True, on_time=True, satisfaction=4)
    _question(live, 2, QuestionStatus.APPROVED, answered=True, on_time=False, satisfaction=5)
    _question(live, 3, QuestionStatus.APPROVED)
    _question(live, 4, QuestionStatus.REJECTED)
    search.reindex()
    cache.bump()
    return {
        "live": live,
        "preview": preview,
        "archived": archived,
        "draft": draft,
        "held": held,
        "planned": planned,
        "cancelled": cancelled,
        "document": document,
        "draft_document": draft_document,
        "interpretation": interpretation,
        "pending": pending,
    }


def _urls(hits) -> set[str]:
    return {hit.url for hit in hits}


def test_search_finds_published_interview_activity_and_document(columns):
    assert f"/interviews/{columns['archived'].pk}/" in _urls(search.search("耕地保护").hits)
    assert f"/visits/{columns['held'].pk}/" in _urls(search.search("农业农村局开放日").hits)
    found = _urls(search.search("耕地地力保护补贴").hits)
    assert f"/policies/{columns['document'].pk}/" in found
    assert f"/policies/interpretations/{columns['interpretation'].pk}/" in found


def test_search_never_finds_drafts_pending_or_cancelled(columns):
    for query in ("草稿保密访谈", "尚未发布的草稿文件", "待审核的解读稿", "取消的开放日"):
        assert search.search(query).hits == [], query
    # No personal data is indexed: the activity's contact person and phone stay out.
    assert search.search("王联络").hits == []


def test_search_page_shows_hits_through_http(client, columns):
    body = client.get("/search/?q=乡村振兴").content.decode()
    assert f'href="/interviews/{columns["live"].pk}/"' in body


def test_feeds_list_each_columns_public_items(client, columns):
    interviews = client.get("/feeds/interviews/rss/").content.decode()
    assert "乡村振兴直播访谈" in interviews and "自然资源往期访谈" in interviews
    assert "草稿保密访谈" not in interviews
    visits = client.get("/feeds/visits/atom/").content.decode()
    assert "走进农业农村局开放日" in visits and "取消的开放日" not in visits
    policies = client.get("/feeds/interpretations/rss/").content.decode()
    assert "图解耕地地力保护补贴" in policies and "待审核的解读稿" not in policies


def test_sitemap_has_each_page_kind_and_no_unpublished_page(client, columns):
    kinds = {page.url: page.kind for page in sitemaps.pages()}
    c = columns
    assert kinds[f"/interviews/{c['live'].pk}/"] == "interview-live"
    assert kinds[f"/interviews/{c['preview'].pk}/"] == "interview-preview"
    assert kinds[f"/interviews/{c['archived'].pk}/"] == "interview-archive"
    assert kinds[f"/visits/{c['held'].pk}/"] == "activity"
    assert kinds[f"/policies/{c['document'].pk}/"] == "policy-document"
    assert kinds[f"/policies/interpretations/{c['interpretation'].pk}/"] == "interpretation"
    for hidden in (
        f"/interviews/{c['draft'].pk}/",
        f"/visits/{c['cancelled'].pk}/",
        f"/policies/{c['draft_document'].pk}/",
        f"/policies/interpretations/{c['pending'].pk}/",
    ):
        assert hidden not in kinds
    body = client.get("/sitemap.xml").content.decode()
    assert f"/interviews/{c['live'].pk}/</loc>" in body


def test_home_shows_live_upcoming_and_latest(client, columns):
    body = client.get("/").content.decode()
    c = columns
    assert body.index("正在直播") < body.index("乡村振兴直播访谈") < body.index("即将开始")
    assert body.index("即将开始") < body.index("统计数据预告访谈")
    for href in (
        f"/interviews/{c['live'].pk}/",
        f"/interviews/{c['preview'].pk}/",
        f"/visits/{c['planned'].pk}/",
        f"/interviews/{c['archived'].pk}/",
        f"/visits/{c['held'].pk}/",
        f"/policies/interpretations/{c['interpretation'].pk}/",
    ):
        assert f'href="{href}"' in body, href
    assert "草稿保密访谈" not in body and "待审核的解读稿" not in body


def test_home_refreshes_when_an_interview_goes_live(
    client, columns, django_capture_on_commit_callbacks
):
    assert "统计数据预告访谈" in client.get("/").content.decode()
    preview = columns["preview"]
    with django_capture_on_commit_callbacks(execute=True):
        preview.topic = "改名后的直播访谈"
        preview.status = InterviewStatus.LIVE
        preview.save()
    assert "改名后的直播访谈" in client.get("/").content.decode()


def test_stats_page_shows_figures_worked_out_by_hand(client, columns):
    body = client.get(reverse("portal:stats")).content.decode()
    body = body.split('class="stats-summary"')[1].split("</table>")[0]  # the figures on top
    cells = re.findall(r"<th scope=\"row\">([^<]+)</th><td>([^<]+)</td>", body)
    values = [value for _label, value in cells]
    # 4 received, 3 approved, 2 answered; reply rate 2/3 = 66.7 %, on time 1/2 = 50.0 %,
    # satisfaction (4 + 5) / 2 = 4.5.
    assert values == ["4", "3", "2", "66.7%", "50.0%", "4.5"]


@pytest.mark.parametrize("name", ["archived", "held", "document", "interpretation"])
def test_public_column_pages_are_cached_for_anonymous_visitors(client, columns, name):
    obj = columns[name]
    url = {
        "archived": f"/interviews/{obj.pk}/",
        "held": f"/visits/{obj.pk}/",
        "document": f"/policies/{obj.pk}/",
        "interpretation": f"/policies/interpretations/{obj.pk}/",
    }[name]
    first = client.get(url)
    assert first.status_code == 200 and first["Cache-Control"].startswith("public")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_page_with_an_anonymous_csrf_form_is_never_stored(client, columns):
    url = f"/interviews/{columns['live'].pk}/"
    first = client.get(url)
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.content.decode()
    assert first["Cache-Control"] == "private, no-cache"
    assert "ETag" not in first
