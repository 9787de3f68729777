"""The whole thank-you page (no JavaScript): the portal's chrome is rendered once per language,
care mode and interview and reused around each question's own receipt (portal.cache's
``render_around``)."""

from __future__ import annotations

import re

from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse

from gongkai.portal.care import CARE_COOKIE
from gongkai.questions.models import Question
from tests.fixtures.pages import h1
from tests.questions.conftest import ask_over_http

CODE = re.compile(r'<p class="lookup-code"><strong>([A-Z0-9-]{14})</strong></p>')


class Rendered:
    def __init__(self) -> None:
        self.names: list[str] = []

    def __call__(self, sender, template, context, **kwargs) -> None:
        self.names.append(template.name)

    def __enter__(self) -> Rendered:
        template_rendered.connect(self)
        return self

    def __exit__(self, *exc) -> None:
        template_rendered.disconnect(self)


def _asked(client: Client, interview, ip: str) -> str:
    status, html = ask_over_http(client, interview, ip=ip)
    assert status == 200
    return html


def test_each_question_gets_its_own_receipt_in_the_same_page(interview):
    with Rendered() as rendered:
        first = _asked(Client(), interview, "203.0.113.1")
        second = _asked(Client(), interview, "203.0.113.2")
    assert rendered.names.count("questions/asked.html") == 1  # the second page reused the frame
    codes = [CODE.search(first).group(1), CODE.search(second).group(1)]
    assert codes[0] != codes[1]
    assert second.replace(codes[1], codes[0]) == first  # the same page around its own code
    assert h1_of(first) == "留言已收到"
    assert f'href="{reverse("questions:interview-questions", args=[interview.pk])}"' in first
    assert Question.objects.count() == 2


def h1_of(html: str) -> str:
    from django.http import HttpResponse

    return h1(HttpResponse(html))


def test_the_frame_follows_language_and_care_mode(interview):
    chinese = _asked(Client(), interview, "203.0.113.1")
    english_client = Client(HTTP_ACCEPT_LANGUAGE="en")
    english_client.cookies["django_language"] = "en"
    english = _asked(english_client, interview, "203.0.113.2")
    care_client = Client()
    care_client.cookies[CARE_COOKIE] = "1"
    care = _asked(care_client, interview, "203.0.113.3")
    assert h1_of(chinese) == "留言已收到" and h1_of(english) == "Question received"
    assert 'class="care-mode"' in care and 'class="care-mode"' not in chinese
    assert "Skip to main content" in english and "Skip to main content" not in chinese


def test_a_visitor_with_a_session_gets_the_page_rendered_whole(interview, personas):
    signed_in = Client()
    signed_in.force_login(personas["service_center"])
    _asked(Client(), interview, "203.0.113.1")  # fills the frame for anonymous visitors
    with Rendered() as rendered:
        html = _asked(signed_in, interview, "203.0.113.2")
    assert "questions/asked.html" in rendered.names
    assert h1_of(html) == "留言已收到"
