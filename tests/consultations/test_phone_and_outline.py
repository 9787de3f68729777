"""Phone verification (one response per phone, with an SMS code) and the survey before an
interview shown beside the outline review."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from gongkai.consultations.models import Response
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.security import notify
from gongkai.units.models import Unit
from tests.consultations.conftest import take_over_http
from tests.fixtures.pages import shows

pytestmark = pytest.mark.django_db


def _last_code() -> str:
    return re.search(r"\d{6}", notify.outbox[-1].text).group(0)


def test_phone_verified_once_per_consultation(client, make_consultation):
    consultation = make_consultation(phone_verification=True)
    item = consultation.items.get()
    choice = item.choices.first().pk
    page = client.post(f"/consultations/{consultation.pk}/code/", {"phone": "13800000001"})
    assert shows(page, "验证码已发送到您的手机")
    code = _last_code()
    # A wrong code is refused with what to do next.
    wrong = take_over_http(
        client,
        consultation,
        {
            item.field_name: choice,
            "phone": "13800000001",
            "sms_code": "000000" if code != "000000" else "111111",
        },
    )
    assert wrong.status_code == 400
    assert "短信验证码错误或已过期" in wrong.content.decode()
    ok = take_over_http(
        client, consultation, {item.field_name: choice, "phone": "13800000001", "sms_code": code}
    )
    assert ok.status_code == 302
    assert Response.objects.get().phone_hash
    # Another browser, the same phone: refused.
    other = type(client)()
    other.post(f"/consultations/{consultation.pk}/code/", {"phone": "13800000001"})
    again = take_over_http(
        other,
        consultation,
        {item.field_name: choice, "phone": "13800000001", "sms_code": _last_code()},
        ip="10.0.0.2",
    )
    assert again.status_code == 409
    assert "您已参与过本次征集调查" in again.content.decode()
    assert Response.objects.count() == 1


def test_survey_before_the_interview_appears_beside_the_outline(
    client, client_as, make_consultation, programme
):
    interview = Interview.objects.create(
        programme=programme,
        unit=Unit.objects.get(name="县农业农村局"),
        status=InterviewStatus.PREVIEW,
        topic="乡村振兴",
        starts_at=timezone.now() + dt.timedelta(days=14),
    )
    consultation = make_consultation(
        template="pre_interview", interview=interview, title="访谈前网上调查：乡村振兴"
    )
    rating = consultation.items.get(kind="rating")
    take_over_http(client, consultation, {rating.field_name: 4})
    take_over_http(type(client)(), consultation, {rating.field_name: 5}, ip="10.0.0.3")
    page = client_as("service_center").get(f"/interviews/staff/{interview.pk}/")
    assert shows(page, "访谈前网上调查结果", "访谈前网上调查：乡村振兴", "平均分：4.5")
