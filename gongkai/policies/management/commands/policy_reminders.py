from django.core.management.base import BaseCommand

from gongkai.policies.services.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail drafting units whose policy interpretations fall due soon (run once a day)."

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"{count} reminder(s) sent")
