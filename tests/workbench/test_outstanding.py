"""Work still open from an earlier year stays on the workbench, marked with its year, until it
is done (issue 13, item 4): publishing 2024 hides nothing of 2023 that is not done."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.programmes.services import create_programme
from gongkai.workbench import registry
from gongkai.workbench.registry import Task, TaskState
from tests.fixtures.data import agriculture_interview

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def published_2024(programme):
    new = create_programme(year=2024, copy_from=programme)
    new.notice_published = True
    new.save()
    return new


def rows(response) -> list[str]:
    body = response.content.decode()
    table = body[body.index("<tbody>") : body.index("</tbody>")]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip()
        for r in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def test_a_plan_never_submitted_in_2023_stays_on_the_units_workbench(
    client_as, programme, published_2024
):
    plan_2023 = programme.deadline("visit_plan")
    page = client_as("unit_staff").get(reverse("workbench:home"), **EN)
    assert "Tasks for 2024" in page.content.decode()
    old = [r for r in rows(page) if "Still open from 2023" in r]
    assert any(
        str(plan_2023) in r and plan_2023.due_date.isoformat() in r and "overdue" in r for r in old
    )
    # The same deadline of 2024 is listed as 2024's, not marked.
    plan_2024 = published_2024.deadline("visit_plan")
    assert any(plan_2024.due_date.isoformat() in r and "Still open" not in r for r in rows(page))


def test_only_open_work_of_other_years_is_listed_once(client_as, published_2024):
    def source(user, programme):
        return [
            Task(title=f"open {programme.year}", due=None, state=TaskState.OVERDUE, url="/x/"),
            Task(title=f"done {programme.year}", due=None, state=TaskState.ON_TIME),
            Task(title="the same every year", due=None, state=TaskState.TODO, url="/y/"),
        ]

    registry.register_tasks(source)
    try:
        page = client_as("county_office").get(reverse("workbench:home"), **EN)
    finally:
        registry._task_sources.remove(source)
    listed = rows(page)
    assert any(r.startswith("Still open from 2023 open 2023") for r in listed)
    assert not any("done 2023" in r for r in listed)
    assert sum("the same every year" in r for r in listed) == 1
    assert any(r.startswith("open 2024") for r in listed)


def test_nothing_is_marked_while_the_year_shown_is_the_only_one(client_as, programme):
    page = client_as("unit_staff").get(reverse("workbench:home"), **EN)
    assert "Still open from" not in page.content.decode()


def test_a_2023_netizen_message_waiting_for_review_stays_until_reviewed(
    client_as, programme, published_2024
):

    from gongkai.questions.models import Question, QuestionKind, QuestionStatus
    from gongkai.questions.services import ask_question

    interview = agriculture_interview(programme)
    question, _ = ask_question(
        interview, nickname="网友", text="今年的补贴什么时候发？", kind=QuestionKind.CONSULT
    )
    county = client_as("county_office")
    marked = [r for r in rows(county.get(reverse("workbench:home"), **EN)) if "Netizen" in r]
    assert marked == ["Still open from 2023 Netizen messages waiting for review: 1 to do"]
    Question.objects.filter(pk=question.pk).update(status=QuestionStatus.REJECTED)
    page = county.get(reverse("workbench:home"), **EN).content.decode()
    assert "Netizen messages waiting for review" not in page
