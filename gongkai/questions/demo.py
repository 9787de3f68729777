"""Demo netizen messages (data/demo.json) on the 2023 interviews the interviews demo creates:
on an archived interview, questions answered live and later (and rated), rejected, merged and
sent to the unit; on a preview, questions waiting for review (one flagged) and one approved.
Does nothing when there are no interviews; loading twice changes nothing.

Demo lookup codes: DEMO-2023-0001 (answered live), DEMO-2023-0003 (merged into 0001),
DEMO-2023-0011 (waiting for review)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.counties import resolve, scope
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.questions import screening, services
from gongkai.questions.models import (
    Answer,
    AnswerMode,
    Question,
    QuestionStatus,
    RejectReason,
    SensitiveWord,
)
from gongkai.security.fields import blind_index

DATA = Path(__file__).resolve().parent / "data" / "demo.json"


def _code_prefix() -> str:
    """The first 8 of the demo questions' 12-character lookup codes: DEMO2023 in the first
    county, DEMO0002... in the others (lookup codes are unique deployment-wide)."""
    county_id = scope.current_id()
    counties = resolve.all_counties()
    if county_id is None or not counties or county_id == min(c.pk for c in counties):
        return "DEMO2023"
    return f"DEMO{county_id:04d}"


def _create(interview: Interview, row: dict, asked_at: dt.datetime) -> Question | None:
    lookup = blind_index(f"{_code_prefix()}{row['code']}")
    if Question.objects.filter(lookup_hash=lookup).exists():
        return None
    matched = screening.find_words(row["text"])
    return Question.objects.create(
        interview=interview,
        nickname=row["nickname"],
        kind=row["kind"],
        text=row["text"],
        lookup_hash=lookup,
        asked_at=asked_at,
        due_date=services.due_date_for(row["kind"], timezone.localdate(asked_at), interview),
        flagged=bool(matched),
        matched_words=matched,
        phone_encrypted=row.get("phone", ""),
    )


def _load_archive(interview: Interview, rows: list[dict], suffix: str, now: dt.datetime) -> None:
    service = User.objects.filter(role=Role.SERVICE_CENTER).order_by("id").first()
    unit_user = (
        User.objects.filter(role=Role.UNIT_STAFF, unit=interview.unit).order_by("id").first()
    )
    start = interview.starts_at or now - dt.timedelta(days=30)
    created = []
    for i, row in enumerate(rows):
        question = _create(interview, row, start - dt.timedelta(days=2, minutes=i * 7))
        if question is not None:
            created.append((question, row))
    kept = next((q for q, row in created if row["state"] == "live"), None)
    for question, row in created:
        question.reviewed_by = service
        question.reviewed_at = question.asked_at + dt.timedelta(hours=2)
        state = row["state"]
        if state == "rejected":
            question.status = QuestionStatus.REJECTED
            question.reject_reason = RejectReason.ADVERTISING
        elif state == "merged" and kept is not None:
            question.status = QuestionStatus.MERGED
            question.merged_into = kept
        else:
            question.status = QuestionStatus.APPROVED
        if state == "sent":
            question.sent_to_unit_at = start + dt.timedelta(hours=2)
        if "answer" in row:
            live = state == "live"
            published = start + (dt.timedelta(minutes=40) if live else dt.timedelta(days=2))
            Answer.objects.create(
                question=question,
                mode=AnswerMode.LIVE if live else AnswerMode.WRITTEN,
                speaker=f"{interview.unit.name}{suffix}",
                text=row["answer"],
                drafted_by=unit_user,
                drafted_at=published,
                approved_by=service,
                published_at=published,
                on_time=live or timezone.localdate(published) <= question.due_date,
            )
            question.satisfaction = row.get("rating")
            question.rated_at = published + dt.timedelta(days=1)
        question.save()


def _load_preview(interview: Interview, rows: list[dict], now: dt.datetime) -> None:
    service = User.objects.filter(role=Role.SERVICE_CENTER).order_by("id").first()
    for i, row in enumerate(rows):
        question = _create(interview, row, now - dt.timedelta(hours=5 - i))
        if question is not None and row["state"] == "approved":
            question.status = QuestionStatus.APPROVED
            question.reviewed_by = service
            question.reviewed_at = now
            question.save()


@transaction.atomic
def load_demo(programme) -> None:
    interviews = Interview.objects.filter(programme=programme).select_related("unit")
    archived = interviews.filter(status=InterviewStatus.ARCHIVED).first()
    preview = interviews.filter(status=InterviewStatus.PREVIEW).first()
    if archived is None and preview is None:
        return
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for word in data["words"]:
        SensitiveWord.objects.get_or_create(word=word)
    now = timezone.now()
    if archived is not None:
        _load_archive(archived, data["archive"], data["speaker_suffix"], now)
    if preview is not None:
        _load_preview(preview, data["preview"], now)
