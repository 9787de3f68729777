"""The assessment evidence: a consultation whose feedback is late scores nothing, one on time
scores in full, one still inside the limit does not count."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.assessment.registry import get_rule
from gongkai.consultations.models import Consultation, ConsultationStatus
from gongkai.units.models import Unit

pytestmark = pytest.mark.django_db


def test_feedback_rule_scores_on_time_share_with_evidence(make_consultation, programme):
    unit = Unit.objects.get(name="县农业农村局")
    late = make_consultation(
        title="逾期未反馈", opens_in=-dt.timedelta(days=90), closes_in=-dt.timedelta(days=60)
    )
    on_time = make_consultation(
        title="按时反馈", opens_in=-dt.timedelta(days=90), closes_in=-dt.timedelta(days=60)
    )
    Consultation.objects.filter(pk=on_time.pk).update(
        status=ConsultationStatus.FEEDBACK,
        feedback_published_at=on_time.closes_at + dt.timedelta(days=2),
    )
    make_consultation(title="刚结束", closes_in=-dt.timedelta(minutes=1))
    rule = get_rule("consultation_feedback_on_time")
    results = rule.fn(programme, [unit, Unit.objects.get(name="镇靖镇")])
    assert set(results) == {unit.pk}  # the other unit has no closed consultation
    result = results[unit.pk]
    assert result.ratio == 0.5
    labels = [e.label for e in result.evidence]
    assert any("逾期未反馈" in label and "逾期" in label for label in labels)
    assert any("按时反馈" in label for label in labels)
    assert not any("刚结束" in label for label in labels)
    assert late.get_staff_url() in [e.url for e in result.evidence]
