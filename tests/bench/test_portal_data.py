"""bench/portal_data: the portal benchmark's rows (they live under bench/, not in the product)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from bench import portal_data
from bench.portal_data import interviews, policies, questions, visits
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.policies.models import PolicyDocument
from gongkai.questions.models import Question
from gongkai.units.models import Unit


def test_bench_generators_fill_every_column(programme):
    unit = Unit.objects.implementing().first()
    archived = Interview.objects.create(
        programme=programme,
        unit=unit,
        topic="压测访谈",
        status=InterviewStatus.ARCHIVED,
        starts_at=timezone.now() - dt.timedelta(days=3),
    )
    counts = portal_data.generate_load(programme, scale=1, rng=random.Random(1))
    assert archived.feed_lines.count() == interviews.LINES_PER_INTERVIEW
    assert counts["questions"] == questions.PER_INTERVIEW
    assert Question.objects.published().filter(answer__isnull=False).count() == 1800
    assert counts["activities"] == visits.PER_UNIT * Unit.objects.implementing().count()
    assert PolicyDocument.objects.public().count() == policies.PER_SCALE
    # A second run at the same scale adds nothing.
    assert portal_data.generate_load(programme, scale=1, rng=random.Random(2)) == counts
