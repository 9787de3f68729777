"""Issue 4's two-process test through the real approval flow: two production server processes
share one PostgreSQL and one Redis; the service center approves a question through process A's
moderation endpoint (signed in, session cookie + CSRF token, as the browser form posts it), and
a viewer connected to process B gets ``question.approved`` within a second.

(test_two_processes.py publishes through a test-only endpoint; this one has no test-only code
in the servers at all.)"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid

import httpx
import pytest

from gongkai.accounts.models import Role, User
from gongkai.interviews import services as interview_services
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.live.models import LiveEvent
from gongkai.questions import services as question_services
from gongkai.questions.models import Question, QuestionStatus
from gongkai.units.models import Unit
from tests.fixtures.servers import REAL_APP, SSEReader
from tests.live.helpers import needs_services

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PASSWORD = "service-pass-2023!"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(client: httpx.Client, username: str, password: str) -> None:
    """The login form as a browser sends it: GET (CSRF cookie + token), then POST."""
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    token = CSRF_INPUT.search(page.text).group(1)
    response = client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302, response.text[:2000]
    assert "sessionid" in client.cookies


@pytest.fixture
def pg_and_redis() -> None:
    """Before the servers and the programme are set up: skip at once without the services."""
    needs_services(postgres=True, redis=True)


def test_question_approved_through_process_a_reaches_a_viewer_of_process_b(
    pg_and_redis, asgi_server, programme, settings
):
    # The servers hash with Django's default (PBKDF2), not the suite's fast MD5.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    User.objects.create_user(
        "service-e2e",
        password=PASSWORD,
        role=Role.SERVICE_CENTER,
        unit=Unit.objects.get(special_role="service_center"),
        must_change_password=False,
    )
    interview = Interview.objects.create(
        programme=programme,
        unit=Unit.objects.get(name="县农业农村局"),
        starts_at=dt.datetime(2023, 5, 20, 9, tzinfo=COUNTY_TZ),
        topic="农业补贴政策解读",
        status=InterviewStatus.PREVIEW,
    )
    # stored as the channel's first event: a viewer gets it by replay from the database
    interview_services.set_status(interview, status=InterviewStatus.LIVE, by=None)
    question, _code = question_services.ask_question(
        interview, nickname="网友甲", text="今年的耕地地力保护补贴什么时候发放？", kind="consult"
    )

    env = {
        "LIVE_CHANNEL_PREFIX": f"test-{uuid.uuid4().hex[:10]}",
        "GONGKAI_REQUIRE_2FA": "false",  # not the subject here
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:10]}",  # sessions, login counters
    }
    moderation = asgi_server(REAL_APP, env=env)  # process A: where the service center acts
    watched = asgi_server(REAL_APP, env=env)  # process B: where the viewer is connected

    with httpx.Client(base_url=moderation.url, timeout=10) as staff:
        sign_in(staff, "service-e2e", PASSWORD)
        detail = staff.get(f"/questions/staff/{question.pk}/")
        assert detail.status_code == 200
        token = CSRF_INPUT.search(detail.text).group(1)

        viewer = SSEReader(f"{watched.url}/live/{interview.channel}/")
        try:
            assert viewer.status == 200
            # The replayed status event shows B has subscribed AND finished reading the stored
            # history: from here on the approval can reach B only through Redis pub/sub.
            _at, replayed = viewer.next(timeout=5)
            assert replayed["event"] == "interview.status"
            sent_at = time.monotonic()
            response = staff.post(
                f"/questions/staff/{question.pk}/approve/",
                data={"csrfmiddlewaretoken": token},
            )
            received_at, fields = viewer.next(timeout=5)
        finally:
            viewer.close()

    assert response.status_code == 302, response.text[:2000]
    assert response.headers["location"] == f"/questions/staff/{question.pk}/"
    assert fields["event"] == "question.approved"
    message = json.loads(fields["data"])
    assert message["question_id"] == question.pk
    assert message["target"] == f"questions-{interview.pk}"
    assert message["key"] == f"question-{question.pk}"
    assert "耕地地力保护补贴" in message["html"]
    latency = received_at - sent_at
    assert latency < 1.0, f"{latency:.3f} s\n" + moderation.logs() + watched.logs()
    # approved in the shared database, and the pushed event is the stored one
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.APPROVED
    event = LiveEvent.objects.get(pk=int(fields["id"]))
    assert (event.channel, event.type) == (interview.channel, "question.approved")
    print(f"\napproval via A -> viewer on B: {latency * 1000:.0f} ms")
