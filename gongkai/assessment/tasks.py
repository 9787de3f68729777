from django_tasks import task


@task()
def send_deadline_reminders_task() -> int:
    """Daily: remind units before each programme deadline, again when overdue, and escalate."""
    from gongkai.assessment.reminders import send_deadline_reminders

    return send_deadline_reminders()


@task()
def build_county_bundle_task(bundle_id: int) -> int:
    """Build the county's evidence bundle (every unit's PDF in one ZIP); returns the units done."""
    from gongkai.assessment.bundle.county import build_county_bundle

    return build_county_bundle(bundle_id).done
