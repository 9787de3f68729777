"""The audit log: what it covers, that it cannot be altered, retention, export."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record, record_export
from tests.fixtures.pages import forbidden


def test_audit_records_login_success_and_failure(client, personas):
    client.post("/accounts/login/", {"username": "p-unit", "password": "wrong"})
    client.post("/accounts/login/", {"username": "p-unit", "password": "test-pass-123!"})
    actions = list(AuditEntry.objects.filter(username="p-unit").values_list("action", flat=True))
    assert "login_failed" in actions and "login" in actions
    assert AuditEntry.objects.filter(username="p-unit", action="login").first().ip == "127.0.0.1"


def test_audit_records_content_change_with_before_and_after(personas):
    unit = personas["unit_staff"].unit
    old = unit.name
    unit.name = "县农业农村局（新）"
    unit.save()
    entry = AuditEntry.objects.filter(model="units.Unit", action="update").first()
    assert entry.before["name"] == old and entry.after["name"] == "县农业农村局（新）"


def test_audit_never_copies_secrets(personas):
    entry = AuditEntry.objects.filter(model="accounts.User", action="create").first()
    assert entry.after["password"] == "***"


def test_audit_entry_cannot_be_changed_or_deleted(personas):
    entry = record(AuditEntry.Action.OTHER, object_repr="x")
    entry.object_repr = "changed"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="y")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "x"


def test_audit_django_admin_is_read_only(client, personas):
    from gongkai.accounts import totp
    from gongkai.accounts.models import TOTPDevice, User

    superuser = User.objects.create_superuser("root", password="Root-pass-1234")
    device = TOTPDevice.objects.create(user=superuser, secret=totp.new_secret(), confirmed=True)
    # The admin opens only after the platform's sign-in with both factors (pen-test item 1).
    client.post("/accounts/login/", {"username": "root", "password": "Root-pass-1234"})
    client.post("/accounts/login/code/", {"code": totp.totp(device.secret)})
    entry = record(AuditEntry.Action.OTHER, object_repr="kept")
    assert client.get("/django-admin/audit/auditentry/").status_code == 200
    assert client.get("/django-admin/audit/auditentry/add/").status_code == 403
    response = client.post(f"/django-admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def _backdate(entry, days):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET at = %s WHERE id = %s",
            [timezone.now() - dt.timedelta(days=days), entry.pk],
        )


def test_purge_audit_refuses_less_than_six_months(db):
    with pytest.raises(CommandError):
        call_command("purge_audit", "--days", "182")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.purge_older_than(30)


def test_purge_audit_removes_only_older_entries(db):
    old = record(AuditEntry.Action.OTHER, object_repr="old")
    young = record(AuditEntry.Action.OTHER, object_repr="young")
    _backdate(old, 400)
    _backdate(young, 100)
    out = io.StringIO()
    call_command("purge_audit", "--days", "183", stdout=out)
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=young.pk).exists()
    assert AuditEntry.objects.filter(action="purge").exists()
    assert "Removed 1" in out.getvalue()


def test_record_export_helper_writes_entry(personas):
    entry = record_export(
        what="questions.Question",
        rows=12,
        fmt="xlsx",
        filters={"unit": "3"},
        user=personas["county_office"],
    )
    assert entry.action == "export" and entry.after["rows"] == 12
    assert entry.username == "p-county"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_auditor_exports_log_and_export_is_audited(client_as, personas, fmt):
    record(AuditEntry.Action.OTHER, object_repr='=HYPERLINK("http://evil")')
    response = client_as("assessor").get(f"/staff/audit/export.{fmt}?action=other")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[1][5].startswith("'=")  # no formula injection: CSV has no cell types
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.values)
        # .xlsx: the exact text, stored as a string cell, not a formula
        assert rows[1][5] == '=HYPERLINK("http://evil")'
        assert sheet.cell(row=2, column=6).data_type == "s"
    headers = list(rows[0])
    assert headers[:2] == ["时间（北京时间）", "操作人"] and headers[-1] == "IP 地址"
    assert not [h for h in headers if h.isascii()]  # every heading in Chinese
    assert len(rows) == 2
    assert AuditEntry.objects.filter(action="export", model="audit.AuditEntry").exists()


@pytest.mark.parametrize(
    "persona", ["admin", "county_office", "service_center", "unit_staff", "media_center"]
)
def test_audit_export_for_auditor_only(client_as, persona):
    assert forbidden(client_as(persona).get("/staff/audit/export.csv"))
    assert not AuditEntry.objects.filter(action="export", model="audit.AuditEntry").exists()


def test_audit_list_filters_and_query_count_constant(client_as, personas):
    client = client_as("assessor")
    record(AuditEntry.Action.OTHER, object_repr="one")
    client.get("/staff/audit/")  # warm up: the session's first write
    with CaptureQueriesContext(connection) as few:
        assert client.get("/staff/audit/?action=other").status_code == 200
    for n in range(3):
        record(AuditEntry.Action.OTHER, object_repr=f"more {n}")
    with CaptureQueriesContext(connection) as more:
        response = client.get("/staff/audit/?action=other&since=2000-01-01&until=bad")
    assert len(few) == len(more)
    assert "more 2" in response.content.decode()


def test_audit_page_reads_in_chinese_for_an_auditor(client_as, personas):
    """Object names, field labels, Beijing time, before → after, secrets masked, IP early."""
    unit = personas["unit_staff"].unit
    unit.name = "县农业农村局（新）"
    unit.save()
    record(
        AuditEntry.Action.OTHER,
        model="visits.Activity",
        object_repr="入户调查",
        before={"checkin_token": "abcdef0123456789abcdef", "starts_at": None},
        after={
            "checkin_token": "fedcba9876543210fedcba",
            "starts_at": "2023-05-10T01:30:00+00:00",
        },
    )
    html = client_as("assessor").get("/staff/audit/").content.decode()
    assert "单位 县农业农村局（新）" in html  # the record's kind and name, no "units.Unit #"
    assert "units.Unit" not in html
    assert "<strong>名称</strong>：县农业农村局 → 县农业农村局（新）" in html
    assert "2023-05-10 09:30:00" in html  # the stored UTC time, in Beijing time
    assert "abcdef0123456789abcdef" not in html and "fedcba9876543210fedcba" not in html
    assert "abcd…" in html
    heads = html[html.index("<thead>") : html.index("</thead>")]
    assert heads.index("IP 地址") < heads.index("变更内容")  # visible without scrolling


def test_audit_export_values_in_chinese(client_as, personas):
    record(
        AuditEntry.Action.OTHER,
        model="visits.Activity",
        object_repr="入户调查",
        before={"starts_at": None},
        after={"starts_at": "2023-05-10T01:30:00+00:00"},
    )
    response = client_as("assessor").get("/staff/audit/export.csv?action=other")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2] == "其他"
    assert "2023-05-10 09:30:00" in rows[1][6] and "T01:30" not in rows[1][6]


def test_a_long_change_is_folded_so_the_page_stays_readable(client_as, personas):
    """A notice's full text in one entry made the page tens of thousands of pixels tall: a long
    value is shortened, with the full text one click away (and whole in the exports)."""
    long_text = "一、为什么开展这项活动。" * 100
    record(
        AuditEntry.Action.OTHER,
        model="programmes.Programme",
        object_repr="2023",
        before={"notice_text": ""},
        after={"notice_text": long_text},
    )
    html = client_as("assessor").get("/staff/audit/?action=other").content.decode()
    cell = html[html.index('<td class="audit-changes">') :]
    cell = cell[: cell.index("</td>")]
    summary = cell[cell.index("<summary>") : cell.index("</summary>")]
    assert "展开全文" in summary and long_text not in summary and len(summary) < 400
    assert long_text in cell  # inside the <details>
