"""The ranking's provisional scores: computed in the background by the assessment's own scoring,
read by the page, recomputed when missing or stale (one task however many visits), on demand by
the city's button; a locked county keeps answering from its snapshot."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from bench.city_data import build_county
from gongkai.assessment.indicator_tree import create_default_indicators
from gongkai.assessment.services import compute_scores, lock_year
from gongkai.city.models import ProvisionalScore
from gongkai.city.services import STALE_AFTER, refresh_provisional_scores
from gongkai.counties import scope
from gongkai.programmes.models import Programme
from tests.city.conftest import signed_in
from tests.city.test_dashboard import _cells
from tests.conftest import ALL_PERSONAS

YEAR = 2025
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _programme(county) -> Programme:
    with scope.activate(county):
        programme = Programme.objects.get(year=YEAR)
        if not programme.indicators.exists():
            create_default_indicators(programme)
    return programme


@pytest.fixture
def year_a(county_a) -> Programme:
    """County A's year with its data and the default indicator tree, not locked."""
    build_county(county_a, YEAR)
    return _programme(county_a)


def _page(client) -> str:
    response = client.get("/city/ranking/", {"year": YEAR})
    assert response.status_code == 200
    return response.content.decode()


def _queued() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path__endswith="refresh_provisional_scores_task"
    ).count()


def _stored_mean(programme: Programme) -> str:
    """The page's score of a county: the mean of its stored unit scores."""
    values = [Decimal(value) for value in _stored(programme).unit_scores]
    return str((sum(values, Decimal("0")) / len(values)).quantize(Decimal("0.01")))


def _stored(programme: Programme) -> ProvisionalScore:
    with scope.all_counties():
        return ProvisionalScore.objects.get(programme=programme)


def test_a_provisional_score_is_what_the_assessment_computes(
    supervisor, county_a, year_a, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    client = signed_in(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        _page(client)  # nothing stored yet: the visit queues the scoring
    with scope.activate(county_a):
        table = compute_scores(year_a, use_snapshot=False)
    percents = [unit.percent for unit in table.units]
    mean = (sum(percents, Decimal("0")) / len(percents)).quantize(Decimal("0.01"))
    stored = _stored(year_a)
    assert stored.unit_scores == [str(p) for p in percents]
    rank, name, score, units, source = _cells(_page(client), county_a.slug)
    assert (rank, name, score, units) == ("1", county_a.name, str(mean), str(len(percents)))
    at = timezone.localtime(stored.computed_at)
    assert source == f"暂定，计算于 {at:%Y-%m-%d %H:%M}"


def test_a_missing_or_stale_score_is_queued_once_however_many_visits(
    supervisor, county_a, year_a, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE  # queued for the worker, not run
    client, other = signed_in(supervisor), signed_in(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        first, second = _page(client), _page(other)
    assert _queued() == 1
    assert _cells(first, county_a.slug)[2:] == ["—", "0", "正在计算"]
    assert _cells(second, county_a.slug)[2:] == ["—", "0", "正在计算"]

    refresh_provisional_scores(YEAR)  # the worker ran
    from django.core.cache import cache

    cache.clear()  # the guard of the first request has expired
    with django_capture_on_commit_callbacks(execute=True):
        html = _page(client)
    assert _queued() == 1  # fresh: nothing queued
    assert "正在重新计算" not in html

    with scope.all_counties():
        ProvisionalScore.objects.filter(programme=year_a).update(
            computed_at=timezone.now() - STALE_AFTER - dt.timedelta(minutes=1)
        )
    with django_capture_on_commit_callbacks(execute=True):
        html = _page(client)
        _page(other)
    assert _queued() == 2  # stale: queued once more, shown meanwhile with its time
    assert "暂定，计算于" in _cells(html, county_a.slug)[4]
    assert "正在重新计算" in _cells(html, county_a.slug)[4]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_county_accounts_cannot_ask_for_a_recompute(persona, client_as, settings):
    settings.TASKS = DATABASE
    response = client_as(persona).post(f"/city/ranking/refresh/?year={YEAR}")
    assert response.status_code == (302 if persona is None else 403)
    if persona is None:
        assert response["Location"].startswith("/accounts/login/")
    assert _queued() == 0


@pytest.mark.parametrize("who", ["supervisor", "city_admin"])
def test_the_city_recomputes_on_demand(
    who, request, county_a, year_a, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    refresh_provisional_scores(YEAR)
    with scope.all_counties():  # a fresh row that no longer matches the data
        ProvisionalScore.objects.filter(programme=year_a).update(unit_scores=["1.00"])
    client = signed_in(request.getfixturevalue(who))
    assert "1.00" in _cells(_page(client), county_a.slug)[2]
    assert client.get(f"/city/ranking/refresh/?year={YEAR}").status_code == 405
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # no worker
    response = client.post(f"/city/ranking/refresh/?year={YEAR}", follow=True)
    assert response.redirect_chain == [(f"/city/ranking/?year={YEAR}", 302)]
    html = response.content.decode()
    assert f"{YEAR} 年暂定成绩已重新计算（1 个区县）" in html
    # Computed during the request, without a worker.
    assert _stored(year_a).unit_scores != ["1.00"]
    assert _cells(html, county_a.slug)[2] == _stored_mean(year_a)


def test_a_locked_county_reads_its_snapshot(supervisor, county_a, year_a):
    refresh_provisional_scores(YEAR)
    with scope.activate(county_a):
        snapshot = lock_year(year_a, by=supervisor)
    with scope.all_counties():  # an older, different provisional row is ignored
        ProvisionalScore.objects.filter(programme=year_a).update(unit_scores=["1.00"])
    assert refresh_provisional_scores(YEAR) == 0  # locked: nothing to score
    cells = _cells(_page(signed_in(supervisor)), county_a.slug)
    units = snapshot.data["units"]
    percents = [Decimal(u["earned"]) * 100 / Decimal(u["maximum"]) for u in units]
    mean = (sum(percents, Decimal("0")) / len(percents)).quantize(Decimal("0.01"))
    assert cells[2:4] == [str(mean), str(len(units))]
    assert cells[4] == f"{timezone.localtime(snapshot.locked_at):%Y-%m-%d} 锁定的成绩"
