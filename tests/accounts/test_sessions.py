"""Automatic sign-out after inactivity, with a visible warning; forced password change."""

import io
import time

import pytest

from gongkai.accounts.middleware import LAST_SEEN
from gongkai.accounts.models import Role, User
from gongkai.ops import demo


def test_idle_session_signed_out_after_timeout(client_as, settings):
    settings.GONGKAI_IDLE_TIMEOUT_MINUTES = 30
    client = client_as("unit_staff")
    assert client.get("/staff/").status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/staff/")
    assert "_auth_user_id" not in client.session


def test_idle_session_active_user_stays_signed_in(client_as):
    client = client_as("unit_staff")
    client.get("/staff/")
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/staff/").status_code == 200
    assert client.session[LAST_SEEN] >= int(time.time()) - 5


def test_idle_warning_script_on_staff_pages(client_as, settings):
    settings.GONGKAI_IDLE_TIMEOUT_MINUTES = 45
    settings.GONGKAI_IDLE_WARNING_MINUTES = 3
    body = client_as("unit_staff").get("/staff/").content.decode()
    assert 'src="/static/accounts/idle.js"' in body
    assert 'data-timeout="2700"' in body and 'data-warn="180"' in body


def test_keepalive_counts_as_activity(client_as, client):
    assert client.get("/accounts/keepalive/").status_code == 401
    staff = client_as("unit_staff")
    session = staff.session
    session[LAST_SEEN] = int(time.time()) - 600  # ten minutes idle, within the timeout
    session.save()
    assert staff.get("/accounts/keepalive/").status_code == 204
    assert staff.session[LAST_SEEN] >= int(time.time()) - 5  # the idle clock starts again


def test_must_change_password_before_anything_else(client, programme, settings):
    settings.GONGKAI_REQUIRE_2FA = False  # two-factor enrolment comes first; see test_two_factor
    user = User.objects.create_user(
        "newbie", password="Temp-pass-1234", role=Role.UNIT_STAFF, must_change_password=True
    )
    client.post("/accounts/login/", {"username": "newbie", "password": "Temp-pass-1234"})
    response = client.get("/staff/")
    assert response["Location"] == "/accounts/password/"
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "Temp-pass-1234",
            "new_password1": "Loess-plateau-88",
            "new_password2": "Loess-plateau-88",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/staff/").status_code == 200


@pytest.mark.parametrize("keep", [False, True], ids=["default", "keep-passwords"])
def test_demo_command_asks_every_demo_account_to_change_its_password(db, settings, keep):
    from django.core.management import call_command

    settings.GONGKAI_REQUIRE_2FA = True  # restored after the test (the command turns it off)
    call_command("demo", no_serve=True, keep_passwords=keep, stdout=io.StringIO())
    flags = set(User.objects.values_list("must_change_password", flat=True))
    assert flags == {not keep}


def test_demo_account_is_sent_to_change_its_password_at_first_sign_in(client, programme, settings):
    settings.GONGKAI_REQUIRE_2FA = False
    demo.create_demo_accounts(must_change_password=True)
    response = client.post(
        "/accounts/login/", {"username": "nongye", "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/staff/")["Location"].startswith("/accounts/password")
