"""Business actions on netizen messages. Each is one transaction; live events are stored in the
transaction and pushed after it commits (gongkai.live.services.publish)."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.services import record
from gongkai.counties import scope
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.live import services as live
from gongkai.live.services import publish
from gongkai.questions import process_cache, screening, similarity
from gongkai.questions.models import (
    DEFAULT_REPLY_LIMITS,
    INTERVIEW_REPLY_DAYS,
    Answer,
    AnswerMode,
    Question,
    QuestionStatus,
    RejectReason,
    ReplyLimit,
    SensitiveWord,
)
from gongkai.security.fields import blind_index
from gongkai.workdays.dates import add_workdays

# Interviews in these states take questions: 预约提问 on the preview, and during the live.
ASKING_STATES = (InterviewStatus.PREVIEW, InterviewStatus.LIVE)
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


# --- reading -------------------------------------------------------------------------------


def takes_questions(interview: Interview) -> bool:
    return interview.status in ASKING_STATES


# The interview a question is sent to, as the intake reads it on every question: held per
# process for at most a second (a change saved in this process drops it at once), so the
# accepted path reads no interview row. Closing an interview reaches every process within a
# second; a question sent in that second is kept and reviewed like any other.
INTAKE_HOLD_SECONDS = 1.0
_intake_interviews: dict[int, tuple[float, Interview]] = {}


def intake_interview(pk: int) -> Interview | None:
    """The non-draft interview ``pk`` with the fields the intake needs, or None."""
    now = time.monotonic()
    held = _intake_interviews.get(pk)
    if held is not None and now - held[0] < INTAKE_HOLD_SECONDS:
        return held[1]
    interview = (
        Interview.objects.exclude(status=InterviewStatus.DRAFT)
        .only("id", "status", "starts_at")
        .filter(pk=pk)
        .first()
    )
    if interview is None:
        _intake_interviews.pop(pk, None)
    else:
        _intake_interviews[pk] = (now, interview)
    return interview


def forget_intake_interview(sender: Any = None, instance: Any = None, **kwargs: Any) -> None:
    """Signal receiver: an interview changed in this process; read it afresh next time."""
    if instance is None:
        _intake_interviews.clear()
    else:
        _intake_interviews.pop(instance.pk, None)


def _load_reply_limits() -> dict[str, int]:
    limits = {str(k): v for k, v in DEFAULT_REPLY_LIMITS.items()}
    limits.update(ReplyLimit.objects.values_list("kind", "working_days"))
    return limits


def reply_limits() -> dict[str, int]:
    return dict(process_cache.memo("reply-limits", _load_reply_limits))


def due_date_for(kind: str, asked_on: dt.date, interview: Interview) -> dt.date:
    """The reply is due ``limit`` working days after the later of the asking day and the
    interview day (a question booked before the interview waits for it), where ``limit`` is the
    kind's limit but never more than the 5 working days promised for interview questions."""
    start = asked_on
    if interview.starts_at:
        start = max(start, timezone.localdate(interview.starts_at))
    days = min(reply_limits().get(kind, INTERVIEW_REPLY_DAYS), INTERVIEW_REPLY_DAYS)
    # Per county: each county's working days are the city's and its own.
    return process_cache.memo(
        ("due", scope.current_id(), start, days), lambda: add_workdays(start, days)
    )


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def find_by_code(code: str) -> Question | None:
    normalised = normalise_code(code)
    if len(normalised) != 12:
        return None
    return (
        Question.objects.select_related(
            "interview__unit", "answer", "merged_into__answer", "merged_into__interview"
        )
        .filter(lookup_hash=blind_index(normalised))
        .first()
    )


# --- live events ---------------------------------------------------------------------------


def list_target(interview: Interview) -> str:
    return f"questions-{interview.pk}"


def render_item(question: Question) -> str:
    return render_to_string("questions/_question_item.html", {"question": question})


def _push(question: Question, type_: str, mode: str) -> None:
    payload: dict[str, Any] = {
        "target": list_target(question.interview),
        "key": question.element_id,
        "mode": mode,
        "html": "" if mode == "remove" else render_item(question),
        "question_id": question.pk,
    }
    if type_ == "question.answered":
        payload["answer_mode"] = question.answer.mode
    channel = question.interview.channel
    # What was taken back or corrected must not come back on a replay (Last-Event-ID: 0).
    if mode == "remove":
        live.retract(channel, question.element_id)
    elif type_ in ("question.updated", "question.answered"):
        live.rewrite(channel, question.element_id, payload["html"])
    publish(channel, type_, payload)


def _was_published(question: Question) -> bool:
    return question.status == QuestionStatus.APPROVED and question.is_public


# --- asking --------------------------------------------------------------------------------


@transaction.atomic
def ask_question(
    interview: Interview,
    *,
    nickname: str,
    text: str,
    kind: str,
    phone: str = "",
    is_public: bool = True,
    now: dt.datetime | None = None,
) -> tuple[Question, str]:
    """Store a netizen's question; returns it with the private lookup code (shown once).

    Sensitive words flag the question for the reviewer; they never refuse it."""
    if not takes_questions(interview):
        raise ValidationError(_("This interview no longer takes questions."))
    now = now or timezone.now()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    matched = screening.find_words(f"{nickname}\n{text}")
    question = Question.objects.create(
        interview=interview,
        nickname=nickname.strip(),
        text=text.strip(),
        kind=kind,
        phone_encrypted=phone.strip(),
        is_public=is_public,
        lookup_hash=blind_index(code),
        asked_at=now,
        due_date=due_date_for(kind, timezone.localdate(now), interview),
        flagged=bool(matched),
        matched_words=matched,
    )
    return question, f"{code[:4]}-{code[4:8]}-{code[8:]}"


# --- moderation ----------------------------------------------------------------------------


def _reviewed(question: Question, by: Any) -> None:
    question.reviewed_by = by
    question.reviewed_at = timezone.now()


def _locked(question: Question) -> Question:
    return Question.objects.select_for_update().select_related("interview").get(pk=question.pk)


@transaction.atomic
def approve_question(question: Question, *, by: Any) -> Question:
    question = _locked(question)
    if question.status not in (QuestionStatus.PENDING, QuestionStatus.REJECTED):
        raise ValidationError(_("Only a question waiting for review or rejected can be approved."))
    question.status = QuestionStatus.APPROVED
    question.reject_reason = ""
    question.reject_note = ""
    _reviewed(question, by)
    question.save()
    if question.is_public:
        _push(question, "question.approved", "append")
    return question


@transaction.atomic
def approve_questions(ids: Iterable[int], *, by: Any) -> int:
    """Approve every listed question still waiting for review; returns how many."""
    count = 0
    pending = (
        Question.objects.select_for_update()
        .select_related("interview")
        .filter(pk__in=list(ids), status=QuestionStatus.PENDING)
    )
    for question in pending:
        question.status = QuestionStatus.APPROVED
        _reviewed(question, by)
        question.save()
        if question.is_public:
            _push(question, "question.approved", "append")
        count += 1
    return count


def allowed_actions(question: Question, answer: Any = None) -> frozenset[str]:
    """The moderation steps the question's state allows, as the staff page offers them:
    approve (waiting or rejected), reject (not yet rejected or merged), send to the unit (once,
    before it is rejected or merged), correct the text (while it is waiting or approved),
    merge into another (while waiting or approved and not answered in public)."""
    status = question.status
    live = status in (QuestionStatus.PENDING, QuestionStatus.APPROVED)
    actions = set()
    if status in (QuestionStatus.PENDING, QuestionStatus.REJECTED):
        actions.add("approve")
    if live:
        actions |= {"reject", "correct"}
        if question.sent_to_unit_at is None:
            actions.add("send")
        if answer is None or answer.published_at is None:
            actions.add("merge")
    return frozenset(actions)


@transaction.atomic
def reject_question(question: Question, *, by: Any, reason: str, note: str = "") -> Question:
    if reason not in RejectReason.values:
        raise ValidationError(_("Please choose a reason from the list."))
    if reason == RejectReason.OTHER and not note.strip():
        raise ValidationError(_("Please write the reason when you choose “Other”."))
    question = _locked(question)
    if question.status == QuestionStatus.MERGED:
        raise ValidationError(_("A merged question cannot be rejected; it follows the kept one."))
    was_published = _was_published(question)
    question.status = QuestionStatus.REJECTED
    question.reject_reason = reason
    question.reject_note = note.strip()
    _reviewed(question, by)
    question.save()
    if was_published:
        _push(question, "question.removed", "remove")
    return question


@transaction.atomic
def correct_question(question: Question, *, by: Any, text: str) -> Question:
    """Correct a typo. The asker's original text is kept and the change is audited."""
    text = text.strip()
    if not text:
        raise ValidationError(_("The question cannot be empty."))
    question = _locked(question)
    before = question.text
    if text == before:
        return question
    if not question.original_text:
        question.original_text = before
    question.text = text
    question.save()
    record(
        "question.corrected",
        instance=question,
        before={"text": before},
        after={"text": text},
        user=by,
    )
    transaction.on_commit(lambda: similarity.text_changed(question.interview_id))
    if _was_published(question):
        _push(question, "question.updated", "replace")
    return question


@transaction.atomic
def merge_questions(duplicate: Question, *, into: Question, by: Any) -> Question:
    """Merge a duplicate into the kept question: its asker sees the kept one's answer."""
    duplicate = _locked(duplicate)
    into = _locked(into)
    if duplicate.pk == into.pk:
        raise ValidationError(_("A question cannot be merged into itself."))
    if duplicate.interview_id != into.interview_id:
        raise ValidationError(_("Only questions on the same interview can be merged."))
    if into.status in (QuestionStatus.MERGED, QuestionStatus.REJECTED):
        raise ValidationError(
            _(
                "Merge into a question that is waiting for review or approved, not one that is %(s)s."
            )
            % {"s": into.get_status_display()}
        )
    was_published = _was_published(duplicate)
    duplicate.status = QuestionStatus.MERGED
    duplicate.merged_into = into
    _reviewed(duplicate, by)
    duplicate.save()
    # Questions merged into the duplicate earlier now point at the kept one too.
    # Saved one by one so each change lands in the audit log (a queryset update would not).
    for earlier in Question.objects.filter(merged_into=duplicate):
        earlier.merged_into = into
        earlier.save(update_fields=["merged_into"])
    if was_published:
        _push(duplicate, "question.removed", "remove")
    return duplicate


@transaction.atomic
def send_to_unit(question: Question, *, by: Any) -> Question:
    """Send the question to the interviewed unit (the guest), whose staff draft the answer."""
    question = _locked(question)
    if question.status not in (QuestionStatus.PENDING, QuestionStatus.APPROVED):
        raise ValidationError(_("Only a question waiting for review or approved can be sent."))
    if question.sent_to_unit_at is None:
        question.sent_to_unit_at = timezone.now()
        question.save()
    return question


# --- answers -------------------------------------------------------------------------------


def _publish_answer(answer: Answer, *, by: Any, now: dt.datetime) -> None:
    question = answer.question
    if question.status != QuestionStatus.APPROVED:
        raise ValidationError(_("Approve the question before publishing its answer."))
    answer.approved_by = by
    answer.published_at = now
    answer.on_time = answer.mode == AnswerMode.LIVE or timezone.localdate(now) <= question.due_date
    answer.save()
    if question.is_public:
        _push(question, "question.answered", "replace")


@transaction.atomic
def answer_question(
    question: Question,
    *,
    by: Any,
    text: str,
    speaker: str,
    mode: str,
    publish_now: bool = False,
    now: dt.datetime | None = None,
) -> Answer:
    """Write (or rewrite) the answer. A reviewer may publish at once (e.g. typed live during
    the interview); a unit's draft waits for the service center."""
    if not text.strip() or not speaker.strip():
        raise ValidationError(_("Please fill in both the answer and who gave it."))
    if mode not in AnswerMode.values:
        raise ValidationError(_("Please say whether the question was answered live or later."))
    question = _locked(question)
    if question.status in (QuestionStatus.REJECTED, QuestionStatus.MERGED):
        raise ValidationError(_("A rejected or merged question gets no answer of its own."))
    now = now or timezone.now()
    answer = Answer.objects.filter(question=question).first() or Answer(question=question)
    if answer.is_published and not publish_now:
        raise ValidationError(_("The answer is already published; only a reviewer can change it."))
    answer.question = question
    answer.text = text.strip()
    answer.speaker = speaker.strip()
    answer.mode = mode
    answer.drafted_by = by
    answer.drafted_at = now
    answer.save()
    if publish_now:
        _publish_answer(answer, by=by, now=now)
    return answer


@transaction.atomic
def approve_answer(answer: Answer, *, by: Any, now: dt.datetime | None = None) -> Answer:
    answer = (
        Answer.objects.select_for_update().select_related("question__interview").get(pk=answer.pk)
    )
    if answer.is_published:
        raise ValidationError(_("This answer is already published."))
    _publish_answer(answer, by=by, now=now or timezone.now())
    return answer


@transaction.atomic
def rate_answer(question: Question, *, satisfaction: int) -> Question:
    """The asker rates the reply they see (the kept question's when merged), 1 to 5."""
    if not 1 <= satisfaction <= 5:
        raise ValidationError(_("Please choose from 1 (very unsatisfied) to 5 (very satisfied)."))
    question = Question.objects.select_for_update().get(pk=question.pk)
    shown = question.answering_question
    answer = Answer.objects.filter(question=shown, published_at__isnull=False).first()
    if answer is None:
        raise ValidationError(_("You can rate the reply once it is published."))
    question.satisfaction = satisfaction
    question.rated_at = timezone.now()
    question.save()
    return question


# --- settings kept by the service center ---------------------------------------------------


@transaction.atomic
def add_sensitive_words(words: Iterable[str]) -> int:
    new = {w.strip() for w in words if w.strip()}
    # Words already listed by this county or, for a county, by the city (the city's base list
    # applies to every county); in the city's scope only the city's own list counts.
    listed = SensitiveWord.objects.filter(word__in=new)
    if scope.is_all():
        listed = listed.filter(scope.own_rows())
    existing = set(listed.values_list("word", flat=True))
    created = [SensitiveWord(word=w) for w in sorted(new - existing)]
    for word in created:
        word.save()
    return len(created)


@transaction.atomic
def remove_sensitive_word(word: SensitiveWord) -> None:
    if not SensitiveWord.objects.filter(scope.own_rows(), pk=word.pk).exists():
        raise PermissionError("the city's base words are changed by the city")
    word.delete()


@transaction.atomic
def set_reply_limit(kind: str, working_days: int) -> ReplyLimit:
    if not 1 <= working_days <= 60:
        raise ValidationError(_("Please give a number of working days from 1 to 60."))
    limit, _created = ReplyLimit.objects.update_or_create(
        kind=kind, defaults={"working_days": working_days}
    )
    return limit


def public_statistics() -> list[tuple[str, Any]]:
    """The portal's 互动数据 figures (label → value), from ``stats.overall()``; empty when no
    message has been received yet."""
    from gongkai.questions import stats

    s = stats.overall()
    if not s["questions"]:
        return []

    def percent(value: float | None) -> str:
        return "–" if value is None else f"{value}%"

    return [
        (_("Messages received"), s["questions"]),
        (_("Approved"), s["approved"]),
        (_("Answered"), s["answered"]),
        (_("Reply rate"), percent(s["reply_rate"])),
        (_("On-time rate"), percent(s["on_time_rate"])),
        (
            _("Average satisfaction (1–5)"),
            "–" if s["satisfaction"] is None else s["satisfaction"],
        ),
    ]
