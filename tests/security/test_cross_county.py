"""The permission matrix across two counties: county A's staff on A's host asking for any row
of county B (every route naming an object, staff pages and public pages alike) get 404; a
session made on A's host is no one on B's host, except a city account's.

The data: the whole demo in both counties (``gongkai demo --counties 2``), loaded once for the
module; one role per county (the county office, which sees every unit of its county) beyond
the one-county matrix (tests/security/test_permission_matrix.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.counties import resolve, scope
from gongkai.counties.models import County
from tests.fixtures.moduledata import module_transaction
from tests.security.urlwalk import endpoints, fillings

B_HOST = "hengshan.localhost"
# A GET of a POST-only action is refused before any lookup (405): nothing is read.
GET_REFUSED = {404, 405}
POST_REFUSED = {403, 404, 405}


@pytest.fixture(scope="module")
def two_counties(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """County A (the first, answering testserver) and county B (hengshan.localhost), each with
    the whole demo; A's coordinator persona, B's unit for the fillings."""
    from django.test import override_settings

    from gongkai.ops.demo import load_counties
    from gongkai.units.models import Unit
    from tests.conftest import _personas, _programme_2023
    from tests.security.crossunit import ensure_rows_of_units

    media = tmp_path_factory.mktemp("cross-county-media")
    with module_transaction(request, django_db_blocker):
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
            _programme_2023()
            personas = _personas()
            first, second = load_counties(2)
            # The tests' client asks for "testserver": the first county answers every host.
            County.objects.filter(pk=first.pk).update(hosts="")
            resolve.forget()
            with scope.activate(second):
                b_units = [
                    Unit.objects.get(name="县农业农村局").pk,
                    Unit.objects.get(name="镇靖镇").pk,
                ]
                ensure_rows_of_units(b_units)
        yield {"a": first, "b": second, "personas": personas, "b_unit": b_units[0]}
        resolve.forget()


def _rows_of_b(two_counties):
    """(endpoint, url, objects) for every route whose path names a row of county B."""
    b = two_counties["b"]
    found = []
    with scope.activate(b):
        for endpoint in endpoints():
            if not endpoint.converters:
                continue
            for filling in fillings(endpoint, two_counties["b_unit"]):
                if filling.kind == "missing" or not filling.objects:
                    continue
                if any(scope.county_id_of(o) == b.pk for o in filling.objects):
                    found.append((endpoint, endpoint.url(filling.values), filling.objects))
                    break
    return found


@pytest.mark.parametrize("persona", ["county_office", "admin"])
def test_county_staff_get_404_for_every_row_of_another_county(two_counties, programme, persona):
    """404 (405 for a GET of a POST-only action); 403 only where the route's declared rule
    refuses the role before any row is looked up."""
    a_staff = two_counties["personas"][persona]
    assert a_staff.county_id == two_counties["a"].pk
    client = Client()
    client.force_login(a_staff)
    rows = _rows_of_b(two_counties)
    assert len(rows) > 50, "the demo of county B names rows for most routes"
    leaks = []
    for endpoint, url, _objects in rows:
        refused_role = endpoint.access is not None and not endpoint.access(a_staff)
        status = client.get(url).status_code
        if status not in GET_REFUSED and not (refused_role and status == 403):
            leaks.append(f"GET {url} ({endpoint.name}) → {status}")
        posted = client.post(url, {}).status_code
        if posted not in POST_REFUSED:
            leaks.append(f"POST {url} ({endpoint.name}) → {posted}")
    assert not leaks, "county B's rows reached from county A:\n" + "\n".join(leaks)


def test_the_same_rows_answer_on_their_own_host(two_counties, programme):
    """The other side of the test above: county B's own coordinator opens them (so the 404s
    come from the county, not from broken URLs)."""
    from gongkai.accounts.models import User

    with scope.activate(two_counties["b"]):
        b_staff = User.objects.get(username="hs_county")
    client = Client(HTTP_HOST=B_HOST)
    client.force_login(b_staff)
    rows = [r for r in _rows_of_b(two_counties) if not r[0].name.startswith("accounts:")]
    not_found = [url for endpoint, url, _ in rows if client.get(url).status_code == 404]
    assert len(not_found) < len(rows) // 4, not_found


def test_a_session_of_county_a_is_nobody_on_county_b(two_counties, programme):
    a_staff = two_counties["personas"]["county_office"]
    client = Client()
    client.force_login(a_staff)
    assert client.get("/staff/").status_code == 200
    on_b = client.get("/staff/", HTTP_HOST=B_HOST)
    assert on_b.status_code == 302 and on_b["Location"].startswith("/accounts/login/")
    # Signing in on B's host with A's account does not work either.
    fresh = Client(HTTP_HOST=B_HOST)
    fresh.post("/accounts/login/", {"username": a_staff.username, "password": "test-pass-123!"})
    assert "_auth_user_id" not in fresh.session


@pytest.mark.parametrize("username", ["city_supervisor", "city_admin"])
def test_a_city_account_is_signed_in_on_every_county(two_counties, programme, username):
    from gongkai.accounts.models import User

    with scope.all_counties():
        user = User.objects.get(username=username)
    assert user.county_id is None
    client = Client()
    client.force_login(user)
    for host in ("testserver", B_HOST):
        response = client.get("/accounts/", HTTP_HOST=host)
        assert not (
            response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        ), (host, response.status_code)


def test_an_id_number_registered_in_county_a_is_not_linked_in_county_b(two_counties, programme):
    """The same person registers themself for an activity in each county in one year: two
    representatives, one per county, each with its own lookup hash (not one person record
    linked across counties, and not refused as a second self-registration of the year)."""
    from django.utils import timezone

    from gongkai.visits.models import Activity, ActivityStatus, Representative
    from tests.visits.conftest import person

    def open_activity(county):
        with scope.activate(county):
            return Activity.objects.filter(
                status=ActivityStatus.PLANNED, starts_at__gt=timezone.now()
            ).first()

    form = dict(person(77), consent="on", lives_in_county="on")
    for county, host in ((two_counties["a"], "testserver"), (two_counties["b"], B_HOST)):
        activity = open_activity(county)
        assert activity is not None, county
        response = Client(HTTP_HOST=host).post(f"/visits/{activity.pk}/register/", form)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert "/visits/registration/" in response["Location"]
    with scope.all_counties():
        reps = list(Representative.objects.filter(name=form["name"]))
    assert len(reps) == 2
    assert {r.county_id for r in reps} == {two_counties["a"].pk, two_counties["b"].pk}
    assert reps[0].id_index != reps[1].id_index


def test_a_shared_lookup_hash_allows_one_self_registration_a_year_in_all_counties(
    two_counties, programme, settings
):
    """GONGKAI_SHARED_PERSON_INDEX: the person registered in county A this year is told so in
    county B (no server error from the constraint on the hash and year)."""
    from django.utils import timezone

    from gongkai.visits.models import Activity, ActivityStatus
    from tests.visits.conftest import person

    settings.GONGKAI_SHARED_PERSON_INDEX = True
    form = dict(person(78), consent="on", lives_in_county="on")
    statuses = []
    for county, host in ((two_counties["a"], "testserver"), (two_counties["b"], B_HOST)):
        with scope.activate(county):
            activity = Activity.objects.filter(
                status=ActivityStatus.PLANNED, starts_at__gt=timezone.now()
            ).first()
        response = Client(HTTP_HOST=host).post(f"/visits/{activity.pk}/register/", form)
        statuses.append(response.status_code)
    assert statuses == [302, 200]  # the second: the form again, with the refusal
