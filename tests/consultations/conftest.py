from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from gongkai.consultations.models import Consultation, ConsultationKind, ConsultationStatus
from gongkai.consultations.services import drafting
from gongkai.questions import process_cache
from gongkai.units.models import Unit


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits, CAPTCHA answers and SMS codes live in the cache."""
    cache.clear()
    process_cache.reset()
    yield
    cache.clear()
    process_cache.reset()


@pytest.fixture
def make_consultation(programme, personas):
    def make(
        *,
        template: str = "",
        kind: str = ConsultationKind.SURVEY,
        status: str = ConsultationStatus.PUBLISHED,
        unit: str = "县农业农村局",
        opens_in: dt.timedelta = -dt.timedelta(days=1),
        closes_in: dt.timedelta = dt.timedelta(days=14),
        **fields,
    ) -> Consultation:
        now = timezone.now()
        fields.setdefault("title", "明年在线访谈单位网上投票")
        fields.setdefault("description", "请选出您希望明年参加在线访谈的单位。")
        if kind == ConsultationKind.OPINION:
            fields.setdefault("draft_text", "第一条 为了规范……")
        consultation = drafting.create_consultation(
            by=personas["service_center"],
            programme=programme,
            unit=Unit.objects.get(name=unit),
            kind=kind,
            template=template,
            opens_at=now - dt.timedelta(days=30),
            closes_at=now + dt.timedelta(days=30),
            **fields,
        )
        if status != ConsultationStatus.DRAFT:
            if not consultation.items.exists() and kind == ConsultationKind.SURVEY:
                drafting.add_item(
                    consultation, kind="single", text="您满意吗？", choices=["满意", "不满意"]
                )
            drafting.publish(consultation, by=personas["service_center"])
        Consultation.objects.filter(pk=consultation.pk).update(
            opens_at=now + opens_in, closes_at=now + closes_in
        )
        consultation.refresh_from_db()
        return consultation

    return make


TOKEN_RE = re.compile(r'name="captcha_token" value="([^"]+)"')


def captcha_answer(html: str) -> tuple[str, str]:
    token = TOKEN_RE.search(html).group(1)
    return token, cache.get(f"questions:captcha:{token}")["answer"]


def take_over_http(client: Client, consultation: Consultation, data: dict, *, ip: str = "10.0.0.1"):
    page = client.get(consultation.get_absolute_url())
    html = page.content.decode()
    token, answer = captcha_answer(html) if TOKEN_RE.search(html) else ("missing", "0")
    payload = {"captcha_token": token, "captcha_answer": answer, **data}
    return client.post(f"/consultations/{consultation.pk}/take/", payload, REMOTE_ADDR=ip)
