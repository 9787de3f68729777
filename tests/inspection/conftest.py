"""Rows for the self-check: a public column item whose last update is N days ago, and netizen
messages N days old (county days: the day of the update or the message is day 0)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.questions.models import Question, QuestionStatus
from gongkai.units.models import Unit

_numbers = itertools.count(1)


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def interview_updated(programme):
    """``interview_updated(days)``: a public interview last changed ``days`` ago."""

    def make(days: int, unit: str = "县农业农村局") -> Interview:
        interview = Interview.objects.create(
            programme=programme,
            unit=Unit.objects.get(name=unit),
            topic=f"访谈{next(_numbers)}",
            status=InterviewStatus.ARCHIVED,
            starts_at=days_ago(days),
        )
        Interview.objects.filter(pk=interview.pk).update(updated_at=days_ago(days))
        return interview

    return make


@pytest.fixture
def message(interview_updated):
    """``message(days)``: an approved netizen message asked ``days`` ago, without an answer."""
    interview = interview_updated(1)

    def make(days: int, status: str = QuestionStatus.APPROVED) -> Question:
        n = next(_numbers)
        return Question.objects.create(
            interview=interview,
            nickname=f"网友{n}",
            text="请问补贴什么时候发放？",
            lookup_hash=f"hash-{n}",
            asked_at=days_ago(days),
            due_date=timezone.localdate() - dt.timedelta(days=days - 3),
            status=status,
        )

    return make


@pytest.fixture
def settings_row(db):
    """``settings_row(field=value, ...)``: the county's thresholds with these changes."""
    from gongkai.inspection.models import InspectionSettings

    def make(**values) -> InspectionSettings:
        row = InspectionSettings.objects.order_by("pk").first() or InspectionSettings()
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        return row

    return make
