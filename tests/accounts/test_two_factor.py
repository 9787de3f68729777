"""Two-factor sign-in (TOTP, RFC 6238) for staff roles."""

import re

import pytest

from gongkai.accounts import totp
from gongkai.accounts.models import TOTPDevice

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"


@pytest.mark.parametrize(
    "at,expected",
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
    ],
)
def test_totp_matches_rfc6238_vectors(at, expected):
    assert totp.hotp(RFC_SECRET, totp.time_step(at), digits=8) == expected


def test_totp_matches_rfc4226_vectors():
    assert [totp.hotp(RFC_SECRET, c) for c in range(3)] == ["755224", "287082", "359152"]


def test_totp_verify_accepts_one_step_drift_and_refuses_reuse():
    secret = totp.new_secret()
    at = 1_700_000_000
    step = totp.verify(secret, totp.totp(secret, at - 30), at=at)
    assert step == totp.time_step(at) - 1
    assert totp.verify(secret, totp.totp(secret, at - 30), last_used_step=step, at=at) == 0
    assert totp.verify(secret, totp.totp(secret, at - 90), at=at) == 0
    assert totp.verify(secret, "１２３４５６", at=at) == 0  # full-width digits


def test_totp_uri_names_issuer_and_account():
    uri = totp.provisioning_uri("ABCDEF", "county", "Gongkai")
    assert uri.startswith("otpauth://totp/Gongkai%3Acounty?secret=ABCDEF&issuer=Gongkai")


def _login(client, username):
    return client.post("/accounts/login/", {"username": username, "password": "test-pass-123!"})


def test_two_factor_required_role_must_enrol_first(client, personas):
    response = _login(client, "p-county")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/"
    # Any other page sends the user back to the enrolment page.
    assert client.get("/staff/")["Location"] == "/accounts/two-factor/"
    page = client.get("/accounts/two-factor/", {"confirmed": "1"})
    body = page.content.decode()
    assert 'src="data:image/png;base64,' in body
    assert "otpauth://totp/" in body
    device = TOTPDevice.objects.get(user=personas["county_office"])
    wrong = client.post("/accounts/two-factor/", {"code": "000000"})
    assert wrong.status_code == 200 and "error-summary" in wrong.content.decode()
    response = client.post("/accounts/two-factor/", {"code": totp.totp(device.secret)})
    # Confirmed: the recovery codes are shown once, then the way on (tests/accounts/
    # test_recovery_codes.py).
    assert response.status_code == 200 and 'class="recovery-codes"' in response.content.decode()
    assert client.get("/staff/").status_code == 200


def test_two_factor_enrolled_user_gives_code_at_sign_in(client, personas):
    user = personas["service_center"]
    secret = totp.new_secret()
    TOTPDevice.objects.create(user=user, secret=secret, confirmed=True)
    response = _login(client, "p-service")
    assert response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/staff/").status_code == 302  # not signed in yet
    bad = client.post("/accounts/login/code/", {"code": "12345"})
    assert "error-summary" in bad.content.decode()
    response = client.post("/accounts/login/code/", {"code": totp.totp(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_two_factor_code_step_needs_password_first(client, personas):
    response = client.get("/accounts/login/code/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_two_factor_wrong_codes_count_as_failed_sign_ins(client, personas):
    user = personas["assessor"]
    TOTPDevice.objects.create(user=user, secret=totp.new_secret(), confirmed=True)
    _login(client, "p-assessor")
    for _ in range(5):
        response = client.post("/accounts/login/code/", {"code": "000000"})
    assert response["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.locked_until is not None


def test_two_factor_required_for_unit_staff_too(client, personas):
    response = _login(client, "p-unit")
    assert response["Location"] != "/staff/"  # sent to enrol or to give the code first
    assert client.get("/staff/").status_code == 302


def test_two_factor_roles_are_a_setting(client, personas, settings):
    settings.TOTP_REQUIRED_ROLES = ["county_office", "service_center"]
    response = _login(client, "p-unit")
    assert response["Location"] == "/staff/"
    assert client.get("/accounts/two-factor/").status_code == 200  # may enrol voluntarily


def test_two_factor_switched_off_by_setting(client, personas, settings):
    settings.GONGKAI_REQUIRE_2FA = False
    response = _login(client, "p-county")
    assert response["Location"] == "/staff/"


def test_two_factor_secret_encrypted_at_rest(personas):
    from django.db import connection

    TOTPDevice.objects.create(user=personas["admin"], secret="JBSWY3DPEHPK3PXP", confirmed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice")
        stored = cursor.fetchone()[0]
    assert "JBSWY3DPEHPK3PXP" not in stored
    assert re.match(r"^gAAAA", stored)


def test_admin_resets_authenticator(client_as, personas):
    user = personas["county_office"]
    TOTPDevice.objects.create(user=user, secret=totp.new_secret(), confirmed=True)
    response = client_as("admin").post(f"/accounts/staff/{user.pk}/two-factor/", {"confirmed": "1"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


# Pen-test item 8: wrong codes count toward lockout on their own, per account and per address.


def _enrolled(user):
    return TOTPDevice.objects.create(user=user, secret=totp.new_secret(), confirmed=True)


def test_two_factor_guesses_are_not_reset_by_signing_in_again(client, personas):
    user = personas["assessor"]
    device = _enrolled(user)
    for _ in range(2):  # four guesses, then the password again: the counter must not restart
        assert _login(client, "p-assessor")["Location"] == "/accounts/login/code/"
        for _ in range(4):
            client.post("/accounts/login/code/", {"code": "000000"})
    user.refresh_from_db()
    assert user.locked_until is not None
    # Locked: neither the password nor the right code opens a session now.
    _login(client, "p-assessor")
    client.post("/accounts/login/code/", {"code": totp.totp(device.secret)})
    assert "_auth_user_id" not in client.session


def test_two_factor_lock_stops_code_steps_opened_before(personas):
    from django.test import Client

    user = personas["assessor"]
    device = _enrolled(user)
    pending = [Client() for _ in range(6)]
    for each in pending:  # six code steps opened with the password before any guess
        assert _login(each, "p-assessor")["Location"] == "/accounts/login/code/"
    for each in pending[:5]:
        each.post("/accounts/login/code/", {"code": "000000"})
    user.refresh_from_db()
    assert user.locked_until is not None
    response = pending[5].post("/accounts/login/code/", {"code": totp.totp(device.secret)})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in pending[5].session


def test_two_factor_wrong_codes_count_per_address(personas, settings):
    from django.test import Client

    settings.LOGIN_IP_LIMIT = 3
    _enrolled(personas["assessor"])
    _enrolled(personas["admin"])
    media_device = _enrolled(personas["media_center"])
    waiting = Client()  # same address (the test client's): a code step opened before
    assert _login(waiting, "p-media")["Location"] == "/accounts/login/code/"
    guesser = Client()
    for username in ("p-assessor", "p-admin"):  # two wrong codes each: no account locked
        _login(guesser, username)
        for _ in range(2):
            guesser.post("/accounts/login/code/", {"code": "000000"})
    # Four wrong codes from this address: it is refused, the password step and the code step.
    response = _login(guesser, "p-media")
    assert response.status_code == 200
    assert "_auth_user_id" not in guesser.session
    assert "network" in response.content.decode() or "网络" in response.content.decode()
    response = waiting.post("/accounts/login/code/", {"code": totp.totp(media_device.secret)})
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in waiting.session


# Pen-test item 14: the key is shown again only after both factors; no copy is kept.


def test_two_factor_key_not_shown_again_without_password_and_code(client, personas):
    user = personas["service_center"]
    device = _enrolled(user)
    _login(client, "p-service")
    client.post("/accounts/login/code/", {"code": totp.totp(device.secret)})
    page = client.get("/accounts/two-factor/", {"confirmed": "1"})
    body = page.content.decode()
    assert page.status_code == 200
    assert device.secret[:4] not in body and "otpauth://" not in body and "data:image" not in body
    assert "no-store" in page["Cache-Control"]
    wrong = client.post(
        "/accounts/two-factor/", {"password": "wrong-pass", "code": totp.totp(device.secret)}
    )
    assert "otpauth://" not in wrong.content.decode()
    assert "error-summary" in wrong.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(last_used_step=0)  # the code may be reused
    shown = client.post(
        "/accounts/two-factor/", {"password": "test-pass-123!", "code": totp.totp(device.secret)}
    )
    assert "otpauth://" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]


def test_two_factor_pages_are_not_stored(client, personas):
    _login(client, "p-county")  # enrolment: the key is on the page
    page = client.get("/accounts/two-factor/", {"confirmed": "1"})
    assert "otpauth://" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
