#!/usr/bin/env python
"""Benchmark: score N units with a full year of evidence; print the time and the query count.

    .venv/bin/python bench/assessment_scores.py --units 50,200
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/assessment_scores.py

Target (issue 6): 200 units under 2 seconds on this machine, with a query count that does not
grow with the number of units. Uses a throw-away SQLite file (or a throw-away PostgreSQL
database ``bench_assessment`` when DATABASE_URL points at PostgreSQL).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-assessment-")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base = url.rsplit("/", 1)[0]
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_assessment")
            conn.execute("CREATE DATABASE bench_assessment")
        os.environ["DATABASE_URL"] = base + "/bench_assessment"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(total_units: int) -> None:
    """A full year of evidence for ``total_units`` implementing units: a visit plan and
    activity, an interview with its forms and questions, a policy document with its
    interpretation, so that every one of the 13 default points applies."""
    from django.utils import timezone

    from gongkai.assessment.indicator_tree import create_default_indicators
    from gongkai.lib.deadlines import COUNTY_TZ
    from gongkai.ops.demo import load_demo
    from gongkai.policies.models import (
        DocumentStatus,
        Interpretation,
        InterpretationKind,
        PolicyDocument,
    )
    from gongkai.publishing.models import ReviewStatus
    from gongkai.units.models import Unit, UnitKind
    from gongkai.visits.models import (
        Activity,
        ActivityStatus,
        Media,
        MediaKind,
        OpinionForm,
        Suggestion,
        SuggestionStatus,
    )

    programme = load_demo()
    create_default_indicators(programme)
    existing = programme.participants.count()
    new_units = Unit.objects.bulk_create(
        [
            Unit(
                name=f"压测单位{i:04d}", kind=UnitKind.DEPARTMENT, is_demo=True, sort_order=1000 + i
            )
            for i in range(max(0, total_units - existing))
        ]
    )
    programme.participants.add(*new_units)
    now = timezone.now()
    activities = Activity.objects.bulk_create(
        [
            Activity(
                programme=programme,
                unit=unit,
                title="走进政府",
                starts_at=dt.datetime(2023, 6, 1 + i % 28, 9, tzinfo=COUNTY_TZ),
                place="会议室",
                contact_name="联系人",
                contact_phone="13900000000",
                leader="局长",
                status=ActivityStatus.HELD,
                attendance=18 + i % 5,
                leader_stayed=i % 7 != 0,
                submitted_at=dt.datetime(2023, 4, 5 + i % 8, 10, tzinfo=COUNTY_TZ),
            )
            for i, unit in enumerate(new_units)
        ]
    )
    forms = OpinionForm.objects.bulk_create(
        [OpinionForm(activity=a, channel="phone") for a in activities]
    )
    Suggestion.objects.bulk_create(
        [
            Suggestion(
                form=f,
                activity=f.activity,
                text=f"建议{j}",
                status=SuggestionStatus.CLOSED if (j + k) % 6 else SuggestionStatus.OPEN,
            )
            for k, f in enumerate(forms)
            for j in range(3)
        ]
    )
    Media.objects.bulk_create(
        [
            Media(
                activity=a,
                kind=MediaKind.PHOTO,
                file=f"bench/{a.pk}.jpg",
                review_status=ReviewStatus.APPROVED if i % 4 else ReviewStatus.PENDING,
                published_at=now,
            )
            for i, a in enumerate(activities)
        ]
    )
    documents = PolicyDocument.objects.bulk_create(
        [
            PolicyDocument(
                title=f"政策文件{i}",
                number=f"压测〔2023〕{i}号",
                issuer="压测",
                signed_on=dt.date(2023, 5, 1),
                published_on=dt.date(2023, 5, 2 + i % 20),
                drafting_unit=unit,
                status=DocumentStatus.PUBLISHED,
                written_due_on=dt.date(2023, 5, 2 + i % 20),
                video_due_on=dt.date(2023, 6, 2 + i % 20),
            )
            for i, unit in enumerate(new_units)
        ]
    )
    Interpretation.objects.bulk_create(
        [
            Interpretation(
                document=d,
                kind=InterpretationKind.TEXT,
                title="解读",
                body="解读正文",
                review_status=ReviewStatus.APPROVED,
                published_at=dt.datetime.combine(
                    d.published_on + dt.timedelta(days=i % 3), dt.time(10), tzinfo=COUNTY_TZ
                ),
            )
            for i, d in enumerate(documents)
        ]
        + [
            Interpretation(
                document=d,
                kind=InterpretationKind.VIDEO,
                title="视频解读",
                video=f"bench/video-{d.pk}.mp4",
                review_status=ReviewStatus.APPROVED,
                published_at=dt.datetime.combine(
                    d.video_due_on + dt.timedelta(days=i % 4 - 2), dt.time(10), tzinfo=COUNTY_TZ
                ),
            )
            for i, d in enumerate(documents)
            if i % 3
        ]
    )
    build_interviews(programme, new_units)


def build_interviews(programme, new_units: list) -> None:
    """附件2 for the new units: slots of ten units each across the interview window, one
    interview per unit (most archived inside the slot, some outside it, some only previewed),
    its receipt form and outline (some late, some missing) and eight netizen questions with
    their replies (some late, some never answered)."""
    from gongkai.interviews.models import Interview, InterviewStatus, Outline, ReceiptForm
    from gongkai.lib.deadlines import COUNTY_TZ
    from gongkai.programmes.models import DeadlineKind, InterviewSlot, SlotUnit
    from gongkai.questions.models import Answer, AnswerMode, Question, QuestionStatus

    receipt_due = programme.deadline(DeadlineKind.RECEIPT_FORM).due_date
    outline_due = programme.deadline(DeadlineKind.INTERVIEW_OUTLINE).due_date
    groups = [new_units[i : i + 10] for i in range(0, len(new_units), 10)]
    slots = InterviewSlot.objects.bulk_create(
        [
            InterviewSlot(
                programme=programme,
                start=dt.date(2023, 5, 8) + dt.timedelta(days=7 * (i % 20)),
                end=dt.date(2023, 5, 12) + dt.timedelta(days=7 * (i % 20)),
                order=100 + i,
                note="压测",
            )
            for i in range(len(groups))
        ]
    )
    SlotUnit.objects.bulk_create(
        [
            SlotUnit(slot=slot, unit=unit, order=j)
            for slot, group in zip(slots, groups, strict=True)
            for j, unit in enumerate(group)
        ]
    )
    statuses = [InterviewStatus.ARCHIVED] * 8 + [InterviewStatus.PREVIEW, InterviewStatus.DRAFT]
    interviews = []
    for slot, group in zip(slots, groups, strict=True):
        for j, unit in enumerate(group):
            day = slot.start + dt.timedelta(days=j % 5 if j != 7 else 10)  # the 8th: outside
            interviews.append(
                Interview(
                    programme=programme,
                    unit=unit,
                    slot=slot,
                    topic=f"{unit.name}在线访谈",
                    starts_at=dt.datetime.combine(day, dt.time(9 + j % 6), tzinfo=COUNTY_TZ),
                    status=statuses[j % len(statuses)],
                )
            )
    interviews = Interview.objects.bulk_create(interviews)

    def submitted(due: dt.date, i: int) -> dt.datetime:
        return dt.datetime.combine(
            due + dt.timedelta(days=i % 5 - 3), dt.time(16), tzinfo=COUNTY_TZ
        )

    ReceiptForm.objects.bulk_create(
        [
            ReceiptForm(
                interview=interview,
                contact_name="联系人",
                contact_phone="13900000000",
                unit_head="局长",
                scan=f"bench/receipt-{interview.pk}.pdf",
                submitted_at=submitted(receipt_due, i),
            )
            for i, interview in enumerate(interviews)
            if i % 9
        ]
    )
    Outline.objects.bulk_create(
        [
            Outline(
                interview=interview,
                text="访谈提纲",
                first_submitted_at=submitted(outline_due, i + 1),
                submitted_at=submitted(outline_due, i + 1),
            )
            for i, interview in enumerate(interviews)
            if i % 11
        ]
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                interview=interview,
                nickname=f"网友{k}",
                text="请问政策何时落实？",
                lookup_hash=f"bench-{interview.pk}-{k}",
                asked_at=interview.starts_at - dt.timedelta(days=2),
                due_date=interview.starts_at.date() + dt.timedelta(days=5),
                status=QuestionStatus.APPROVED if k % 4 else QuestionStatus.PENDING,
            )
            for interview in interviews
            if interview.status != InterviewStatus.DRAFT
            for k in range(8)
        ]
    )
    Answer.objects.bulk_create(
        [
            Answer(
                question=question,
                mode=AnswerMode.WRITTEN,
                speaker="局长",
                text="已于本月落实。",
                published_at=question.asked_at + dt.timedelta(days=3 if i % 5 else 9),
                on_time=bool(i % 5),
            )
            for i, question in enumerate(questions)
            if question.status == QuestionStatus.APPROVED and i % 7
        ]
    )


def measure(units: int, everyone: list) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.assessment.services import compute_scores
    from gongkai.programmes.models import Programme

    programme = Programme.objects.get(year=2023)
    programme.participants.set(everyone[:units])
    compute_scores(programme, use_snapshot=False)  # warm caches (translations, registries)
    best = float("inf")
    for _ in range(3):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            # As the ranking page loads it (gongkai.assessment.views._programme).
            programme = Programme.objects.prefetch_related(
                "deadlines", "slots__slot_units", "participants"
            ).get(year=2023)
            table = compute_scores(programme, use_snapshot=False)
            best = min(best, time.perf_counter() - started)
    return best, len(ctx.captured_queries), len(table.units)


def applicable_points(programme) -> str:
    """How many of the default points apply to (and are earned by) the generated units."""
    from gongkai.assessment.services import compute_scores

    table = compute_scores(programme, use_snapshot=False)
    bench = [u for u in table.units if u.unit_name.startswith("压测单位")]
    applying = {p.indicator_id for u in bench for p in u.points if p.earned is not None}
    earning = {p.indicator_id for u in bench for p in u.points if p.earned}
    return (
        f"points that apply to the generated units: {len(applying)} of {len(table.leaves)}; "
        f"earned by some of them: {len(earning)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--units", default="50,200", help="comma-separated unit counts (largest is built)"
    )
    args = parser.parse_args()
    counts = sorted(int(n) for n in args.units.split(","))
    setup_django()
    from django.db import connection

    started = time.perf_counter()
    build(counts[-1])
    print(
        f"built {counts[-1]} units with a year of evidence in {time.perf_counter() - started:.1f}s on {connection.vendor}"
    )
    from gongkai.programmes.models import Programme

    everyone = list(Programme.objects.get(year=2023).participants.order_by("sort_order", "pk"))
    print(applicable_points(Programme.objects.get(year=2023)))
    print(f"{'units':>6} {'seconds':>8} {'queries':>8}")
    for n in counts:
        seconds, queries, scored = measure(n, everyone)
        print(f"{scored:>6} {seconds:>8.3f} {queries:>8}")


if __name__ == "__main__":
    main()
