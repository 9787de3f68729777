"""In Chromium (pen-test issue 11, item 20): a viewer has the live interview page open when a
moderator corrects a question (redacting an ID number and a phone); the open page shows the
corrected text without a reload. The real application under uvicorn (pages and ``/live/`` in
one process), the moderator signed in through the login form in a second browser."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest

from tests.fixtures.browser import screenshot
from tests.fixtures.servers import REAL_APP, REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "moderator-pass-2023!"
ASKED = "我的身份证610826199001011234，电话13912345678，补贴何时到账？"
CORRECTED = "请问今年的补贴何时到账？"

SETUP = """
import datetime as dt, json, sys
import django
django.setup()
from django.utils import timezone
from gongkai.accounts.models import Role, User
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.programmes.services import load_builtin
from gongkai.questions import services
from gongkai.units.models import Unit
password, asked = sys.argv[1], sys.argv[2]
programme = load_builtin(2023)
moderator = User.objects.create_user(
    "moderator", password=password, role=Role.SERVICE_CENTER,
    unit=Unit.objects.get(special_role="service_center"), must_change_password=False,
)
interview = Interview.objects.create(
    programme=programme, unit=Unit.objects.get(name="县农业农村局"), topic="乡村振兴访谈",
    starts_at=timezone.now(), status=InterviewStatus.LIVE,
)
question, _ = services.ask_question(interview, nickname="网友甲", text=asked, kind="consult")
services.approve_question(question, by=moderator)
print(json.dumps({"interview": interview.pk, "question": question.pk}))
"""


@pytest.fixture
def served(asgi_server, server_env, chromium_browser):
    env = {
        "GONGKAI_REQUIRE_2FA": "false",  # not the subject here
        "CACHE_KEY_PREFIX": f"live-{uuid.uuid4().hex[:10]}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SETUP, PASSWORD, ASKED],
        cwd=REPO_ROOT,
        env={**server_env, **env},
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    ids = json.loads(result.stdout.strip().splitlines()[-1])
    return asgi_server(REAL_APP, env=env), ids["interview"], ids["question"]


def test_open_live_page_shows_a_moderators_correction_without_reload(served, new_page):
    server, interview_pk, question_pk = served

    viewer = new_page()
    viewer.goto(f"{server.url}/interviews/{interview_pk}/")
    viewer.wait_for_selector("[data-live-state=open]", state="attached")
    item = viewer.locator(f"#question-{question_pk}")
    assert "610826199001011234" in item.inner_text()
    viewer.evaluate("window.liveMarker = 'same page'")  # a reload would lose this

    moderator = new_page()
    moderator.goto(f"{server.url}/accounts/login/?next=/questions/staff/{question_pk}/")
    moderator.fill("#id_username", "moderator")
    moderator.fill("#id_password", PASSWORD)
    moderator.locator("main form:has(#id_password) button[type=submit]").click()
    moderator.wait_for_url(f"**/questions/staff/{question_pk}/")
    form = moderator.locator(f"form[action='/questions/staff/{question_pk}/correct/']")
    form.locator("textarea[name=text]").fill(CORRECTED)
    form.locator("[type=submit]").click()
    moderator.wait_for_url(f"**/questions/staff/{question_pk}/")

    viewer.locator(f"#question-{question_pk}", has_text=CORRECTED).wait_for(timeout=5000)
    text = viewer.locator(f"#question-{question_pk}").inner_text()
    assert "610826199001011234" not in text and "13912345678" not in text
    assert viewer.evaluate("window.liveMarker") == "same page"
    assert viewer.locator(f"#question-{question_pk}").count() == 1
    screenshot(viewer, "live-question-corrected")
