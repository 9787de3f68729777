"""The portal column's list and results pages, the registries (search, feed, sitemap), the
links both ways with interviews and policies, the workbench's overdue line, and who may open
the staff pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.consultations.models import Consultation, ConsultationStatus
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.units.models import Unit
from tests.consultations.conftest import take_over_http
from tests.fixtures.pages import shows
from tests.fixtures.queries import count_queries

pytestmark = pytest.mark.django_db

CLOSED = {"opens_in": -dt.timedelta(days=60), "closes_in": -dt.timedelta(days=40)}


def test_list_shows_open_ones_first_and_query_count_does_not_grow(client, make_consultation):
    make_consultation(title="旧的已结束调查", **CLOSED)
    make_consultation(title="正在征集的投票", template="vote_units")
    make_consultation(title="草稿不公开", status=ConsultationStatus.DRAFT)
    page = client.get("/consultations/")
    html = page.content.decode()
    assert shows(page, "正在征集的投票", "旧的已结束调查")
    assert "草稿不公开" not in html
    assert html.index("正在征集的投票") < html.index("旧的已结束调查")
    one = count_queries(client, "/consultations/")
    for n in range(3):
        make_consultation(title=f"更多调查{n}", **CLOSED)
    assert count_queries(client, "/consultations/") == one


def test_results_page_query_count_does_not_grow_with_questions(client, make_consultation):
    consultation = make_consultation(template="vote_units", **CLOSED)
    url = consultation.get_results_url()
    one = count_queries(client, url)
    Consultation.objects.filter(pk=consultation.pk).update(status=ConsultationStatus.DRAFT)
    from gongkai.consultations.services import drafting

    consultation.refresh_from_db()
    drafting.add_item(consultation, kind="single", text="再加一题", choices=["甲", "乙"])
    drafting.add_item(consultation, kind="rating", text="评分题")
    Consultation.objects.filter(pk=consultation.pk).update(status=ConsultationStatus.PUBLISHED)
    assert count_queries(client, url) == one


def test_results_wait_for_the_window_and_show_figures_after(client, make_consultation):
    consultation = make_consultation(template="vote_units")
    vote = consultation.items.get(kind="multiple")
    take_over_http(client, consultation, {vote.field_name: [vote.choices.first().pk]})
    page = client.get(consultation.get_results_url())
    assert shows(page, "征集结束后公布结果。")
    assert "results-table" not in page.content.decode()
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now())
    page = client.get(consultation.get_results_url())
    assert shows(page, "共收到 1 份答卷。", "1 票（100%）", "单位对意见建议的反馈将在这里公布。")


def test_search_feed_and_sitemap_carry_published_consultations(client, make_consultation):
    make_consultation(title="农村人居环境问卷调查", description="关于垃圾分类的调查")
    make_consultation(title="未发布的草稿调查", status=ConsultationStatus.DRAFT)
    from django.core.management import call_command

    call_command("reindex", verbosity=0)
    assert shows(client.get("/search/", {"q": "垃圾分类"}), "农村人居环境问卷调查")
    feed = client.get("/feeds/consultations/rss/").content.decode()
    assert "农村人居环境问卷调查" in feed and "未发布的草稿调查" not in feed
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/consultations/" in sitemap


def test_interview_and_policy_pages_link_back(client, make_consultation, programme):
    interview = Interview.objects.create(
        programme=programme,
        unit=Unit.objects.get(name="县农业农村局"),
        status=InterviewStatus.PREVIEW,
        topic="乡村振兴",
        starts_at=timezone.now() + dt.timedelta(days=14),
    )
    consultation = make_consultation(
        template="choose_topic", interview=interview, title="选择本期访谈话题"
    )
    page = client.get(f"/interviews/{interview.pk}/")
    assert shows(page, "征集调查", "选择本期访谈话题")
    assert f'data-consultation="{consultation.pk}"' in page.content.decode()
    detail = client.get(consultation.get_absolute_url())
    assert f"/interviews/{interview.pk}/" in detail.content.decode()


def test_choose_topic_needs_an_interview(client_as):
    now = timezone.localtime()
    response = client_as("service_center").post(
        "/consultations/staff/new/",
        {
            "template": "choose_topic",
            "kind": "survey",
            "unit": Unit.objects.get(name="县农业农村局").pk,
            "title": "选话题",
            "description": "三个候选话题",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + dt.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "请选择本次征集服务的在线访谈。" in response.content.decode()
    assert not Consultation.objects.exists()


def test_feedback_overdue_on_the_workbench(client_as, make_consultation, settings):
    settings.CONSULTATIONS_FEEDBACK_DAYS = 2
    make_consultation(title="早已结束的投票", **CLOSED)
    make_consultation(
        title="刚结束的投票", opens_in=-dt.timedelta(days=3), closes_in=-dt.timedelta(minutes=5)
    )
    page = client_as("unit_staff").get("/staff/?year=2023")
    html = page.content.decode()
    assert "发布“早已结束的投票”的反馈" in html and "发布“刚结束的投票”的反馈" in html
    overdue_line = html[html.index("早已结束的投票") - 600 : html.index("早已结束的投票") + 400]
    assert "逾期" in overdue_line
    # Another unit's consultation is not theirs.
    assert (
        "早已结束的投票"
        not in client_as("other_unit_staff").get("/staff/?year=2023").content.decode()
    )


@pytest.mark.parametrize(
    ("persona", "list_status", "create_status"),
    [
        (None, 302, 302),
        ("county_office", 200, 200),
        ("service_center", 200, 200),
        ("media_center", 403, 403),
        ("unit_staff", 200, 200),
        ("other_unit_staff", 200, 200),
        ("assessor", 200, 403),
        ("admin", 403, 403),
    ],
)
def test_staff_pages_by_role(client_as, make_consultation, persona, list_status, create_status):
    consultation = make_consultation(title="农业局的调查")
    client = client_as(persona)
    listing = client.get("/consultations/staff/")
    assert listing.status_code == list_status
    assert client.get("/consultations/staff/new/").status_code == create_status
    detail = client.get(consultation.get_staff_url())
    if persona in ("county_office", "service_center", "assessor", "unit_staff"):
        assert shows(detail, "农业局的调查")
        assert "农业局的调查" in listing.content.decode()
    elif persona == "other_unit_staff":
        assert detail.status_code == 404  # another unit's: as if it did not exist
        assert "农业局的调查" not in listing.content.decode()
    else:
        assert detail.status_code in (302, 403)
    # Only the coordinators publish or moderate; the assessor only reads.
    publish = client.post(f"/consultations/staff/{consultation.pk}/close/", {"confirmed": "1"})
    consultation.refresh_from_db()
    closed = consultation.closes_at <= timezone.now()
    assert closed == (persona in ("county_office", "service_center", "unit_staff")), publish


def test_attachment_is_public_with_the_consultation_only(client, client_as, make_consultation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    consultation = make_consultation(
        kind="opinion", status=ConsultationStatus.DRAFT, title="征求意见：办法"
    )
    upload = SimpleUploadedFile("shuoming.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    client_as("unit_staff").post(
        f"/consultations/staff/{consultation.pk}/attachments/add/",
        {"title": "起草说明", "file": upload},
    )
    attachment = consultation.attachments.get()
    url = attachment.get_absolute_url()
    assert client.get(url).status_code == 404  # a draft's file: not for the public
    assert client_as("other_unit_staff").get(url).status_code == 404
    assert client_as("unit_staff").get(url).status_code == 200
    Consultation.objects.filter(pk=consultation.pk).update(status=ConsultationStatus.PUBLISHED)
    assert client.get(url).status_code == 200
    assert shows(client.get(consultation.get_absolute_url()), "起草说明")
    # Once published, files can no longer be removed.
    client_as("unit_staff").post(
        f"/consultations/staff/{consultation.pk}/attachments/{attachment.pk}/delete/"
    )
    assert consultation.attachments.count() == 1


def test_feedback_dues_agree_with_the_working_day_calendar(make_consultation):
    from gongkai.consultations.services import feedback
    from gongkai.workdays.models import DayOverride

    rows = [
        make_consultation(
            title=f"调查{n}",
            opens_in=-dt.timedelta(days=60),
            closes_in=-dt.timedelta(days=40 - 3 * n),
        )
        for n in range(3)
    ]
    holiday = timezone.localdate(rows[0].closes_at) + dt.timedelta(days=3)
    DayOverride.objects.create(date=holiday, is_workday=False, note="假日")
    dues = feedback.feedback_dues(rows)
    assert dues == {row.pk: feedback.feedback_due(row) for row in rows}


@pytest.mark.parametrize("persona", ["service_center", "unit_staff"])
def test_staff_list_query_count_does_not_grow(client_as, make_consultation, persona):
    client = client_as(persona)
    make_consultation(title="第一个", **CLOSED)
    client.get("/consultations/staff/")
    one = count_queries(client, "/consultations/staff/")
    for n in range(3):
        make_consultation(
            title=f"更多{n}", opens_in=-dt.timedelta(days=50), closes_in=-dt.timedelta(days=20 + n)
        )
        make_consultation(title=f"开放{n}")
    assert count_queries(client, "/consultations/staff/") == one


def test_unit_staff_link_only_their_own_or_published_documents(client_as):
    from gongkai.policies.models import PolicyDocument

    def document(unit: str, title: str, number: str) -> PolicyDocument:
        return PolicyDocument.objects.create(
            title=title,
            number=number,
            issuer="靖边县人民政府",
            drafting_unit=Unit.objects.get(name=unit),
            signed_on=dt.date(2023, 5, 1),
            text="正文",
        )

    document("县农业农村局", "本局的草稿办法", "靖政发〔2023〕90号")
    document("镇靖镇", "别的单位的草稿办法", "靖政发〔2023〕91号")
    page = client_as("unit_staff").get("/consultations/staff/new/").content.decode()
    assert "本局的草稿办法" in page
    assert "别的单位的草稿办法" not in page
    assert (
        "别的单位的草稿办法"
        in client_as("service_center").get("/consultations/staff/new/").content.decode()
    )


def test_service_center_workbench_lists_what_waits_for_it(client, client_as, make_consultation):
    from gongkai.consultations.services import drafting

    submitted = make_consultation(title="待发布的调查", status=ConsultationStatus.DRAFT)
    drafting.add_item(submitted, kind="single", text="满意吗？", choices=["是", "否"])
    drafting.submit(submitted, by=None)
    opinion = make_consultation(kind="opinion", title="征求意见")
    take_over_http(client, opinion, {"comment": "建议把第三条写清楚。"})
    html = client_as("service_center").get("/staff/?year=2023").content.decode()
    assert "待发布的征集调查：1" in html
    assert "待审核的征集意见：1" in html
    assert (
        "待审核的征集意见" not in client_as("unit_staff").get("/staff/?year=2023").content.decode()
    )


def test_home_page_lists_consultations_open_now(client, make_consultation):
    make_consultation(title="正在进行的投票")
    make_consultation(title="已经结束的投票", **CLOSED)
    page = client.get("/")
    assert shows(page, "正在征集", "正在进行的投票", "征集截止：")
    assert "已经结束的投票" not in page.content.decode()
