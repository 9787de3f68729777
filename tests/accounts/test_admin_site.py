"""Pen-test item 1: the Django admin is no second door. Its login form sends to the platform's
sign-in (password + code + lockout), and no staff page nor admin page opens for a session in
which the second factor was not given."""

import pytest

from gongkai.accounts import totp
from gongkai.accounts.models import TOTPDevice, User
from tests.security.urlwalk import endpoints

PASSWORD = "Root-pass-1234"


@pytest.fixture
def superuser(personas, settings):
    settings.GONGKAI_REQUIRE_2FA = True
    user = User.objects.create_superuser("root", password=PASSWORD)
    TOTPDevice.objects.create(user=user, secret=totp.new_secret(), confirmed=True)
    return user


def _staff_pages() -> list[str]:
    """Every staff page that takes no path argument, and the admin's own pages."""
    pages = [e.url({}) for e in endpoints() if e.access is not None and not e.converters]
    assert len(pages) > 20  # the walk found the staff area
    return pages + ["/django-admin/", "/django-admin/accounts/user/", "/django-admin/audit/"]


def _assert_no_page_opens(client):
    for url in _staff_pages():
        response = client.get(url)
        assert response.status_code in (302, 403, 405), url  # 405: a POST-only action
        location = response.get("Location", "")
        if location.startswith("/django-admin/login/"):
            response = client.get(location)  # the admin's login page sends on to ours
            location = response.get("Location", "")
        if response.status_code == 302:
            assert location.startswith("/accounts/login/"), url


def test_admin_login_with_password_alone_signs_nobody_in(client, superuser):
    response = client.post(
        "/django-admin/login/?next=/django-admin/", {"username": "root", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/django-admin/"
    assert "_auth_user_id" not in client.session
    _assert_no_page_opens(client)


def test_admin_login_refused_for_locked_superuser(client, superuser):
    from django.utils import timezone

    User.objects.filter(pk=superuser.pk).update(
        locked_until=timezone.now() + timezone.timedelta(minutes=15)
    )
    client.post("/django-admin/login/", {"username": "root", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    _assert_no_page_opens(client)


def test_session_opened_without_code_reaches_no_staff_or_admin_page(client, superuser):
    # A session opened by any sign-in other than password + code (as the admin's form did).
    client.force_login(superuser)
    _assert_no_page_opens(client)
    assert "_auth_user_id" not in client.session  # the one-factor session was ended


def test_admin_opens_after_password_and_code(client, superuser):
    device = superuser.totp_device
    response = client.post(
        "/accounts/login/?next=/django-admin/",
        {"username": "root", "password": PASSWORD, "next": "/django-admin/"},
    )
    assert response["Location"] == "/accounts/login/code/"
    response = client.post("/accounts/login/code/", {"code": totp.totp(device.secret)})
    assert response["Location"] == "/django-admin/"
    assert client.get("/django-admin/").status_code == 200
    assert client.get("/staff/").status_code == 200


def test_admin_user_pages_are_view_only(client, superuser):
    client.post("/accounts/login/", {"username": "root", "password": PASSWORD})
    client.post("/accounts/login/code/", {"code": totp.totp(superuser.totp_device.secret)})
    url = f"/django-admin/accounts/user/{superuser.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": "root", "role": "assessor", "is_superuser": "on"})
    assert response.status_code == 403
    assert User.objects.get(pk=superuser.pk).role == superuser.role
