"""Rows for the portal benchmark (bench/portal_load.py): 2,000 netizen messages for every
archived interview (most approved and answered), as the issue's realistic data asks."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

PER_INTERVIEW = 2000


def generate_load(programme, *, scale: int, rng: random.Random) -> dict[str, int]:
    from django.db.models import Count

    from gongkai.interviews.models import Interview, InterviewStatus
    from gongkai.questions.models import Answer, AnswerMode, Question, QuestionStatus

    interviews = (
        Interview.objects.filter(programme=programme, status=InterviewStatus.ARCHIVED)
        .annotate(n=Count("questions"))
        .filter(n=0)
    )
    for interview in interviews:
        asked = interview.starts_at or timezone.now()
        questions = Question.objects.bulk_create(
            [
                Question(
                    interview=interview,
                    nickname=f"网友{n}",
                    text=f"请问{rng.choice(['就业', '教育', '医疗', '农业'])}方面今年有什么新政策？（{n}）",
                    lookup_hash=f"bench-{interview.pk}-{n}",
                    asked_at=asked,
                    due_date=(asked + dt.timedelta(days=10)).date(),
                    status=QuestionStatus.APPROVED if n % 10 else QuestionStatus.REJECTED,
                    satisfaction=rng.randint(3, 5) if n % 3 == 0 else None,
                )
                for n in range(PER_INTERVIEW)
            ],
            batch_size=2000,
        )
        Answer.objects.bulk_create(
            [
                Answer(
                    question=question,
                    mode=AnswerMode.LIVE,
                    text="感谢您的关注，相关政策已在政府网站公开，请查阅。",
                    published_at=asked,
                    on_time=True,
                )
                for question in questions
                if question.status == QuestionStatus.APPROVED
            ],
            batch_size=2000,
        )
    return {"questions": Question.objects.count()}
