from gongkai.interviews.models import InterviewStatus
from gongkai.questions.demo import load_demo
from gongkai.questions.models import Question
from gongkai.questions.services import find_by_code
from gongkai.workdays import demo as workdays_demo
from gongkai.workdays.dates import is_workday


def test_demo_without_interviews_does_nothing(programme):
    load_demo(programme)
    assert Question.objects.count() == 0


def test_demo_on_archived_and_preview_is_idempotent(programme, personas, make_interview):
    make_interview(InterviewStatus.ARCHIVED)
    make_interview(InterviewStatus.PREVIEW)
    load_demo(programme)
    load_demo(programme)
    assert Question.objects.count() == 8
    statuses = sorted(Question.objects.values_list("status", flat=True))
    assert statuses.count("approved") == 4 and "rejected" in statuses and "merged" in statuses
    assert find_by_code("DEMO-2023-0003").answering_question == find_by_code("DEMO-2023-0001")
    assert Question.objects.filter(flagged=True).count() == 1


def test_workdays_demo_loads_2023_national_day(db):
    workdays_demo.load_demo()
    assert workdays_demo.load_demo() == 0
    import datetime as dt

    assert is_workday(dt.date(2023, 10, 7)) is True
    assert is_workday(dt.date(2023, 10, 4)) is False
