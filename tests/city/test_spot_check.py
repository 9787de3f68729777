"""The spot check (抽查): while it runs, the supervisor reads the checked county on any host
name, read-only, every page recorded; afterwards the host's own county again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bench.city_data import build_county
from gongkai.city.models import SpotCheck, SpotCheckView
from gongkai.counties import scope
from gongkai.interviews.models import Interview
from tests.city.conftest import signed_in

YEAR = 2025


@pytest.fixture
def b_interview(county_b) -> Interview:
    build_county(county_b, YEAR)
    with scope.activate(county_b):
        return Interview.objects.order_by("pk").first()


def test_the_supervisor_reads_county_b_on_county_a_host_during_the_check(
    supervisor, county_a, b_interview
):
    client = signed_in(supervisor)
    url = f"/interviews/staff/{b_interview.pk}/"
    assert client.get(url).status_code == 404  # testserver answers county A
    response = client.post(
        "/city/spot-checks/start/", {"county": b_interview.programme.county_id, "note": "季度抽查"}
    )
    assert response.status_code == 302
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert b_interview.topic in html
    assert "抽查中：横山区" in html and "结束抽查" in html  # the banner
    # read-only: a coordinator's action stays refused
    assert client.post(f"/interviews/staff/{b_interview.pk}/crew/").status_code == 403
    assert client.post("/city/spot-checks/end/").status_code == 302
    assert client.get(url).status_code == 404
    assert "抽查中" not in client.get("/city/").content.decode()
    with scope.all_counties():
        check = SpotCheck.objects.get()
    assert check.ended_at is not None and check.note == "季度抽查"
    assert check.supervisor_id == supervisor.pk


def test_every_page_viewed_is_recorded_and_listed(supervisor, county_a, b_interview):
    client = signed_in(supervisor)
    client.post("/city/spot-checks/start/", {"county": b_interview.programme.county_id})
    client.get(f"/interviews/staff/{b_interview.pk}/")
    client.get("/assessment/")
    client.get("/city/")  # the city's own pages are not part of the check
    with scope.all_counties():
        paths = list(SpotCheckView.objects.values_list("path", flat=True))
    assert paths == [f"/interviews/staff/{b_interview.pk}/", "/assessment/"]
    client.post("/city/spot-checks/end/")
    client.get("/assessment/")  # after the end: not recorded
    html = client.get("/city/spot-checks/").content.decode()
    assert f"/interviews/staff/{b_interview.pk}/" in html
    assert "横山区" in html and "2 个页面" in html
    with scope.all_counties():
        assert SpotCheckView.objects.count() == 2


def test_a_county_account_with_a_forged_session_key_stays_in_its_county(
    personas, county_a, b_interview
):
    """County staff can never trigger it: the override needs a city supervisor, whatever the
    session holds."""
    with scope.all_counties():
        check = SpotCheck.objects.create(
            supervisor=personas["county_office"], county=b_interview.programme.county
        )
    client = signed_in(personas["county_office"])
    session = client.session
    session["city_spot_check"] = check.pk
    session.save()
    assert client.get(f"/interviews/staff/{b_interview.pk}/").status_code == 404
    with scope.all_counties():
        assert not SpotCheckView.objects.exists()


def test_an_ended_check_no_longer_applies_in_another_session(supervisor, county_a, b_interview):
    client = signed_in(supervisor)
    client.post("/city/spot-checks/start/", {"county": b_interview.programme.county_id})
    with scope.all_counties():
        SpotCheck.objects.update(ended_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.get(f"/interviews/staff/{b_interview.pk}/").status_code == 404
    assert "city_spot_check" not in client.session


def test_the_supervisor_reads_the_checked_county_assessment_evidence_but_changes_nothing(
    supervisor, county_a, b_interview
):
    from gongkai.assessment.indicator_tree import create_default_indicators
    from gongkai.units.models import Unit

    county_b = b_interview.programme.county
    with scope.activate(county_b):
        create_default_indicators(b_interview.programme)
        unit = Unit.objects.order_by("pk").first()
        indicator = b_interview.programme.indicators.filter(parent__isnull=False).first()
    client = signed_in(supervisor)
    client.post("/city/spot-checks/start/", {"county": county_b.pk})
    ranking = client.get(f"/assessment/{YEAR}/")
    assert ranking.status_code == 200 and unit.name in ranking.content.decode()
    assert client.get(f"/assessment/{YEAR}/units/{unit.pk}/").status_code == 200
    assert client.get(f"/assessment/{YEAR}/progress/").status_code == 200
    assert client.get(f"/assessment/{YEAR}/locks/").status_code == 200
    # no write action: adjusting a point, locking, editing the indicators
    assert client.post(f"/assessment/{YEAR}/lock/").status_code == 403
    assert client.get(f"/assessment/{YEAR}/indicators/").status_code == 403
    adjust = f"/assessment/{YEAR}/units/{unit.pk}/points/{indicator.pk}/adjust/"
    assert client.post(adjust, {"points": "0", "reason": "x"}).status_code == 403
    with scope.all_counties():
        assert SpotCheckView.objects.count() == 5  # every GET, a refused one too


def test_the_spot_check_record_costs_the_same_queries_for_more_checks(supervisor, county_b):
    from tests.fixtures.queries import count_queries

    client = signed_in(supervisor)
    client.get("/city/spot-checks/")  # the session's first write

    def checks(n: int) -> None:
        with scope.all_counties():
            for _ in range(n):
                check = SpotCheck.objects.create(
                    supervisor=supervisor, county=county_b, ended_at=timezone.now()
                )
                SpotCheckView.objects.create(spot_check=check, path="/assessment/")

    checks(1)
    one = count_queries(client, "/city/spot-checks/")
    checks(3)
    assert count_queries(client, "/city/spot-checks/") == one > 0
