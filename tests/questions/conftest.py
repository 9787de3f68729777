from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.questions import process_cache
from gongkai.units.models import Unit


@pytest.fixture(autouse=True)
def _fresh_questions_cache():
    """Rate limits, CAPTCHA answers and the word-list version live in the cache."""
    cache.clear()
    process_cache.reset()
    yield
    cache.clear()
    process_cache.reset()


@pytest.fixture
def make_interview(programme):
    def make(
        status: str = InterviewStatus.PREVIEW, unit: str = "县农业农村局", **kwargs
    ) -> Interview:
        kwargs.setdefault("topic", "乡村振兴")
        kwargs.setdefault("starts_at", timezone.make_aware(dt.datetime(2023, 9, 20, 9, 0)))
        return Interview.objects.create(
            programme=programme, unit=Unit.objects.get(name=unit), status=status, **kwargs
        )

    return make


@pytest.fixture
def interview(make_interview) -> Interview:
    return make_interview(InterviewStatus.LIVE)


TOKEN_RE = re.compile(r'name="captcha_token" value="([^"]+)"')


def captcha_answer(html: str) -> tuple[str, str]:
    """The token in the form and its answer, read back from the server side (the cache)."""
    token = TOKEN_RE.search(html).group(1)
    return token, cache.get(f"questions:captcha:{token}")["answer"]


def ask_over_http(
    client: Client, interview: Interview, *, ip: str = "10.0.0.1", **fields
) -> tuple[int, str]:
    page = client.get(f"/questions/interview/{interview.pk}/ask/")
    token, answer = captcha_answer(page.content.decode())
    data = {
        "nickname": "网友甲",
        "kind": "consult",
        "text": "请问今年的种粮补贴什么时候发放？",
        "phone": "",
        "is_public": "on",
        "captcha_token": token,
        "captcha_answer": answer,
        **fields,
    }
    response = client.post(f"/questions/interview/{interview.pk}/ask/", data, REMOTE_ADDR=ip)
    return response.status_code, response.content.decode()
