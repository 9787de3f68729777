"""The daily warnings: a week before a column or a message crosses a line, once per crossing,
by e-mail and on the workbench."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.accounts.models import Role, User
from gongkai.inspection.models import InspectionWarning
from gongkai.inspection.reminders import send_inspection_warnings
from gongkai.interviews.models import Interview
from gongkai.lib.deadlines import county_today
from gongkai.units.models import Unit
from tests.inspection.conftest import days_ago


@pytest.fixture
def mailboxes(personas):
    """E-mail addresses for the service center and the unit of the messages (县农业农村局)."""
    User.objects.filter(pk=personas["service_center"].pk).update(email="center@example.cn")
    User.objects.filter(pk=personas["unit_staff"].pk).update(email="unit@example.cn")
    User.objects.filter(pk=personas["other_unit_staff"].pk).update(email="other@example.cn")


def _sent(django_capture_on_commit_callbacks, today=None) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return send_inspection_warnings(today)


@pytest.mark.parametrize(("days", "warned"), [(6, False), (7, False), (8, True), (14, True)])
def test_column_warned_a_week_before_it_is_stale(
    django_capture_on_commit_callbacks, mailboxes, interview_updated, programme, days, warned
):
    programme.notice_published = False  # only the interviews column (and the home page) count
    programme.save()
    interview_updated(days)
    _sent(django_capture_on_commit_callbacks)
    subjects = [m.subject for m in mail.outbox]
    column = [s for s in subjects if "在线访谈" in s]
    assert bool(column) is warned
    if warned:
        assert mail.outbox[0].to == ["center@example.cn"]
        crosses = county_today() + dt.timedelta(days=15 - days)
        assert f"将于 {crosses.isoformat()} 超期" in column[0]


def test_a_stale_column_is_not_warned_again(
    django_capture_on_commit_callbacks, mailboxes, interview_updated, programme
):
    programme.notice_published = False
    programme.save()
    interview_updated(15)
    assert _sent(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_warnings_are_sent_once_whatever_the_runs(
    django_capture_on_commit_callbacks, mailboxes, interview_updated, message
):
    message(56)
    Interview.objects.update(updated_at=days_ago(10))  # the column (and home) cross in 5 days
    first = _sent(django_capture_on_commit_callbacks)
    count = len(mail.outbox)
    assert first == 3 and count == 3  # the interviews column, the home page, the message
    assert {m.to[0] for m in mail.outbox} == {"center@example.cn", "unit@example.cn"}
    assert _sent(django_capture_on_commit_callbacks) == 0
    tomorrow = county_today() + dt.timedelta(days=1)
    assert _sent(django_capture_on_commit_callbacks, tomorrow) == 0
    assert len(mail.outbox) == count


@pytest.mark.parametrize(
    ("days", "line"),
    [(53, None), (54, 60), (60, 60), (61, None), (83, None), (84, 90), (90, 90), (91, None)],
)
def test_message_warned_before_the_2_and_3_month_marks(
    django_capture_on_commit_callbacks, mailboxes, message, days, line
):
    question = message(days)
    _sent(django_capture_on_commit_callbacks)
    rows = InspectionWarning.objects.filter(subject=f"question:{question.pk}")
    assert [r.line for r in rows] == ([line] if line else [])
    to_unit = [m for m in mail.outbox if m.to == ["unit@example.cn"]]
    assert bool(to_unit) is bool(line)
    assert not [m for m in mail.outbox if m.to == ["other@example.cn"]]
    if line:
        assert f"超过 {line} 天未答复" in to_unit[0].subject
        assert rows[0].unit == Unit.objects.get(name="县农业农村局")


def test_command_sends_and_reports(mailboxes, message, capsys):
    message(85)
    call_command("inspection_reminders")
    assert "inspection warnings sent" in capsys.readouterr().out
    assert InspectionWarning.objects.filter(line=90).count() == 1


def test_workbench_shows_the_warning_to_its_unit_and_the_coordinators(
    client_as, mailboxes, message, django_capture_on_commit_callbacks
):
    message(85)
    _sent(django_capture_on_commit_callbacks)
    title = "合规提醒：发给县农业农村局的留言将于"
    assert title in client_as("unit_staff").get("/staff/").content.decode()
    assert title in client_as("service_center").get("/staff/").content.decode()
    assert title not in client_as("other_unit_staff").get("/staff/").content.decode()
    assert title not in client_as("media_center").get("/staff/").content.decode()


def test_no_recipient_still_records_the_warning(
    message, programme, django_capture_on_commit_callbacks
):
    User.objects.filter(role=Role.UNIT_STAFF).update(email="")
    message(85)
    assert _sent(django_capture_on_commit_callbacks) >= 1
    assert InspectionWarning.objects.get(line=90).recipients == 0


def test_command_date_pretends_another_day(mailboxes, message, capsys):
    question = message(80)  # crosses the 90-day mark in 11 days: not yet warned today
    call_command("inspection_reminders")
    assert not InspectionWarning.objects.exists()
    later = county_today() + dt.timedelta(days=4)
    call_command("inspection_reminders", date=later.isoformat())
    assert "1 inspection warnings sent" in capsys.readouterr().out
    warning = InspectionWarning.objects.get()
    assert (warning.subject, warning.line) == (f"question:{question.pk}", 90)


def test_command_can_queue_the_background_task(mailboxes, message, capsys, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    message(85)
    call_command("inspection_reminders", enqueue=True)
    assert "queued" in capsys.readouterr().out
    assert InspectionWarning.objects.filter(line=90).count() == 1
