"""Done when (issue 16 part 1): a citizen votes on next year's interview units, and the results
and the 采纳情况 appear on the portal after the window."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from gongkai.consultations.models import Comment, Consultation
from gongkai.consultations.services import feedback
from tests.fixtures.browser import screenshot

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_citizen_votes_for_interview_units_then_sees_results_and_adoption_in_chromium(
    live_server, page, make_consultation, personas
):
    consultation = make_consultation(template="vote_units", title="2024年在线访谈单位网上投票")
    page.goto(f"{live_server.url}/consultations/")
    page.get_by_role("link", name="2024年在线访谈单位网上投票").click()
    assert page.locator("h1").inner_text() == "2024年在线访谈单位网上投票"
    page.get_by_label("县农业农村局", exact=True).check()
    page.get_by_label("县教育和科技局", exact=True).check()
    page.get_by_label("您希望这些单位谈些什么？").fill("希望县教育和科技局谈谈课后服务。")
    prompt = page.locator("label[for=id_captcha_answer]").inner_text()
    a, b = map(int, re.findall(r"\d+", prompt))
    page.fill("#id_captcha_answer", str(a + b))
    screenshot(page, "consultations-vote-form")
    page.get_by_role("button", name="提交").click()
    assert "谢谢，您的答卷已收到" in page.locator(".messages").inner_text()
    # The same browser cannot vote twice: the form is gone.
    assert page.locator("#id_captcha_answer").count() == 0
    assert "您已参与过本次征集调查" in page.content()

    # The window ends; the service center approves the comment; the unit answers it and
    # publishes the feedback.
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now())
    consultation.refresh_from_db()
    comment = Comment.objects.get()
    feedback.approve_comment(comment, by=personas["service_center"])
    feedback.set_adoption(comment, adoption="adopted", reason="", by=personas["unit_staff"])
    feedback.publish_feedback(
        consultation,
        summary="共收到答卷1份，县教育和科技局列入明年访谈单位。",
        by=personas["unit_staff"],
    )

    page.goto(f"{live_server.url}/consultations/{consultation.pk}/")
    page.get_by_role("link", name="查看结果和意见采纳情况").click()
    figures = page.locator(".results-table").first
    row = figures.locator("tr", has_text="县教育和科技局")
    assert "1 票（100%）" in row.inner_text()
    assert "0 票（0%）" in figures.locator("tr", has_text="县统计局").inner_text()
    assert "共收到答卷1份，县教育和科技局列入明年访谈单位。" in page.content()
    adoption = page.locator(f"#comment-{comment.pk}")
    assert "希望县教育和科技局谈谈课后服务。" in adoption.inner_text()
    assert "采纳" in adoption.locator(".adoption").inner_text()
    screenshot(page, "consultations-results")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "consultations-results-mobile")
