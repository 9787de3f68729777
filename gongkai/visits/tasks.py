from django_tasks import task


@task()
def send_reminders_task() -> int:
    """Daily: plan due soon, activity in two days, no photos after 3 and 7 days, overdue answers."""
    from gongkai.visits.services.reminders import send_reminders

    return send_reminders()
