import datetime as dt

from django.core.management.base import BaseCommand

from gongkai.inspection.reminders import send_inspection_warnings


class Command(BaseCommand):
    help = (
        "Warn before a portal column or a netizen message crosses a line of the inspection "
        "(run daily; each warning is sent once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="pretend today is YYYY-MM-DD (county time)")
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the background task instead"
        )

    def handle(self, *args, date=None, enqueue=False, **options):
        if enqueue:
            from gongkai.inspection.tasks import send_inspection_warnings_task

            result = send_inspection_warnings_task.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        today = dt.date.fromisoformat(date) if date else None
        count = send_inspection_warnings(today)
        self.stdout.write(self.style.SUCCESS(f"{count} inspection warnings sent"))
