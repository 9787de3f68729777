"""The core journey over HTTP: drafted → published (asks first) → a citizen responds (once) →
comments reviewed → closed → 采纳情况 recorded → feedback published on the portal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.consultations.models import (
    Comment,
    CommentStatus,
    Consultation,
    ConsultationStatus,
    Response,
)
from gongkai.units.models import Unit
from tests.consultations.conftest import take_over_http
from tests.fixtures.pages import shows

pytestmark = pytest.mark.django_db


def says(response, text: str) -> bool:
    """``text`` is in the page, whatever the status (refusals answer 400/409/429)."""
    return text in response.content.decode()


def _window(days_from: int, days_to: int) -> dict[str, str]:
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    return {
        "opens_at": (now + dt.timedelta(days=days_from)).strftime(fmt),
        "closes_at": (now + dt.timedelta(days=days_to)).strftime(fmt),
    }


def test_unit_drafts_vote_and_service_center_publishes_after_confirming(client_as, personas):
    unit = client_as("unit_staff")
    response = unit.post(
        "/consultations/staff/new/",
        {
            "template": "vote_units",
            "kind": "survey",
            "title": "2024年在线访谈单位网上投票",
            "description": "请选出您希望明年参加在线访谈的单位，每人最多选三个。",
            **_window(-1, 14),
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert consultation.unit == personas["unit_staff"].unit  # unit staff: their own unit
    vote = consultation.items.get(kind="multiple")
    assert vote.choices.count() == Unit.objects.implementing().count()
    assert vote.max_choices == 3

    # Unit staff cannot publish; they send it to the service center.
    assert unit.post(f"/consultations/staff/{consultation.pk}/publish/").status_code == 403
    unit.post(f"/consultations/staff/{consultation.pk}/submit/")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.SUBMITTED

    service = client_as("service_center")
    asked = service.post(f"/consultations/staff/{consultation.pk}/publish/")
    assert "Publish this consultation on the portal?" in asked.content.decode() or shows(
        asked, "在门户网站发布此征集调查？"
    )
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.SUBMITTED  # nothing changed yet
    service.post(f"/consultations/staff/{consultation.pk}/publish/", {"confirmed": "1"})
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED
    page = client_as(None).get(consultation.get_absolute_url())
    assert shows(page, "2024年在线访谈单位网上投票", "县农业农村局")


def test_citizen_responds_once_then_duplicate_is_refused_with_a_clear_message(
    client, make_consultation
):
    consultation = make_consultation(template="vote_units")
    vote, text = consultation.items.all()
    picks = list(vote.choices.values_list("pk", flat=True)[:2])
    response = take_over_http(
        client,
        consultation,
        {vote.field_name: picks, text.field_name: "希望县教育局谈谈课后服务。"},
    )
    assert response.status_code == 302
    assert Response.objects.count() == 1
    assert vote.answers.count() == 2
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.item == text

    # The cookie set by the first response marks this browser: the form is gone…
    again = client.get(consultation.get_absolute_url())
    assert shows(again, "您已参与过本次征集调查")
    assert b'name="captcha_token"' not in again.content
    # …and a forged second post is refused, nothing stored.
    refused = take_over_http(client, consultation, {vote.field_name: picks[:1]})
    assert refused.status_code == 409
    assert says(refused, "您已参与过本次征集调查：每人只能参与一次")
    assert Response.objects.count() == 1


def test_too_many_choices_and_wrong_check_are_refused_with_the_answers_kept(
    client, make_consultation
):
    consultation = make_consultation(template="vote_units")
    vote = consultation.items.get(kind="multiple")
    picks = list(vote.choices.values_list("pk", flat=True)[:4])
    response = take_over_http(client, consultation, {vote.field_name: picks})
    assert response.status_code == 400
    assert says(response, "最多选择 3 项")
    response = client.post(
        f"/consultations/{consultation.pk}/take/",
        {vote.field_name: picks[:1], "captcha_token": "x", "captcha_answer": "1"},
    )
    assert response.status_code == 400
    assert says(response, "验证答案不正确或已过期")
    assert Response.objects.count() == 0


def test_rate_limit_per_address(client, make_consultation, settings):
    settings.CONSULTATIONS_RATE_PER_IP = 2
    consultation = make_consultation()
    item = consultation.items.get()
    choice = item.choices.first().pk
    statuses = []
    for _n in range(3):
        fresh = type(client)()  # a new browser each time: only the address is the same
        statuses.append(
            take_over_http(
                fresh, consultation, {item.field_name: choice}, ip="10.0.0.9"
            ).status_code
        )
    assert statuses == [302, 302, 429]
    assert Response.objects.count() == 2
    other = take_over_http(type(client)(), consultation, {item.field_name: choice}, ip="10.0.0.8")
    assert other.status_code == 302


def test_closed_or_draft_consultation_takes_no_response(client, make_consultation):
    closed = make_consultation(opens_in=-dt.timedelta(days=10), closes_in=-dt.timedelta(days=1))
    item = closed.items.get()
    response = client.post(
        f"/consultations/{closed.pk}/take/", {item.field_name: item.choices.first().pk}
    )
    assert response.status_code == 409
    assert says(response, "本次征集调查不在征集期内")
    draft = make_consultation(status=ConsultationStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert Response.objects.count() == 0


def test_comments_are_public_only_after_review_and_flagged_by_sensitive_words(
    client, client_as, make_consultation
):
    from gongkai.questions.models import SensitiveWord

    SensitiveWord.objects.create(word="发票")
    consultation = make_consultation(kind="opinion", title="征求意见：农村人居环境整治办法")
    take_over_http(client, consultation, {"comment": "建议增加垃圾分类补贴，可开发票报销。"})
    take_over_http(type(client)(), consultation, {"comment": "第三条写得不清楚，请细化。"})
    flagged, plain = Comment.objects.order_by("id")
    assert flagged.flagged and flagged.matched_words == ["发票"]
    assert not plain.flagged

    # Unit staff cannot moderate; the service center can.
    url = f"/consultations/staff/{consultation.pk}/comments/{plain.pk}/approve/"
    assert client_as("unit_staff").post(url).status_code == 403
    client_as("service_center").post(url)
    client_as("service_center").post(
        f"/consultations/staff/{consultation.pk}/comments/{flagged.pk}/reject/"
    )
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now())
    results = client_as(None).get(consultation.get_results_url())
    assert shows(results, "第三条写得不清楚")
    assert "发票" not in results.content.decode()


def test_feedback_after_the_window_with_adoption_report(client, client_as, make_consultation):
    consultation = make_consultation(kind="opinion", title="征求意见：农村人居环境整治办法")
    take_over_http(client, consultation, {"comment": "建议增加垃圾分类补贴。"})
    comment = Comment.objects.get()
    service = client_as("service_center")
    service.post(f"/consultations/staff/{consultation.pk}/comments/{comment.pk}/approve/")
    unit = client_as("unit_staff")
    feedback_url = f"/consultations/staff/{consultation.pk}/feedback/"

    # Still open: no adoption, no feedback.
    adopt_url = f"/consultations/staff/{consultation.pk}/comments/{comment.pk}/adoption/"
    unit.post(adopt_url, {f"c{comment.pk}-adoption": "partly", f"c{comment.pk}-reason": "x"})
    comment.refresh_from_db()
    assert comment.adoption == ""
    refused = unit.post(feedback_url, {"summary": "共收到意见1条。", "confirmed": "1"})
    assert shows(refused, "征集期结束后才能发布反馈")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED

    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now())
    # Partly adopted needs a reason.
    unit.post(adopt_url, {f"c{comment.pk}-adoption": "partly", f"c{comment.pk}-reason": ""})
    comment.refresh_from_db()
    assert comment.adoption == ""
    unit.post(
        adopt_url,
        {f"c{comment.pk}-adoption": "partly", f"c{comment.pk}-reason": "补贴标准另行制定。"},
    )
    comment.refresh_from_db()
    assert comment.adoption == "partly"

    asked = unit.post(feedback_url, {"summary": "共收到意见1条，部分采纳。"})
    assert b'name="confirmed"' in asked.content
    unit.post(feedback_url, {"summary": "共收到意见1条，部分采纳。", "confirmed": "1"})
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.FEEDBACK
    page = client_as(None).get(consultation.get_results_url())
    assert shows(page, "共收到意见1条，部分采纳。", "部分采纳", "补贴标准另行制定。")


def test_state_machine_refusals(client_as, make_consultation):
    service = client_as("service_center")
    draft = make_consultation(status=ConsultationStatus.DRAFT)
    # A draft cannot be closed, nor get feedback.
    service.post(f"/consultations/staff/{draft.pk}/close/", {"confirmed": "1"})
    service.post(f"/consultations/staff/{draft.pk}/feedback/", {"summary": "x", "confirmed": "1"})
    draft.refresh_from_db()
    assert draft.status == ConsultationStatus.DRAFT
    # A survey without questions is not published.
    response = service.post(
        f"/consultations/staff/{draft.pk}/publish/", {"confirmed": "1"}, follow=True
    )
    assert shows(response, "至少需要一个问题")
    draft.refresh_from_db()
    assert draft.status == ConsultationStatus.DRAFT
    # A published consultation's questions are frozen.
    published = make_consultation()
    item = published.items.get()
    service.post(f"/consultations/staff/{published.pk}/items/{item.pk}/delete/")
    assert published.items.count() == 1
    service.post(f"/consultations/staff/{published.pk}/publish/", {"confirmed": "1"})
    service.post(f"/consultations/staff/{published.pk}/submit/")
    published.refresh_from_db()
    assert published.status == ConsultationStatus.PUBLISHED
    # Closing asks first, then ends the window now.
    service.post(f"/consultations/staff/{published.pk}/close/")
    published.refresh_from_db()
    assert published.closes_at > timezone.now()
    service.post(f"/consultations/staff/{published.pk}/close/", {"confirmed": "1"})
    published.refresh_from_db()
    assert published.closes_at <= timezone.now()


def test_a_check_answer_in_chinese_characters_is_refused_not_a_crash(client, make_consultation):
    consultation = make_consultation()
    item = consultation.items.get()
    page = client.get(consultation.get_absolute_url()).content.decode()
    from tests.consultations.conftest import captcha_answer

    token, _answer = captcha_answer(page)
    response = client.post(
        f"/consultations/{consultation.pk}/take/",
        {
            item.field_name: item.choices.first().pk,
            "captcha_token": token,
            "captcha_answer": "十六",
        },
    )
    assert response.status_code == 400
    assert says(response, "验证答案不正确或已过期")
    assert Response.objects.count() == 0
