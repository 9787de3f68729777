"""Rows for the portal benchmark (bench/portal_load.py): a text record for every archived
interview the script created, so the archived page carries a realistic transcript."""

from __future__ import annotations

import random

from django.utils import timezone

LINES_PER_INTERVIEW = 40


def generate_load(programme, *, scale: int, rng: random.Random) -> dict[str, int]:
    from gongkai.interviews.models import FeedLine, Interview, InterviewStatus, SpeakerKind

    bare = Interview.objects.filter(programme=programme, status=InterviewStatus.ARCHIVED).exclude(
        feed_lines__isnull=False
    )
    lines = []
    for interview in bare.only("id", "starts_at"):
        for n in range(LINES_PER_INTERVIEW):
            speaker = SpeakerKind.HOST if n % 2 == 0 else SpeakerKind.GUEST
            lines.append(
                FeedLine(
                    interview_id=interview.pk,
                    speaker_kind=speaker,
                    text=f"第{n + 1}段：今年在{rng.choice(['就业', '教育', '医疗', '农业'])}方面的工作进展和下一步打算。",
                    said_at=interview.starts_at or timezone.now(),
                )
            )
    FeedLine.objects.bulk_create(lines, batch_size=2000)
    return {"feed_lines": FeedLine.objects.count()}
