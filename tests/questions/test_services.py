import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.interviews.models import InterviewStatus
from gongkai.questions import services
from gongkai.questions.models import (
    AnswerMode,
    Question,
    QuestionStatus,
    RejectReason,
    SensitiveWord,
)
from gongkai.workdays.models import DayOverride

ASKED = timezone.make_aware(dt.datetime(2023, 9, 22, 10, 0))  # a Friday


def ask(interview, **kwargs):
    kwargs.setdefault("nickname", "网友")
    kwargs.setdefault("text", "请问补贴什么时候发放？")
    kwargs.setdefault("kind", "consult")
    return services.ask_question(interview, **kwargs)


def test_ask_question_stores_code_hash_and_encrypted_phone(interview):
    question, code = ask(interview, phone="13812345678")
    assert len(services.normalise_code(code)) == 12
    assert services.find_by_code(code.lower()) == question
    assert code not in question.lookup_hash
    with connection.cursor() as cursor:
        cursor.execute(
            "select phone_encrypted from questions_question where id = %s", [question.pk]
        )
        stored = cursor.fetchone()[0]
    assert "13812345678" not in stored
    assert Question.objects.get(pk=question.pk).phone_encrypted == "13812345678"
    audit = AuditEntry.objects.filter(model="questions.Question", object_id=str(question.pk))
    assert audit.exists() and all("13812345678" not in str(e.after) for e in audit)


def test_ask_question_flags_sensitive_words_never_drops(interview):
    services.add_sensitive_words(["赌博", "Fake"])
    question, _code = ask(interview, text="村里有人赌博，还有FAKE广告")
    assert question.flagged is True
    assert question.matched_words == ["Fake", "赌博"]
    assert question.status == QuestionStatus.PENDING
    assert Question.objects.filter(pk=question.pk).exists()


def test_ask_question_word_list_change_rebuilds_automaton(interview):
    first, _ = ask(interview, text="关于彩票的问题")
    assert first.flagged is False
    services.add_sensitive_words(["彩票"])
    second, _ = ask(interview, text="关于彩票的问题")
    assert second.matched_words == ["彩票"]
    services.remove_sensitive_word(SensitiveWord.objects.get(word="彩票"))
    third, _ = ask(interview, text="关于彩票的问题")
    assert third.flagged is False


def test_ask_question_refused_when_archived(make_interview):
    with pytest.raises(ValidationError):
        ask(make_interview(InterviewStatus.ARCHIVED))
    assert Question.objects.count() == 0


def test_due_date_uses_kind_limit_capped_at_interview_five_days(make_interview):
    iv = make_interview(
        InterviewStatus.PREVIEW, starts_at=timezone.make_aware(dt.datetime(2023, 9, 18, 9))
    )
    consult, _ = ask(iv, kind="consult", now=ASKED)
    suggest, _ = ask(iv, kind="suggest", now=ASKED)
    assert consult.due_date == dt.date(2023, 9, 27)  # Fri + 3 working days
    assert suggest.due_date == dt.date(2023, 9, 29)  # 7 capped at 5
    services.set_reply_limit("consult", 1)
    DayOverride.objects.create(date=dt.date(2023, 9, 25), is_workday=False)
    again, _ = ask(iv, kind="consult", now=ASKED)
    assert again.due_date == dt.date(2023, 9, 26)


def test_due_date_counts_from_interview_day_when_asked_before(make_interview):
    iv = make_interview(
        InterviewStatus.PREVIEW, starts_at=timezone.make_aware(dt.datetime(2023, 9, 25, 9))
    )
    question, _ = ask(iv, kind="complain", now=ASKED)
    assert question.due_date == dt.date(2023, 10, 2)


def test_approve_question_publishes_event_only_when_public(interview, personas):
    public, _ = ask(interview)
    private, _ = ask(interview, is_public=False)
    services.approve_question(public, by=personas["service_center"])
    services.approve_question(private, by=personas["service_center"])
    from gongkai.live.models import LiveEvent

    events = list(LiveEvent.objects.filter(channel=interview.channel))
    assert [(e.type, e.payload["question_id"]) for e in events] == [
        ("question.approved", public.pk)
    ]


def test_approve_question_twice_is_refused(interview, personas):
    question, _ = ask(interview)
    services.approve_question(question, by=personas["service_center"])
    with pytest.raises(ValidationError):
        services.approve_question(question, by=personas["service_center"])


def test_approve_questions_bulk_only_pending(interview, personas):
    a, _ = ask(interview)
    b, _ = ask(interview)
    c, _ = ask(interview)
    services.reject_question(c, by=personas["service_center"], reason=RejectReason.ADVERTISING)
    count = services.approve_questions([a.pk, b.pk, c.pk], by=personas["service_center"])
    assert count == 2
    statuses = dict(Question.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "approved", b.pk: "approved", c.pk: "rejected"}


def test_reject_question_other_needs_note(interview, personas):
    question, _ = ask(interview)
    with pytest.raises(ValidationError):
        services.reject_question(question, by=personas["service_center"], reason="other")
    with pytest.raises(ValidationError):
        services.reject_question(question, by=personas["service_center"], reason="nonsense")
    services.reject_question(
        question, by=personas["service_center"], reason="other", note="重复提交"
    )
    question.refresh_from_db()
    assert (question.status, question.reject_reason, question.reject_note) == (
        "rejected",
        "other",
        "重复提交",
    )


def test_correct_question_keeps_original_and_audits(interview, personas):
    question, _ = ask(interview, text="种粮补帖什么时候发？")
    services.correct_question(question, by=personas["service_center"], text="种粮补贴什么时候发？")
    services.correct_question(question, by=personas["service_center"], text="种粮补贴何时发放？")
    question.refresh_from_db()
    assert question.original_text == "种粮补帖什么时候发？"
    assert question.text == "种粮补贴何时发放？"
    entries = AuditEntry.objects.filter(action="question.corrected", object_id=str(question.pk))
    assert [e.before["text"] for e in entries.order_by("id")] == [
        "种粮补帖什么时候发？",
        "种粮补贴什么时候发？",
    ]


def test_merge_questions_duplicates_share_answer_and_rating(interview, personas):
    kept, _ = ask(interview)
    dup, dup_code = ask(interview)
    older, _ = ask(interview)
    services.merge_questions(older, into=dup, by=personas["service_center"])
    services.merge_questions(dup, into=kept, by=personas["service_center"])
    older.refresh_from_db()
    assert older.merged_into_id == kept.pk  # re-pointed to the kept one
    from gongkai.audit.models import AuditEntry

    repointed = (
        AuditEntry.objects.filter(
            model="questions.Question", object_id=str(older.pk), action="update"
        )
        .order_by("id")
        .last()
    )
    assert repointed.after["merged_into_id"] == kept.pk  # and the change is audited
    services.approve_question(kept, by=personas["service_center"])
    services.answer_question(
        kept,
        by=personas["service_center"],
        text="九月底发放",
        speaker="局长",
        mode="live",
        publish_now=True,
    )
    found = services.find_by_code(dup_code)
    assert found.answering_question == kept
    services.rate_answer(found, satisfaction=4)
    assert Question.objects.get(pk=dup.pk).satisfaction == 4


def test_merge_questions_refuses_other_interview_and_self(interview, make_interview, personas):
    a, _ = ask(interview)
    b, _ = ask(make_interview(InterviewStatus.LIVE))
    with pytest.raises(ValidationError):
        services.merge_questions(a, into=b, by=personas["service_center"])
    with pytest.raises(ValidationError):
        services.merge_questions(a, into=a, by=personas["service_center"])


def test_answer_by_unit_waits_for_approval_then_on_time(interview, personas):
    question, _ = ask(interview, now=ASKED)
    services.approve_question(question, by=personas["service_center"])
    services.send_to_unit(question, by=personas["service_center"])
    answer = services.answer_question(
        question, by=personas["unit_staff"], text="答复", speaker="局长", mode=AnswerMode.WRITTEN
    )
    assert answer.published_at is None
    late = timezone.make_aware(
        dt.datetime.combine(question.due_date + dt.timedelta(days=1), dt.time(9))
    )
    services.approve_answer(answer, by=personas["service_center"], now=late)
    answer.refresh_from_db()
    assert answer.published_at == late and answer.on_time is False
    with pytest.raises(ValidationError):
        services.approve_answer(answer, by=personas["service_center"])


def test_answer_needs_approved_question_to_publish(interview, personas):
    question, _ = ask(interview)
    with pytest.raises(ValidationError):
        services.answer_question(
            question,
            by=personas["service_center"],
            text="x",
            speaker="y",
            mode="live",
            publish_now=True,
        )
    from gongkai.questions.models import Answer

    assert Answer.objects.count() == 0  # rolled back


def test_rate_answer_needs_published_answer_and_range(interview, personas):
    question, _ = ask(interview)
    with pytest.raises(ValidationError):
        services.rate_answer(question, satisfaction=5)
    services.approve_question(question, by=personas["service_center"])
    services.answer_question(
        question,
        by=personas["service_center"],
        text="a",
        speaker="b",
        mode="live",
        publish_now=True,
    )
    with pytest.raises(ValidationError):
        services.rate_answer(question, satisfaction=6)
    services.rate_answer(question, satisfaction=2)
    question.refresh_from_db()
    assert question.satisfaction == 2


def test_overdue_queryset_excludes_answered_and_rejected(interview, personas):
    today = dt.date(2023, 10, 20)
    a, _ = ask(interview, now=ASKED)
    b, _ = ask(interview, now=ASKED)
    c, _ = ask(interview, now=ASKED)
    services.reject_question(c, by=personas["service_center"], reason="abusive")
    services.approve_question(b, by=personas["service_center"])
    services.answer_question(
        b, by=personas["service_center"], text="a", speaker="b", mode="written", publish_now=True
    )
    assert list(Question.objects.overdue(today)) == [a]


def test_new_question_keeps_the_page_cache_but_approval_refreshes_it(
    make_interview, personas, django_capture_on_commit_callbacks
):
    """A message waiting for review changes nothing public: the portal's cached pages stay;
    approving it changes the interview page, so they are refreshed."""
    from gongkai.interviews.models import InterviewStatus
    from gongkai.portal import cache as page_cache

    interview = make_interview(InterviewStatus.LIVE)
    before = page_cache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        question, _code = services.ask_question(
            interview, nickname="n", text="问题内容", kind="consult"
        )
    page_cache.forget_local()
    assert page_cache.content_version() == before
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_question(question, by=personas["service_center"])
    page_cache.forget_local()
    assert page_cache.content_version() != before
