"""One-time recovery codes for two-factor sign-in (issue #12 item 9): ten shown once at
enrolment and on regeneration, stored hashed, each usable once in place of the authenticator's
code, audited, regenerated from the two-factor page after password and code."""

from __future__ import annotations

import re

from gongkai.accounts import totp
from gongkai.accounts.models import RecoveryCode, TOTPDevice
from gongkai.audit.models import AuditEntry

CODE_RE = re.compile(r"<code>([2-9A-Z]{5}-[2-9A-Z]{5})</code>")


def _login(client, username):
    return client.post("/accounts/login/", {"username": username, "password": "test-pass-123!"})


def _enrol(client, username, user):
    _login(client, username)
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/accounts/two-factor/", {"code": totp.totp(device.secret)})
    return device, response


def test_enrolment_shows_ten_codes_once_and_stores_only_hashes(client, personas):
    user = personas["county_office"]
    _device, response = _enrol(client, "p-county", user)
    body = response.content.decode()
    codes = CODE_RE.findall(body)
    assert response.status_code == 200 and len(set(codes)) == 10
    assert '<a class="button" href="/staff/">' in body  # the way on, to the workbench
    assert "no-store" in response["Cache-Control"]
    stored = list(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert len(stored) == 10
    for code in codes:
        assert not any(code.replace("-", "") in h or code in h for h in stored)
    assert not CODE_RE.search(client.get("/accounts/two-factor/").content.decode())
    # Issued codes are audited, their hashes never copied into the log.
    entries = AuditEntry.objects.filter(object_id=str(user.pk), action="permission")
    assert any((e.after or {}).get("recovery_codes") == "issued" for e in entries)
    assert not AuditEntry.objects.filter(after__icontains=stored[0]).exists()


def test_recovery_code_signs_in_once_in_place_of_the_totp_code(client, personas):
    user = personas["county_office"]
    _device, response = _enrol(client, "p-county", user)
    code = CODE_RE.findall(response.content.decode())[3]
    client.logout()

    assert _login(client, "p-county")["Location"] == "/accounts/login/code/"
    signed_in = client.post("/accounts/login/code/", {"code": code.lower()})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/staff/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/staff/").status_code == 200
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=False).count() == 1
    used = AuditEntry.objects.get(object_repr="p-county (recovery code)")
    assert used.action == "login" and used.after == {"recovery_code": "used", "left": 9}
    client.logout()

    _login(client, "p-county")
    again = client.post("/accounts/login/code/", {"code": code})
    assert again.status_code == 200 and "error-summary" in again.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login_failed", username="p-county").exists()


def test_made_up_recovery_code_is_refused_and_counts_as_a_failure(client, personas):
    user = personas["service_center"]
    TOTPDevice.objects.create(user=user, secret=totp.new_secret(), confirmed=True)
    _login(client, "p-service")
    for _ in range(5):
        response = client.post("/accounts/login/code/", {"code": "ABCDE-FGHJK"})
    assert response["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.locked_until is not None


def test_regenerating_needs_password_and_code_and_replaces_the_old_codes(client, personas):
    user = personas["county_office"]
    device, response = _enrol(client, "p-county", user)
    old = CODE_RE.findall(response.content.decode())
    page = client.get("/accounts/two-factor/").content.decode()
    assert 'href="/accounts/two-factor/recovery-codes/"' in page and "10" in page
    form = client.get("/accounts/two-factor/recovery-codes/")
    assert form.status_code == 200 and not CODE_RE.search(form.content.decode())
    TOTPDevice.objects.filter(pk=device.pk).update(last_used_step=0)
    wrong = client.post(
        "/accounts/two-factor/recovery-codes/",
        {"password": "wrong", "code": totp.totp(device.secret)},
    )
    assert "error-summary" in wrong.content.decode() and not CODE_RE.search(wrong.content.decode())
    fresh = client.post(
        "/accounts/two-factor/recovery-codes/",
        {"password": "test-pass-123!", "code": totp.totp(device.secret)},
    )
    new = CODE_RE.findall(fresh.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert "no-store" in fresh["Cache-Control"]
    client.logout()
    _login(client, "p-county")
    assert client.post("/accounts/login/code/", {"code": old[0]}).status_code == 200
    assert client.post("/accounts/login/code/", {"code": new[0]})["Location"] == "/staff/"


def test_admin_reset_of_the_authenticator_removes_the_recovery_codes(client_as, personas):
    from gongkai.accounts import services

    user = personas["county_office"]
    TOTPDevice.objects.create(user=user, secret=totp.new_secret(), confirmed=True)
    services.new_recovery_codes(user)
    client_as("admin").post(f"/accounts/staff/{user.pk}/two-factor/", {"confirmed": "1"})
    assert not RecoveryCode.objects.filter(user=user).exists()
