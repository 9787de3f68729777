"""The county office opens unit staff accounts itself, delegated and audited; every other role
stays with the administrator (三权分立). No role is preselected, a coordinator role is asked
twice, and the 403 page names who can help (issue 13, item 8)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.accounts.models import Role, User
from gongkai.audit.models import AuditEntry
from gongkai.units.models import Unit

URL = "/accounts/unit-staff/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize(
    "persona,allowed",
    [
        ("county_office", True),
        ("service_center", False),
        ("media_center", False),
        ("unit_staff", False),
        ("assessor", False),
        ("admin", False),
    ],
)
def test_permission_matrix_of_the_delegated_page(client_as, persona, allowed):
    client = client_as(persona)
    get = client.get(URL)
    post = client.post(
        URL,
        {
            "username": "x-" + persona,
            "display_name": "某人",
            "unit": Unit.objects.implementing().first().pk,
        },
    )
    assert get.status_code == (200 if allowed else 403)
    assert post.status_code == 200 if allowed else post.status_code == 403
    assert User.objects.filter(username="x-" + persona).exists() is allowed


def test_anonymous_goes_to_sign_in(client, db):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_county_office_opens_a_unit_staff_account_audited(client_as, personas):
    unit = Unit.objects.get(name="县统计局")
    response = client_as("county_office").post(
        URL,
        {
            "username": "tongji2",
            "display_name": "王芳",
            "unit": unit.pk,
            "role": Role.COUNTY_OFFICE,
        },
    )
    body = response.content.decode()
    password = re.search(r"<code>([^<]+)</code>", body).group(1)
    user = User.objects.get(username="tongji2")
    assert user.role == Role.UNIT_STAFF and user.unit == unit and user.must_change_password
    assert user.check_password(password)
    entry = AuditEntry.objects.get(action="permission", object_id=str(user.pk))
    assert entry.user == personas["county_office"]
    assert "/accounts/staff/" not in body  # no link to the administrator's pages


def test_county_office_cannot_open_an_account_of_a_coordinating_unit(client_as, personas):
    special = personas["county_office"].unit
    response = client_as("county_office").post(
        URL, {"username": "sneaky", "display_name": "某人", "unit": special.pk}
    )
    assert "error-summary" in response.content.decode()
    assert not User.objects.filter(username="sneaky").exists()


def test_the_page_lists_the_unit_staff_accounts_in_constant_queries(client_as, personas):
    client = client_as("county_office")
    client.get(URL)  # warm the per-process caches (menu, units)

    def measure() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(URL).content.decode()
        return body, len(queries)

    body, few = measure()
    assert personas["unit_staff"].username in body and personas["other_unit_staff"].username in body
    assert personas["service_center"].username not in body
    for unit in Unit.objects.implementing()[:8]:
        User.objects.create_user(username=f"many-{unit.pk}", role=Role.UNIT_STAFF, unit=unit)
    body, many = measure()
    assert "many-" in body
    assert 0 < few == many


def test_no_role_is_preselected_in_the_administrators_form(client_as, personas):
    body = client_as("admin").get("/accounts/staff/new/").content.decode()
    select = re.search(r'<select name="role".*?</select>', body, re.S).group(0)
    assert "selected" not in select.replace('<option value="" selected>', "")
    response = client_as("admin").post(
        "/accounts/staff/new/", {"username": "norole", "display_name": "某人"}
    )
    assert "error-summary" in response.content.decode()
    assert not User.objects.filter(username="norole").exists()


def test_giving_a_coordinator_role_asks_first(client_as, personas):
    admin = client_as("admin")
    data = {"username": "newcounty", "display_name": "赵敏", "role": Role.COUNTY_OFFICE, "unit": ""}
    asked = admin.post("/accounts/staff/new/", data, **EN)
    assert "Give a coordinator role?" in asked.content.decode()
    assert 'name="confirm_coordinator" value="yes"' in asked.content.decode()
    assert not User.objects.filter(username="newcounty").exists()
    admin.post("/accounts/staff/new/", {**data, "confirm_coordinator": "yes"})
    assert User.objects.get(username="newcounty").role == Role.COUNTY_OFFICE


def test_changing_a_role_to_coordinator_asks_first(client_as, personas):
    clerk = personas["unit_staff"]
    admin = client_as("admin")
    url = f"/accounts/staff/{clerk.pk}/"
    asked = admin.post(url, {"role": Role.SERVICE_CENTER, "unit": ""}, **EN)
    assert "Give a coordinator role?" in asked.content.decode()
    clerk.refresh_from_db()
    assert clerk.role == Role.UNIT_STAFF
    admin.post(url, {"role": Role.SERVICE_CENTER, "unit": "", "confirm_coordinator": "yes"})
    clerk.refresh_from_db()
    assert clerk.role == Role.SERVICE_CENTER


def test_the_403_page_names_who_can_help(client_as, personas):
    unit_page = client_as("unit_staff").get("/accounts/staff/", **EN)
    assert unit_page.status_code == 403
    body = unit_page.content.decode()
    assert "set by the Administrator only" in body
    assert "can also be opened by the County government office" in body
    media = client_as("media_center").get("/accounts/staff/", **EN).content.decode()
    assert "set by the Administrator only" in media and "County government office" not in media
