import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gongkai.assessment.reminders import send_deadline_reminders
from gongkai.programmes.models import Programme


class Command(BaseCommand):
    help = "Send the programme's deadline reminders that are due today (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="pretend today is YYYY-MM-DD (county time)")
        parser.add_argument("--year", type=int, help="programme year (default: the current one)")
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the background task instead"
        )

    def handle(self, *args, date=None, year=None, enqueue=False, **options):
        if enqueue:
            from gongkai.assessment.tasks import send_deadline_reminders_task

            result = send_deadline_reminders_task.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        programme = None
        if year:
            programme = Programme.objects.filter(year=year).first()
            if programme is None:
                raise CommandError(f"No programme for {year}.")
        today = dt.date.fromisoformat(date) if date else None
        count = send_deadline_reminders(programme, today)
        self.stdout.write(self.style.SUCCESS(f"{count} reminders sent"))
