"""Give an account its role from the server's command line, e.g. the first administrator and
the first auditor after ``gongkai createsuperuser``. In the browser, giving or taking away the
administrator or auditor role needs both duties (docs/security.md); this command is for whoever
operates the server, and it is recorded in the audit log like every role change."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts import signals
from gongkai.accounts.models import Role, User


class Command(BaseCommand):
    help = "Set the role of an account (server operators only; recorded in the audit log)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)

    def handle(self, *args, username: str, role: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account {username!r}: create it first (createsuperuser).")
        before = {"role": user.role}
        user.role = role
        user.save(update_fields=["role"])
        signals.send(
            signals.PERMISSION,
            instance=user,
            user=None,
            username="(command line)",
            before=before,
            after={"role": role, "by": "grant_role"},
        )
        self.stdout.write(f"{username}: {role}")
