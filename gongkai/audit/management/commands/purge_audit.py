from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.models import MIN_RETENTION_DAYS, AuditEntry
from gongkai.audit.services import record


class Command(BaseCommand):
    help = (
        "Remove audit entries older than --days (at least 183: the log is kept six months, "
        "GB/T 22239-2019)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, required=True)

    def handle(self, *args, days: int, **options):
        if days < MIN_RETENTION_DAYS:
            raise CommandError(
                f"Refusing --days {days}: audit entries are kept at least {MIN_RETENTION_DAYS} "
                "days (6 months)."
            )
        removed = AuditEntry.objects.purge_older_than(days)
        record(
            AuditEntry.Action.PURGE,
            model="audit.AuditEntry",
            object_repr=f"older than {days} days",
            after={"removed": removed, "days": days},
        )
        self.stdout.write(f"Removed {removed} audit entries older than {days} days.")
