from django_tasks import task


@task()
def send_deadline_reminders_task() -> int:
    """Daily: remind units before each programme deadline, again when overdue, and escalate."""
    from gongkai.assessment.reminders import send_deadline_reminders

    return send_deadline_reminders()
