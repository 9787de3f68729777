"""Pen-test item 4: the client's address comes from the connection unless a configured trusted
proxy (GONGKAI_TRUSTED_PROXIES, one hop) names it in X-Real-IP. Rate limits and the audit log
read the same address."""

from __future__ import annotations

import pytest

from gongkai.audit.models import AuditEntry

BLOCKED = "本网络登录失败次数过多"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
PROXY = "10.0.0.2"


def _sign_in(client, *, password: str, peer: str, real_ip: str | None = None, user="p-unit"):
    headers = {"REMOTE_ADDR": peer, **ZH}
    if real_ip is not None:
        headers["HTTP_X_REAL_IP"] = real_ip
    return client.post("/accounts/login/", {"username": user, "password": password}, **headers)


@pytest.fixture
def low_login_limit(settings):
    settings.LOGIN_IP_LIMIT = 3


def test_rotating_x_real_ip_from_untrusted_peer_does_not_escape_login_limit(
    client, personas, low_login_limit
):
    # Unknown usernames: only the address limit can stop this (no account to lock).
    for n in range(5):
        response = _sign_in(
            client, password="wrong", peer="198.51.100.9", real_ip=f"192.0.2.{n}", user=f"x{n}"
        )
    assert BLOCKED in response.content.decode()
    # The right password from that address is refused too, whatever the header says.
    response = _sign_in(
        client, password="test-pass-123!", peer="198.51.100.9", real_ip="192.0.2.99"
    )
    assert response.status_code == 200 and BLOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_forged_x_real_ip_cannot_get_a_victims_address_blocked(client, personas, low_login_limit):
    victim = "203.0.113.50"
    for n in range(6):
        _sign_in(client, password="wrong", peer="198.51.100.9", real_ip=victim, user=f"x{n}")
    response = _sign_in(client, password="test-pass-123!", peer=victim)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas["unit_staff"].pk)


def test_x_real_ip_from_trusted_proxy_is_honoured(client, personas, settings, low_login_limit):
    settings.GONGKAI_TRUSTED_PROXIES = [PROXY]
    for n in range(5):
        response = _sign_in(client, password="wrong", peer=PROXY, real_ip="192.0.2.7", user=f"x{n}")
    assert BLOCKED in response.content.decode()
    # Another client behind the same proxy is not held up by that one.
    response = _sign_in(client, password="test-pass-123!", peer=PROXY, real_ip="192.0.2.8")
    assert response.status_code == 302


def test_audit_entry_shows_real_client_behind_trusted_proxy(client, personas, settings):
    settings.GONGKAI_TRUSTED_PROXIES = [PROXY]
    _sign_in(client, password="wrong", peer=PROXY, real_ip="203.0.113.77")
    _sign_in(client, password="test-pass-123!", peer=PROXY, real_ip="203.0.113.77")
    entries = AuditEntry.objects.filter(action__in=["login_failed", "login"]).order_by("pk")
    assert [(e.action, e.ip) for e in entries] == [
        ("login_failed", "203.0.113.77"),
        ("login", "203.0.113.77"),
    ]


def test_audit_entry_ignores_x_real_ip_from_untrusted_peer(client, personas):
    _sign_in(client, password="wrong", peer="198.51.100.9", real_ip="203.0.113.77")
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.ip == "198.51.100.9"


def test_trusted_proxies_typo_is_a_system_check_error(settings):
    from gongkai.security.checks import trusted_proxies_are_addresses

    settings.GONGKAI_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8", "nginx.local"]
    assert [e.id for e in trusted_proxies_are_addresses(None)] == ["core.E003"]
