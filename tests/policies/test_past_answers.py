"""Published interpretations are offered as past answers on a similar netizen question (the
policies source of ``gongkai.interviews.past_answers``); unpublished ones are not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.policies.models import InterpretationKind
from gongkai.questions import services
from tests.policies.conftest import make_document, make_interpretation

pytestmark = pytest.mark.django_db


def test_interpretation_qa_is_offered_and_prefills_the_reply(programme, nongye, personas):
    document = make_document(nongye, published_on=dt.date(2023, 5, 2))
    item = make_interpretation(
        document, kind=InterpretationKind.QA, published=timezone.now(), title="农机购置补贴政策解读"
    )
    item.qa_pairs = [{"q": "农机补贴什么时候发放？", "a": "每年十月底前发放到户。"}]
    item.save()
    hidden = make_interpretation(document, title="农机补贴什么时候发放草稿")  # not published
    interview = Interview.objects.create(
        programme=programme,
        unit=nongye,
        status=InterviewStatus.LIVE,
        topic="农业",
        starts_at=timezone.now(),
    )
    question, _code = services.ask_question(
        interview, nickname="网友", text="请问农机补贴什么时候发放", kind="consult"
    )
    client = Client()
    client.force_login(personas["service_center"])
    html = client.get(f"/questions/staff/{question.pk}/").content.decode()
    assert "农机购置补贴政策解读" in html and f"reply_with=policy%3A{item.pk}" in html
    assert f"policy%3A{hidden.pk}" not in html
    filled = client.get(f"/questions/staff/{question.pk}/?reply_with=policy:{item.pk}")
    form = filled.content.decode().split('id="answer-form"')[1]
    assert "每年十月底前发放到户。" in form and f"/policies/interpretations/{item.pk}/" in form
    # an unpublished interpretation never fills the form
    refused = client.get(f"/questions/staff/{question.pk}/?reply_with=policy:{hidden.pk}")
    assert "农机补贴什么时候发放草稿" not in refused.content.decode().split('id="answer-form"')[1]
