import datetime as dt

from django.core.management.base import BaseCommand

from gongkai.programmes.models import Programme
from gongkai.visits.services.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the visit activities' follow-up reminders that are due (each once)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument(
            "--year", type=int, help="Programme year (default: the current published year)."
        )

    def handle(self, *args, date=None, year=None, **options):
        today = dt.date.fromisoformat(date) if date else None
        programme = Programme.objects.get(year=year) if year else Programme.current()
        n = send_reminders(programme, today)
        self.stdout.write(f"{n} reminders sent")
