"""Account management by the administrator; duties apart from the auditor."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.accounts.models import Role, User
from gongkai.audit.models import AuditEntry
from gongkai.units.models import Unit
from tests.fixtures.pages import forbidden, to_sign_in


def test_admin_creates_account_with_temporary_password(client_as, client, personas, settings):
    settings.GONGKAI_REQUIRE_2FA = False  # two-factor enrolment comes first; see test_two_factor
    unit = Unit.objects.get(name="县统计局")
    response = client_as("admin").post(
        "/accounts/staff/new/",
        {"username": "liuyang", "display_name": "刘洋", "role": Role.UNIT_STAFF, "unit": unit.pk},
    )
    assert response.status_code == 200
    password = re.search(r"<code>([^<]+)</code>", response.content.decode()).group(1)
    user = User.objects.get(username="liuyang")
    assert user.must_change_password and user.unit == unit
    assert AuditEntry.objects.filter(action="permission", object_id=str(user.pk)).exists()
    client.post("/accounts/login/", {"username": "liuyang", "password": password})
    assert client.get("/staff/")["Location"] == "/accounts/password/"


def test_admin_create_account_bad_input_keeps_form(client_as, personas):
    response = client_as("admin").post(
        "/accounts/staff/new/",
        {"username": "bad name", "display_name": "某人", "role": Role.UNIT_STAFF, "unit": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "error-summary" in body
    assert 'value="某人"' in body
    assert not User.objects.filter(display_name="某人").exists()


def test_admin_resets_password_forces_change(client_as, personas):
    user = personas["unit_staff"]
    response = client_as("admin").post(f"/accounts/staff/{user.pk}/password/", {"confirmed": "1"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.must_change_password
    assert not user.check_password("test-pass-123!")


def test_admin_deactivates_account_which_cannot_sign_in(client_as, client, personas):
    user = personas["unit_staff"]
    client_as("admin").post(f"/accounts/staff/{user.pk}/active/", {"active": "0", "confirmed": "1"})
    user.refresh_from_db()
    assert not user.is_active and user.deactivated_at is not None
    response = client.post("/accounts/login/", {"username": "p-unit", "password": "test-pass-123!"})
    assert response.status_code == 200


def test_admin_changes_role_recorded_as_permission_change(client_as, personas):
    # (An auditor's or administrator's role waits for an auditor: test_separation_of_duties.)
    user = personas["county_office"]
    client_as("admin").post(f"/accounts/staff/{user.pk}/", {"role": Role.MEDIA_CENTER, "unit": ""})
    user.refresh_from_db()
    assert user.role == Role.MEDIA_CENTER
    entry = AuditEntry.objects.filter(action="permission", object_id=str(user.pk)).first()
    assert entry.before["role"] == Role.COUNTY_OFFICE and entry.after["role"] == Role.MEDIA_CENTER


@pytest.mark.parametrize(
    "persona", [None, "county_office", "service_center", "assessor", "unit_staff", "media_center"]
)
def test_account_pages_for_administrator_only(client_as, personas, persona):
    response = client_as(persona).get("/accounts/staff/")
    if persona is None:
        assert to_sign_in(response)
    else:
        assert forbidden(response)
        assert personas["admin"].username not in response.content.decode()


def test_administrator_cannot_read_audit_log(client_as):
    admin = client_as("admin")
    assert forbidden(admin.get("/staff/audit/"))
    export = admin.get("/staff/audit/export.csv")
    assert forbidden(export)
    assert export["Content-Type"].startswith("text/html")  # the refusal, not a CSV


def test_account_list_query_count_constant(client_as, personas):
    admin = client_as("admin")
    admin.get("/accounts/staff/")
    with CaptureQueriesContext(connection) as few:
        admin.get("/accounts/staff/")
    for n in range(3):
        User.objects.create_user(f"extra{n}", role=Role.UNIT_STAFF, unit=Unit.objects.first())
    with CaptureQueriesContext(connection) as more:
        admin.get("/accounts/staff/")
    assert len(few) == len(more)


def test_temporary_password_pages_are_not_stored(client_as, personas):
    """Pen-test item 14: the temporary password is on no page a browser or proxy keeps."""
    client = client_as("admin")
    created = client.post(
        "/accounts/staff/new/",
        {"username": "new-clerk", "display_name": "新职员", "role": "media_center"},
    )
    assert created.status_code == 200 and "no-store" in created["Cache-Control"]
    reset = client.post(
        f"/accounts/staff/{personas['unit_staff'].pk}/password/", {"confirmed": "1"}
    )
    assert reset.status_code == 200 and "no-store" in reset["Cache-Control"]
