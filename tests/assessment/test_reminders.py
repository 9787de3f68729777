"""Deadline reminders: before (working days), overdue, escalation; each once; on the workbench."""

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command

from gongkai.assessment.models import DeadlineReminder
from gongkai.assessment.reminders import send_deadline_reminders


def _implementing_without_plan(programme, plans_submitted):
    return {u.pk for u in programme.participants.all()} - set(plans_submitted)


def test_units_without_a_plan_are_reminded_before_the_deadline_once(
    programme, plans_submitted, personas, django_capture_on_commit_callbacks
):
    personas["other_unit_staff"].email = "zhenjing@example.gov.cn"  # 镇靖镇 submitted its plan
    personas["other_unit_staff"].save()
    personas["unit_staff"].email = "nongye@example.gov.cn"  # 县农业农村局 submitted too
    personas["unit_staff"].save()
    # Wednesday 5 April 2023: the plan and the receipt form are due on Sunday 9 April,
    # two working days away (6, 7 April); the outline (1 May) is far off.
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_deadline_reminders(programme, dt.date(2023, 4, 5))
    plan_units = _implementing_without_plan(programme, plans_submitted)
    receipt_units = {su.unit_id for slot in programme.slots.all() for su in slot.slot_units.all()}
    assert sent == len(plan_units) + len(receipt_units)
    assert (
        set(
            DeadlineReminder.objects.filter(deadline__kind="visit_plan").values_list(
                "unit_id", flat=True
            )
        )
        == plan_units
    )
    assert not DeadlineReminder.objects.filter(deadline__kind="interview_outline").exists()
    # Both submitted their plans but are interviewed, so each owes a receipt form: one e-mail each.
    assert sorted(m.to for m in mail.outbox) == [
        ["nongye@example.gov.cn"],
        ["zhenjing@example.gov.cn"],
    ]
    assert "回执表" in mail.outbox[0].subject or "Receipt" in mail.outbox[0].subject
    assert send_deadline_reminders(programme, dt.date(2023, 4, 6)) == 0  # each is sent once


def test_nothing_is_sent_weeks_before(programme, plans_submitted):
    assert send_deadline_reminders(programme, dt.date(2023, 3, 20)) == 0


def test_overdue_units_are_reminded_and_escalated_to_the_service_center(
    programme, plans_submitted, personas, client_as, django_capture_on_commit_callbacks
):
    personas["service_center"].email = "fuwu@example.gov.cn"
    personas["service_center"].save()
    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminders(programme, dt.date(2023, 4, 12))
    plan_units = _implementing_without_plan(programme, plans_submitted)
    escalated = set(
        DeadlineReminder.objects.filter(deadline__kind="visit_plan", kind="escalated").values_list(
            "unit_id", flat=True
        )
    )
    assert escalated == plan_units
    assert any(m.to == ["fuwu@example.gov.cn"] for m in mail.outbox)
    page = client_as("service_center").get("/staff/").content.decode()
    assert "小河镇" in page  # no plan: escalated on the service center's workbench


def test_unit_sees_the_reminders_it_received_on_its_workbench(
    programme, plans_submitted, personas, client_as
):
    send_deadline_reminders(programme, dt.date(2023, 4, 5))
    page = (
        client_as("unit_staff").get("/staff/").content.decode()
    )  # 县农业农村局 owes a receipt form
    assert "回执表" in page
    assert DeadlineReminder.objects.filter(unit=personas["unit_staff"].unit).count() == 1


def test_remind_command_reports_the_count(programme, plans_submitted):
    out = StringIO()
    call_command("remind", "--date", "2023-04-05", "--year", "2023", stdout=out)
    assert f"{DeadlineReminder.objects.count()} reminders sent" in out.getvalue()
    assert DeadlineReminder.objects.count() > 0


def test_remind_task_runs_through_the_task_backend(programme, plans_submitted, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from gongkai.assessment.tasks import send_deadline_reminders_task

    result = send_deadline_reminders_task.enqueue()
    assert result.return_value == DeadlineReminder.objects.count()
