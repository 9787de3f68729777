"""Password rules: length ≥ 10, 3 of 4 character classes, not the username, not reused."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gongkai.accounts.models import PasswordHistory, Role, User


@pytest.fixture
def user(db):
    return User.objects.create_user("wangwu", password="Start-pass-2023", role=Role.UNIT_STAFF)


@pytest.mark.parametrize(
    "password,code",
    [
        ("Ab1-short", "password_too_short"),
        ("alllowercaseletters", "password_too_simple"),
        ("lowercase-and-dash", "password_too_simple"),
        ("Wangwu-2023-ok", "password_contains_username"),
        ("Start-pass-2023", "password_reused"),
    ],
)
def test_password_rules_reject_weak_password(user, password, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_password(password, user)
    assert code in {e.code for e in excinfo.value.error_list}


def test_password_rules_accept_strong_password(user):
    validate_password("Huanghe-river-7", user)


def test_password_history_keeps_last_five(user):
    for n in range(6):
        user.set_password(f"Fresh-pass-{n}0x")
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 5
    # The sixth-last password may come back; the last five may not.
    validate_password("Fresh-pass-00x", user)
    with pytest.raises(ValidationError):
        validate_password("Fresh-pass-10x", user)


def test_password_change_page_refuses_reused_password(client, user):
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "Start-pass-2023",
            "new_password1": "Start-pass-2023",
            "new_password2": "Start-pass-2023",
        },
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Start-pass-2023")
