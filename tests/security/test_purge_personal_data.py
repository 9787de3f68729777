"""Retention of personal data (gongkai purge_personal_data): blanked, rows (counts) kept."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.audit.models import AuditEntry
from gongkai.ops.management.commands.purge_personal_data import personal_data_models


def _user(name, deactivated_days_ago):
    return User.objects.create_user(
        name,
        role=Role.UNIT_STAFF,
        display_name=f"{name} 姓名",
        email=f"{name}@example.cn",
        is_active=deactivated_days_ago is None,
        deactivated_at=(
            None
            if deactivated_days_ago is None
            else timezone.now() - dt.timedelta(days=deactivated_days_ago)
        ),
    )


def test_purge_personal_data_blanks_old_rows_keeps_counts(db, settings):
    settings.GONGKAI_PERSONAL_DATA_RETENTION_DAYS = 365
    old, recent, active = _user("old", 400), _user("recent", 30), _user("active", None)
    count = User.objects.count()
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert User.objects.count() == count
    old.refresh_from_db()
    assert (old.display_name, old.email) == ("", "")
    assert User.objects.get(pk=recent.pk).display_name == "recent 姓名"
    assert User.objects.get(pk=active.pk).email == "active@example.cn"
    assert "accounts.User: 1 rows blanked" in out.getvalue()
    entry = AuditEntry.objects.get(action="purge", model="accounts.User")
    assert entry.after["rows"] == 1
    # Running again finds nothing left to blank.
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "accounts.User: 0 rows" in out.getvalue()


def test_purge_personal_data_dry_run_and_days_override(db):
    recent = _user("recent", 30)
    out = io.StringIO()
    call_command("purge_personal_data", "--days", "10", "--dry-run", stdout=out)
    assert "accounts.User: 1 rows would be blanked" in out.getvalue()
    assert User.objects.get(pk=recent.pk).display_name == "recent 姓名"


def test_purge_personal_data_finds_declaring_models():
    assert User in list(personal_data_models())
