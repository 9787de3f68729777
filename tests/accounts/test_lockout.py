"""Lockout after five failed sign-ins in fifteen minutes; unlock by the administrator."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.audit.models import AuditEntry
from tests.fixtures.pages import forbidden


def _fail(client, username="p-unit", n=1):
    response = None
    for _ in range(n):
        response = client.post("/accounts/login/", {"username": username, "password": "wrong"})
    return response


def test_lockout_after_five_failures_says_when_to_retry(client, personas):
    response = _fail(client, n=5)
    body = response.content.decode()
    assert response.status_code == 200
    assert "locked" in body or "锁定" in body
    user = User.objects.get(username="p-unit")
    assert user.locked_until > timezone.now()
    until = timezone.localtime(user.locked_until).strftime("%H:%M")
    assert until in body
    # The right password is refused while locked.
    response = client.post("/accounts/login/", {"username": "p-unit", "password": "test-pass-123!"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="lock", object_id=str(user.pk)).exists()


def test_lockout_four_failures_then_success_resets_counter(client, personas):
    _fail(client, n=4)
    response = client.post("/accounts/login/", {"username": "p-unit", "password": "test-pass-123!"})
    assert response.status_code == 302
    assert User.objects.get(username="p-unit").failed_logins == 0


def test_lockout_failures_outside_window_do_not_count(client, personas):
    _fail(client, n=4)
    User.objects.filter(username="p-unit").update(
        failed_logins_since=timezone.now() - dt.timedelta(minutes=16)
    )
    _fail(client, n=1)
    user = User.objects.get(username="p-unit")
    assert user.failed_logins == 1
    assert user.locked_until is None


def test_lockout_expires_by_itself(client, personas):
    _fail(client, n=5)
    User.objects.filter(username="p-unit").update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.post("/accounts/login/", {"username": "p-unit", "password": "test-pass-123!"})
    assert response.status_code == 302
    assert not response["Location"].startswith("/accounts/login/")  # on to the second factor
    assert client.session["_auth_user_id"] == str(personas["unit_staff"].pk)


def test_admin_unlocks_locked_account(client, client_as, personas):
    _fail(client, n=5)
    admin = client_as("admin")
    user = User.objects.get(username="p-unit")
    page = admin.get(f"/accounts/staff/{user.pk}/")
    assert "Unlock" in page.content.decode() or "解锁" in page.content.decode()
    response = admin.post(f"/accounts/staff/{user.pk}/unlock/")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.locked_until is None
    assert AuditEntry.objects.filter(action="unlock", object_id=str(user.pk)).exists()
    response = client.post("/accounts/login/", {"username": "p-unit", "password": "test-pass-123!"})
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["county_office", "assessor", "unit_staff"])
def test_unlock_forbidden_to_other_roles(client_as, personas, persona):
    user = personas["unit_staff"]
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() + dt.timedelta(minutes=5))
    assert forbidden(client_as(persona).post(f"/accounts/staff/{user.pk}/unlock/"))
    assert User.objects.get(pk=user.pk).locked_until is not None
    assert not AuditEntry.objects.filter(action="unlock").exists()


def test_ip_limit_refuses_the_attempt_after_login_ip_limit_failures(client, personas, settings):
    settings.LOGIN_IP_LIMIT = 3
    for n in range(3):
        answer = client.post("/accounts/login/", {"username": f"nobody{n}", "password": "x"})
        assert "网络" not in answer.content.decode() and "network" not in answer.content.decode()
    response = client.post("/accounts/login/", {"username": "p-unit", "password": "test-pass-123!"})
    assert response.status_code == 200  # the right password, refused: the address is blocked
    assert "network" in response.content.decode() or "网络" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_ip_rate_limit_blocks_many_usernames(client, personas, settings):
    settings.LOGIN_IP_LIMIT = 3
    for n in range(4):
        client.post("/accounts/login/", {"username": f"nobody{n}", "password": "x"})
    response = client.post("/accounts/login/", {"username": "p-unit", "password": "test-pass-123!"})
    assert response.status_code == 200
    assert "network" in response.content.decode() or "网络" in response.content.decode()


def _answer(response) -> str:
    """The error the sign-in page shows (the form's summary), without the CSRF token."""
    import re

    match = re.search(
        r'<div class="error-summary" role="alert">(.*?)</div>', response.content.decode()
    )
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize("attempt", range(1, 8))
def test_lockout_answers_the_same_for_a_missing_username(client, personas, attempt, monkeypatch):
    """Pen-test item 16: failures 1..7 on a real and on an invented username read the same,
    the lock message (with its time) included, and the right password of the real account is
    refused with the same words while locked."""
    from django.test import Client

    frozen = timezone.now()  # both lock times shown to the minute: no minute boundary between
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    other = Client()
    real = _fail(client, username="p-unit", n=attempt)
    missing = _fail(other, username="nobody-here", n=attempt)
    assert real.status_code == missing.status_code == 200
    assert _answer(real) == _answer(missing)
    if attempt >= 5:
        assert "locked" in _answer(real) or "锁定" in _answer(real)
        right = client.post(
            "/accounts/login/", {"username": "p-unit", "password": "test-pass-123!"}
        )
        guess = other.post("/accounts/login/", {"username": "nobody-here", "password": "x"})
        assert _answer(right) == _answer(guess)
