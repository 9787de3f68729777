"""The demo ships one open vote (its window around the day the demo is loaded) and one closed
call for comments with its results and 采纳情况 published; loading it again adds nothing."""

from __future__ import annotations

import pytest

from gongkai.consultations.demo import OPINION_TITLE, VOTE_TITLE
from gongkai.consultations.models import Consultation, Phase
from gongkai.ops.demo import load_demo
from tests.fixtures.pages import shows

pytestmark = pytest.mark.django_db


def test_demo_has_an_open_vote_and_a_finished_consultation(client, programme):
    load_demo()
    load_demo()
    vote = Consultation.objects.get(title=VOTE_TITLE)
    opinion = Consultation.objects.get(title=OPINION_TITLE)
    assert vote.phase() == Phase.OPEN
    assert opinion.phase() == Phase.FEEDBACK
    assert opinion.attachments.count() == 1
    assert shows(client.get(vote.get_absolute_url()), "参与征集")
    assert shows(client.get(opinion.get_results_url()), "部分采纳", "已据此修改办法第三条")
