"""A county's year of data in bulk rows, for the city's dashboard benchmark and its tests.

``build_county`` writes, inside the county's scope, its units, the year's published programme
(every unit implementing), one interview slot (June), interviews (archived inside the slot,
archived outside it, scheduled), netizen messages with replies (on time, late, none and
overdue), held visit activities (some units) and published policy documents without their
interpretation (late). Rows are made with ``bulk_create`` and carry their county explicitly.
The figures it returns are what the dashboard must show for the county."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from gongkai.counties import scope
from gongkai.lib.deadlines import COUNTY_TZ


@dataclass
class Plan:
    units: int = 4
    visited: int = 2  # units with a held visit activity
    in_slot: int = 1  # archived interviews held inside their slot
    out_of_slot: int = 1  # archived interviews held outside it
    scheduled_only: int = 1  # interviews announced, not held yet
    questions: int = 10  # per archived interview
    replied: int = 6  # of them, per archived interview
    on_time: int = 4  # of the replies
    overdue: int = 2  # approved, unanswered, past their reply date (per archived interview)
    late_documents: int = 1  # published documents whose interpretation is missing


def build_county(county: Any, year: int, plan: Plan | None = None) -> dict[str, int]:
    from gongkai.interviews.models import Interview, InterviewStatus
    from gongkai.policies.models import DocumentStatus, PolicyDocument
    from gongkai.programmes.models import InterviewSlot, Programme
    from gongkai.questions.models import Answer, AnswerMode, Question, QuestionStatus
    from gongkai.units.models import Unit, UnitKind
    from gongkai.visits.models import Activity, ActivityStatus

    plan = plan or Plan()
    tag = county.slug
    with scope.activate(county):
        units = Unit.objects.bulk_create(
            [
                Unit(county=county, name=f"{county.name}单位{i}", kind=UnitKind.DEPARTMENT)
                for i in range(plan.units)
            ]
        )
        programme = Programme.objects.create(
            county=county, year=year, title=f"{year}年政务公开", notice_published=True
        )
        programme.participants.set(units)
        slot = InterviewSlot.objects.create(
            programme=programme, start=dt.date(year, 6, 1), end=dt.date(year, 6, 30)
        )

        def at(month: int, day: int) -> dt.datetime:
            return dt.datetime(year, month, day, 9, 30, tzinfo=COUNTY_TZ)

        interviews = []
        for i in range(plan.in_slot + plan.out_of_slot + plan.scheduled_only):
            held = i < plan.in_slot + plan.out_of_slot
            when = at(6, 10) if i < plan.in_slot else at(7, 10) if held else at(11, 20)
            interviews.append(
                Interview(
                    programme=programme,
                    unit=units[i % len(units)],
                    slot=slot,
                    topic=f"访谈{i}",
                    starts_at=when,
                    status=InterviewStatus.ARCHIVED if held else InterviewStatus.PREVIEW,
                    actual_started_at=when if held else None,
                )
            )
        interviews = Interview.objects.bulk_create(interviews)
        archived = interviews[: plan.in_slot + plan.out_of_slot]
        questions = []
        for interview in archived:
            for n in range(plan.questions):
                questions.append(
                    Question(
                        interview=interview,
                        nickname="网民",
                        text=f"问题{n}",
                        lookup_hash=uuid.uuid4().hex,
                        asked_at=interview.starts_at,
                        due_date=interview.starts_at.date() + dt.timedelta(days=5),
                        status=QuestionStatus.APPROVED,
                    )
                )
        questions = Question.objects.bulk_create(questions)
        answers = []
        per = plan.questions
        for k, interview in enumerate(archived):
            batch = questions[k * per : (k + 1) * per]
            for n, question in enumerate(batch[: plan.replied]):
                answers.append(
                    Answer(
                        question=question,
                        mode=AnswerMode.WRITTEN,
                        speaker="局长",
                        text="答复",
                        published_at=interview.starts_at + dt.timedelta(days=2),
                        on_time=n < plan.on_time,
                    )
                )
        Answer.objects.bulk_create(answers)
        # Unanswered and not overdue: the rest beyond ``overdue`` get a far reply date.
        for k in range(len(archived)):
            unanswered = questions[k * per + plan.replied : (k + 1) * per]
            keep = [q.pk for q in unanswered[plan.overdue :]]
            Question.objects.filter(pk__in=keep).update(due_date=dt.date(year + 50, 1, 1))
        Activity.objects.bulk_create(
            [
                Activity(
                    programme=programme,
                    unit=units[i],
                    title=f"走进{i}",
                    starts_at=at(5, 10 + i % 15),
                    place="会议室",
                    contact_name="联系人",
                    contact_phone="0912-0000000",
                    leader="局长",
                    status=ActivityStatus.HELD,
                )
                for i in range(plan.visited)
            ]
        )
        PolicyDocument.objects.bulk_create(
            [
                PolicyDocument(
                    title=f"政策{i}",
                    number=f"{tag}〔{year}〕{i + 1}号",
                    issuer=county.name,
                    signed_on=dt.date(year, 3, 1),
                    published_on=dt.date(year, 3, 2),
                    drafting_unit=units[0],
                    status=DocumentStatus.PUBLISHED,
                    written_due_on=dt.date(year, 3, 5),
                )
                for i in range(plan.late_documents)
            ]
        )
    held = len(archived)
    return {
        "units": plan.units,
        "units_visited": plan.visited,
        "interviews_in_slot": plan.in_slot,
        "interviews_scheduled": len(interviews),
        "questions": held * plan.questions,
        "replied": held * plan.replied,
        "on_time": held * plan.on_time,
        "interpretations_late": plan.late_documents,
        # the held activities have no photo or video (overdue after the grace days)
        "overdue": held * plan.overdue + plan.visited,
    }
