"""Demo netizen messages on the 2023 interviews the interviews demo creates: an archived
interview with questions answered live and later, rejected, merged and rated; a preview with
questions waiting for review (one flagged). Does nothing when there are no interviews.

Demo lookup codes: DEMO-2023-0001 (answered live), DEMO-2023-0003 (merged), DEMO-2023-0011
(waiting for review)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.core.fields import blind_index
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.questions import services
from gongkai.questions.models import Answer, AnswerMode, Question, QuestionStatus, SensitiveWord

DEMO_WORDS = ["赌博", "传销", "非法集资", "代开发票", "办证"]

ARCHIVE_QUESTIONS = [
    # code, nickname, kind, text, state
    ("0001", "靖边老乡", "consult", "今年的耕地地力保护补贴什么时候发放？标准是多少？", "live"),
    ("0002", "种地人", "suggest", "建议在镇上多设几个农机维修点，农忙时修车太远了。", "written"),
    ("0003", "张家畔网友", "consult", "耕地地力补贴今年什么时候能到账？", "merged"),
    ("0004", "路过", "other", "低价出售二手手机，联系微信xxxx", "rejected"),
    (
        "0005",
        "果农小李",
        "complain",
        "村里的冷库建好两年了还没有通电，果子放不进去。",
        "pending_answer",
    ),
]
PREVIEW_QUESTIONS = [
    ("0011", "网友甲", "consult", "高标准农田建设明年还有哪些村能纳入？", "pending"),
    ("0012", "热心群众", "complain", "有人以合作社名义搞非法集资，希望有关部门查一查。", "pending"),
    ("0013", "返乡青年", "consult", "返乡创业贷款的贴息政策怎么申请？", "approved"),
]


def _code(suffix: str) -> str:
    return f"DEMO2023{suffix}"


def _staff() -> tuple[User | None, User | None]:
    service = User.objects.filter(role=Role.SERVICE_CENTER).order_by("id").first()
    unit_user = User.objects.filter(role=Role.UNIT_STAFF).order_by("id").first()
    return service, unit_user


def _create(interview: Interview, row, asked_at: dt.datetime) -> Question | None:
    code, nickname, kind, text, _state = row
    lookup = blind_index(_code(code))
    if Question.objects.filter(lookup_hash=lookup).exists():
        return None
    matched = services.screening.find_words(text)
    return Question.objects.create(
        interview=interview,
        nickname=nickname,
        kind=kind,
        text=text,
        lookup_hash=lookup,
        asked_at=asked_at,
        due_date=services.due_date_for(kind, timezone.localdate(asked_at), interview),
        flagged=bool(matched),
        matched_words=matched,
        phone_encrypted="13800000000" if code == "0005" else "",
    )


@transaction.atomic
def load_demo(programme) -> None:
    interviews = Interview.objects.filter(programme=programme).select_related("unit")
    archived = interviews.filter(status=InterviewStatus.ARCHIVED).first()
    preview = interviews.filter(status=InterviewStatus.PREVIEW).first()
    if archived is None and preview is None:
        return
    for word in DEMO_WORDS:
        SensitiveWord.objects.get_or_create(word=word)
    service, unit_user = _staff()
    now = timezone.now()
    if archived is not None:
        start = archived.starts_at or now - dt.timedelta(days=30)
        created = {}
        for i, row in enumerate(ARCHIVE_QUESTIONS):
            question = _create(archived, row, start - dt.timedelta(days=2, minutes=i * 7))
            if question is not None:
                created[row[0]] = (question, row[4])
        kept = created.get("0001", (None,))[0]
        for question, state in created.values():
            question.reviewed_by = service
            question.reviewed_at = question.asked_at + dt.timedelta(hours=2)
            if state == "rejected":
                question.status = QuestionStatus.REJECTED
                question.reject_reason = "advertising"
            elif state == "merged" and kept is not None:
                question.status = QuestionStatus.MERGED
                question.merged_into = kept
            else:
                question.status = QuestionStatus.APPROVED
            if state == "pending_answer":
                question.sent_to_unit_at = start + dt.timedelta(hours=2)
            question.save()
            if state in ("live", "written"):
                live = state == "live"
                published = start + (dt.timedelta(minutes=40) if live else dt.timedelta(days=2))
                Answer.objects.create(
                    question=question,
                    mode=AnswerMode.LIVE if live else AnswerMode.WRITTEN,
                    speaker=f"{archived.unit.name}负责人",
                    text=(
                        "今年的补贴将于10月底前通过“一卡通”直接发放到户，标准按县里公布的执行。"
                        if live
                        else "感谢您的建议。我们将在三个中心镇各增设一个农机维修服务点，明年春耕前投用。"
                    ),
                    drafted_by=unit_user,
                    drafted_at=published,
                    approved_by=service,
                    published_at=published,
                    on_time=live or timezone.localdate(published) <= question.due_date,
                )
                question.satisfaction = 5 if live else 4
                question.rated_at = published + dt.timedelta(days=1)
                question.save()
    if preview is not None:
        for i, row in enumerate(PREVIEW_QUESTIONS):
            question = _create(preview, row, now - dt.timedelta(hours=5 - i))
            if question is not None and row[4] == "approved":
                question.status = QuestionStatus.APPROVED
                question.reviewed_by = service
                question.reviewed_at = now
                question.save()
