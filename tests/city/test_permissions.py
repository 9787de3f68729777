"""Who may open the city's pages: the city's supervisor and administrator; every county role
gets 403, anonymous visitors the sign-in page."""

from __future__ import annotations

import pytest

from gongkai.city.models import SpotCheck
from gongkai.counties import scope
from tests.city.conftest import signed_in
from tests.conftest import ALL_PERSONAS

PAGES = ["/city/", "/city/ranking/", "/city/spot-checks/"]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_county_roles_are_refused_every_city_page(persona, client_as):
    client = client_as(persona)
    for url in PAGES:
        response = client.get(url)
        if persona is None:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
        else:
            assert response.status_code == 403, (persona, url)


@pytest.mark.parametrize("who", ["supervisor", "city_admin"])
def test_the_city_supervisor_and_administrator_open_every_city_page(who, request, programme):
    client = signed_in(request.getfixturevalue(who))
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "市级监管" in client.get("/city/").content.decode()  # the staff menu links it


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_no_county_role_can_start_or_end_a_spot_check(persona, client_as, county_b):
    client = client_as(persona)
    start = client.post("/city/spot-checks/start/", {"county": county_b.pk})
    end = client.post("/city/spot-checks/end/")
    expected = 302 if persona is None else 403
    assert (start.status_code, end.status_code) == (expected, expected)
    with scope.all_counties():
        assert not SpotCheck.objects.exists()
    assert "city_spot_check" not in client.session


def test_the_city_administrator_sees_the_record_but_does_not_spot_check(city_admin, county_b):
    client = signed_in(city_admin)
    assert client.post("/city/spot-checks/start/", {"county": county_b.pk}).status_code == 403
    assert "city_spot_check" not in client.session
    # no spot-check buttons on its dashboard
    assert 'name="county"' not in client.get("/city/").content.decode()


def test_a_supervisor_cannot_spot_check_a_county_that_does_not_exist(supervisor, county_a):
    client = signed_in(supervisor)
    assert client.post("/city/spot-checks/start/", {"county": 99999}).status_code == 404
    assert client.post("/city/spot-checks/start/", {"county": "x"}).status_code == 404


def test_a_supervisor_role_account_of_a_county_is_not_the_city(county_a, county_b):
    """The role alone is not enough: a supervisor account that belongs to a county is refused."""
    from gongkai.accounts.models import Role, User

    with scope.activate(county_a):
        user = User.objects.create_user(
            username="county-supervisor", password="test-pass-123!", role=Role.SUPERVISOR
        )
    assert user.county_id == county_a.pk
    client = signed_in(user)
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    assert client.post("/city/spot-checks/start/", {"county": county_b.pk}).status_code == 403
