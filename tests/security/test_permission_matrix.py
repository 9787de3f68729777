"""The platform-wide permission matrix: every URL pattern × every persona, path arguments
filled with demo data of the persona's own unit AND of another unit.

Views declare who may use them with ``role_required``/``predicate_required`` (the rule is read
from the view, see ``gongkai.accounts.rules.view_access``), so views added later are covered
automatically. Asserted for every request:

- never a server error (500);
- anonymous on a staff view → redirect to the login page;
- a signed-in persona the view's rule refuses → 403 (or 404/405), for GET and for POST;
- unit staff asking a staff view for an object of ANOTHER unit → 403 or 404, never the page.
"""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.core.demo import load_demo
from tests.conftest import ALL_PERSONAS
from tests.security.urlwalk import endpoints, fillings

# Views that deliberately show unit staff an object of another unit (with the reason).
CROSS_UNIT_ALLOWED: dict[str, str] = {}

OK = {200, 204, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405}


def test_matrix_discovers_platform_views():
    found = {e.name for e in endpoints()}
    assert {"audit:list", "accounts:staff-home", "workbench:home", "portal:home"} <= found


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_permission_matrix(persona, personas, programme):
    load_demo()
    user = personas[persona] if persona else None
    client = Client()
    if user is not None:
        client.force_login(user)
    own_unit = user.unit_id if user is not None else None
    problems: list[str] = []
    checked = 0
    for endpoint in endpoints():
        access = endpoint.access
        for filling in fillings(endpoint, own_unit, programme.year):
            url = endpoint.url(filling.values)
            response = client.get(url)
            checked += 1
            status = response.status_code
            where = f"{persona or 'anonymous'} GET {url} ({endpoint.name}) → {status}"
            if status >= 500 or status not in OK:
                problems.append(where + ": unexpected status")
                continue
            if user is None:
                if endpoint.is_staff_area and status not in {302, 405}:
                    problems.append(where + ": anonymous must be sent to sign in")
                elif endpoint.is_staff_area and status == 302:
                    if not response["Location"].startswith("/accounts/login/"):
                        problems.append(where + ": redirect is not the login page")
                if endpoint.is_staff_area:
                    posted = client.post(url, {})
                    if posted.status_code not in {302, 403, 404, 405} or (
                        posted.status_code == 302
                        and not posted["Location"].startswith("/accounts/login/")
                    ):
                        problems.append(f"anonymous POST {url} → {posted.status_code}")
                continue
            if access is not None and not access(user):
                if status not in {403, 404, 405}:
                    problems.append(where + ": this role is not allowed, expected 403/404")
                # A refused role may not change anything with a POST either.
                posted = client.post(url, {})
                if posted.status_code not in {403, 404, 405}:
                    problems.append(
                        f"{persona} POST {url} ({endpoint.name}) → {posted.status_code}: "
                        "this role is not allowed, expected 403/404"
                    )
            if (
                filling.other_unit
                and persona in {"unit_staff", "other_unit_staff"}
                and endpoint.is_staff_area
                and endpoint.name not in CROSS_UNIT_ALLOWED
                and status == 200
            ):
                problems.append(where + ": another unit's object leaked, expected 403/404")
    assert checked > 0
    assert not problems, "\n".join(problems)


def test_matrix_reads_declared_rules(personas):
    by_name = {e.name: e for e in endpoints()}
    audit = by_name["audit:list"].access
    assert audit(personas["assessor"]) and not audit(personas["admin"])
    manage = by_name["accounts:user-detail"].access
    assert manage(personas["admin"]) and not manage(personas["county_office"])
    assert by_name["workbench:home"].access(personas["unit_staff"])
    assert by_name["portal:home"].access is None


def test_matrix_fills_objects_of_another_unit(personas, programme):
    endpoint = next(e for e in endpoints() if e.name == "accounts:user-detail")
    own = personas["unit_staff"].unit_id
    filled = fillings(endpoint, own, programme.year)
    others = [f for f in filled if f.other_unit]
    assert others, filled
    from gongkai.accounts.models import User

    assert User.objects.get(pk=others[0].values["pk"]).unit_id not in (None, own)
    assert any(f.values["pk"] == 999999 for f in filled)
