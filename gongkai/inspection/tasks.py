from django_tasks import task


@task()
def send_inspection_warnings_task() -> int:
    """Daily: warn before a column or a message crosses a line of the inspection."""
    from gongkai.inspection.reminders import send_inspection_warnings

    return send_inspection_warnings()
