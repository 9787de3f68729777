"""Pen-test items 3 and 4 on the question intake: the interview's shared bucket counts only
questions that passed the form and the CAPTCHA; the per-address limit comes first and
follows the connection's address, not a header the client writes."""

from __future__ import annotations

import types

import pytest

from gongkai.lib import ratelimit
from gongkai.questions.models import Question
from tests.questions.conftest import ask_over_http, captcha_answer


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """The limiter's windows are fixed (the interview's is a minute): on a slow machine a test's
    requests could straddle a window's end and find an empty bucket. Its clock stands still."""
    now = (int(ratelimit.time.time()) // 600) * 600 + 1.0
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: now))


def _junk(client, interview, *, ip: str) -> int:
    """A POST without a CAPTCHA answer, as a flood script sends it."""
    response = client.post(
        f"/questions/interview/{interview.pk}/ask/",
        {"nickname": "x", "kind": "consult", "text": "垃圾"},
        REMOTE_ADDR=ip,
    )
    return response.status_code


def test_junk_from_one_address_does_not_close_intake_for_others(client, interview, settings):
    settings.QUESTIONS_RATE_PER_INTERVIEW = 5
    statuses = [_junk(client, interview, ip="198.51.100.9") for _ in range(30)]
    # Per-address first: after its allowance (5 per 10 min) the flooder gets 429 itself.
    assert statuses[:5] == [400] * 5 and set(statuses[5:]) == {429}
    status, _ = ask_over_http(client, interview, ip="203.0.113.1")
    assert status == 200
    assert Question.objects.count() == 1


def test_junk_from_many_addresses_does_not_use_the_interview_bucket(client, interview, settings):
    settings.QUESTIONS_RATE_PER_INTERVIEW = 3
    assert {_junk(client, interview, ip=f"198.51.100.{n}") for n in range(10)} == {400}
    assert [ask_over_http(client, interview, ip=f"203.0.113.{n}")[0] for n in range(4)] == [
        200,
        200,
        200,
        429,  # valid questions still fill the shared bucket
    ]


def test_valid_questions_over_an_address_limit_do_not_use_the_interview_bucket(
    client, interview, settings
):
    settings.QUESTIONS_RATE_PER_IP = 1
    settings.QUESTIONS_RATE_PER_INTERVIEW = 2
    statuses = [ask_over_http(client, interview, ip="198.51.100.7")[0] for _ in range(4)]
    assert statuses == [200, 429, 429, 429]
    # Three refused questions from that address left the shared bucket one more question.
    status, html = ask_over_http(client, interview, ip="203.0.113.5")
    assert status == 200 and "lookup-code" in html
    assert Question.objects.count() == 2
    status, html = ask_over_http(client, interview, ip="203.0.113.6")
    assert status == 429 and "请问今年的种粮补贴什么时候发放？" in html  # the text is kept


def test_rotating_x_real_ip_does_not_escape_question_limit(client, interview, settings):
    settings.QUESTIONS_RATE_PER_IP = 2
    statuses = []
    for n in range(4):
        page = client.get(f"/questions/interview/{interview.pk}/ask/")
        token, answer = captcha_answer(page.content.decode())
        data = {
            "nickname": "网友",
            "kind": "consult",
            "text": f"第{n}个问题：补贴何时发放？",
            "captcha_token": token,
            "captcha_answer": answer,
        }
        response = client.post(
            f"/questions/interview/{interview.pk}/ask/",
            data,
            REMOTE_ADDR="198.51.100.9",
            HTTP_X_REAL_IP=f"192.0.2.{n}",
        )
        statuses.append(response.status_code)
    assert statuses == [200, 200, 429, 429]
    assert sorted(Question.objects.values_list("text", flat=True)) == [
        "第0个问题：补贴何时发放？",
        "第1个问题：补贴何时发放？",
    ]
    assert data["text"] in response.content.decode()  # the refused question is kept to resend
