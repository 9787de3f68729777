"""Pen-test item 7, 三权分立: nobody changes their own account through account management, and
whatever makes or unmakes an administrator or an auditor needs both duties (the administrator
proposes, another person with the auditor role confirms)."""

import re

import pytest
from django.core.management import call_command

from gongkai.accounts import totp
from gongkai.accounts.models import Role, TOTPDevice, User
from gongkai.audit.models import AuditEntry
from tests.conftest import make_user
from tests.fixtures.pages import forbidden, h1


def _changes():
    from gongkai.accounts.models import AccountChange  # imported late: the test file runs on
    # the code before the fix too, where the own-account tests must fail by their assertions

    return AccountChange.objects


def _role(user) -> str:
    return User.objects.get(pk=user.pk).role


@pytest.mark.parametrize("new_role", [Role.ASSESSOR, Role.COUNTY_OFFICE, Role.ADMIN])
def test_admin_cannot_change_own_role_and_then_read_the_audit_export(client_as, personas, new_role):
    admin = personas["admin"]
    client = client_as("admin")
    response = client.post(f"/accounts/staff/{admin.pk}/", {"role": new_role}, follow=True)
    assert _role(admin) == Role.ADMIN
    body = response.content.decode()
    assert "change your own account here" in body or "不能在此修改自己的账号" in body
    assert not _changes().exists()
    assert client.get("/staff/audit/export.csv").status_code == 403


def test_admin_cannot_deactivate_reset_or_unlock_own_account(client_as, personas):
    admin = personas["admin"]
    TOTPDevice.objects.create(user=admin, secret=totp.new_secret(), confirmed=True)
    password = admin.password
    client = client_as("admin")
    for action in ("active", "password", "two-factor", "unlock"):
        client.post(f"/accounts/staff/{admin.pk}/{action}/", {"active": "0"})
    admin.refresh_from_db()
    assert admin.is_active and admin.password == password
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_giving_the_auditor_role_waits_for_an_auditor(client_as, personas):
    county = personas["county_office"]
    response = client_as("admin").post(f"/accounts/staff/{county.pk}/", {"role": Role.ASSESSOR})
    assert response.status_code == 302
    assert _role(county) == Role.COUNTY_OFFICE  # not yet
    change = _changes().get(account=county)
    assert change.status == "pending" and change.new_role == Role.ASSESSOR
    # The administrator cannot decide it; the auditor can.
    assert (
        client_as("admin")
        .post(f"/accounts/changes/{change.pk}/", {"decision": "confirm"})
        .status_code
        == 403
    )
    client_as("assessor").post(f"/accounts/changes/{change.pk}/", {"decision": "confirm"})
    assert _role(county) == Role.ASSESSOR
    change.refresh_from_db()
    assert change.status == "confirmed" and change.decided_by == personas["assessor"]
    assert AuditEntry.objects.filter(
        action="permission", object_id=str(county.pk), user=personas["assessor"]
    ).exists()


def test_taking_away_the_auditor_role_needs_another_auditor(client_as, personas):
    auditor = personas["assessor"]
    client_as("admin").post(
        f"/accounts/staff/{auditor.pk}/",
        {"role": Role.UNIT_STAFF, "unit": personas["unit_staff"].unit_id},
    )
    change = _changes().get(account=auditor)
    response = client_as("assessor").post(
        f"/accounts/changes/{change.pk}/", {"decision": "confirm"}, follow=True
    )
    assert _role(auditor) == Role.ASSESSOR  # not about one's own account
    body = response.content.decode()
    assert "another auditor confirms" in body or "请由另一位审计员" in body
    second = make_user("p-assessor-2", Role.ASSESSOR)
    from django.test import Client

    other = Client()
    other.force_login(second)
    other.post(f"/accounts/changes/{change.pk}/", {"decision": "refuse"})
    change.refresh_from_db()
    assert change.status == "refused" and _role(auditor) == Role.ASSESSOR


def test_taking_over_an_auditor_account_needs_an_auditor(client_as, personas):
    """Resetting an auditor's password or authenticator would let the administrator sign in as
    the auditor: that also waits for (another) auditor."""
    auditor = personas["assessor"]
    TOTPDevice.objects.create(user=auditor, secret=totp.new_secret(), confirmed=True)
    password = auditor.password
    client = client_as("admin")
    response = client.post(f"/accounts/staff/{auditor.pk}/password/", {"confirmed": "1"})
    assert response.status_code == 302 and "<code>" not in response.content.decode()
    client.post(f"/accounts/staff/{auditor.pk}/two-factor/", {"confirmed": "1"})
    client.post(f"/accounts/staff/{auditor.pk}/active/", {"active": "0", "confirmed": "1"})
    auditor.refresh_from_db()
    assert auditor.password == password and auditor.is_active
    assert TOTPDevice.objects.filter(user=auditor).exists()
    assert set(_changes().values_list("kind", flat=True)) == {
        "password",
        "totp",
        "active",
    }


def test_new_administrator_account_opens_when_an_auditor_confirms(client_as, client, personas):
    response = client_as("admin").post(
        "/accounts/staff/new/", {"username": "second-admin", "display_name": "王", "role": "admin"}
    )
    password = re.search(r"<code>([^<]+)</code>", response.content.decode()).group(1)
    account = User.objects.get(username="second-admin")
    assert not account.is_active
    client.post("/accounts/login/", {"username": "second-admin", "password": password})
    assert "_auth_user_id" not in client.session
    change = _changes().get(account=account)
    page = client_as("assessor").get("/accounts/changes/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    # the buttons say what they do, not only "确认" / "拒绝"
    assert "确认：变更立即生效" in page.content.decode()
    assert "拒绝：不做任何变更" in page.content.decode()
    client_as("assessor").post(f"/accounts/changes/{change.pk}/", {"decision": "confirm"})
    assert User.objects.get(pk=account.pk).is_active


def test_plain_role_changes_stay_with_the_administrator(client_as, personas):
    media = personas["media_center"]
    client_as("admin").post(
        f"/accounts/staff/{media.pk}/", {"role": Role.SERVICE_CENTER, "confirm_coordinator": "yes"}
    )
    assert _role(media) == Role.SERVICE_CENTER
    assert not _changes().exists()


def test_account_changes_page_for_both_duties_only(client_as, personas):
    assert h1(client_as("admin").get("/accounts/changes/")) == "账号变更"
    assert h1(client_as("assessor").get("/accounts/changes/")) == "账号变更"
    assert forbidden(client_as("county_office").get("/accounts/changes/"))


def test_grant_role_command_for_the_first_accounts(db):
    user = User.objects.create_superuser("root", password="Root-pass-1234")
    call_command("grant_role", "root", "admin")
    assert _role(user) == Role.ADMIN
    assert AuditEntry.objects.filter(action="permission", object_id=str(user.pk)).exists()
