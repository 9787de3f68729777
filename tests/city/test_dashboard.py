"""The cross-county dashboard and the ranking: each county's own figures, in a number of
queries that does not grow with the number of counties."""

from __future__ import annotations

import re

import pytest

from bench.city_data import Plan, build_county
from gongkai.counties import resolve
from gongkai.counties.models import County
from tests.city.conftest import signed_in
from tests.fixtures.queries import captured_queries, count_queries

YEAR = 2025


def _row(html: str, slug: str) -> list[str]:
    match = re.search(rf'<tr id="county-{slug}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, slug
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in cells]


def test_each_county_shows_its_own_figures(supervisor, county_a, county_b):
    a = build_county(county_a, YEAR)
    b = build_county(
        county_b,
        YEAR,
        Plan(
            units=5,
            visited=4,
            in_slot=2,
            out_of_slot=0,
            scheduled_only=2,
            questions=8,
            replied=8,
            on_time=8,
            overdue=0,
            late_documents=0,
        ),
    )
    html = signed_in(supervisor).get("/city/", {"year": YEAR}).content.decode()
    row_a, row_b = _row(html, county_a.slug), _row(html, county_b.slug)
    assert row_a[1:8] == [
        f"{a['units_visited']} / {a['units']} (50.0%)",
        f"{a['interviews_in_slot']} / {a['interviews_scheduled']}",
        str(a["questions"]),
        f"{a['replied']} (60.0%)",
        f"{a['on_time']} (66.7%)",
        str(a["interpretations_late"]),
        str(a["overdue"]),
    ]
    assert row_b[1:8] == [
        "4 / 5 (80.0%)",
        "2 / 4",
        "16",
        "16 (100.0%)",
        "16 (100.0%)",
        "0",
        str(b["overdue"]),
    ]
    assert b["overdue"] == 4  # the held activities without photos or video only


def test_a_disabled_county_is_shown_greyed_and_a_county_without_the_year_says_so(
    supervisor, county_a, county_b
):
    build_county(county_a, YEAR)
    County.objects.filter(pk=county_b.pk).update(active=False)
    resolve.forget()
    html = signed_in(supervisor).get("/city/", {"year": YEAR}).content.decode()
    assert re.search(r'<tr id="county-hengshan" class="muted" data-disabled="1">', html)
    assert _row(html, "hengshan")[1] == f"{YEAR} 年无年度工作方案。"


def _add_counties(first: int, last: int) -> None:
    for i in range(first, last):
        county = County.objects.create(name=f"测试县{i}", slug=f"t{i}", hosts=f"t{i}.localhost")
        build_county(county, YEAR, Plan(units=3, visited=1))


def _lock_every_county(by) -> None:
    """The ranking reads a locked year from its snapshot (one query for every county)."""
    from gongkai.assessment.services import lock_year
    from gongkai.counties import scope
    from gongkai.programmes.models import Programme

    with scope.all_counties():
        programmes = list(Programme.objects.filter(year=YEAR).select_related("county"))
    for programme in programmes:
        with scope.activate(programme.county):
            if not programme.assessment_snapshots.filter(unlocked_at=None).exists():
                lock_year(programme, by=by)


def _score_every_county() -> None:
    """The task worker's job: the provisional scores of every county not locked."""
    from gongkai.city.services import refresh_provisional_scores

    refresh_provisional_scores(YEAR)


@pytest.mark.parametrize(
    ("url", "prepare"),
    [
        ("/city/", _score_every_county),
        ("/city/ranking/", _score_every_county),  # none locked: the provisional scores
        ("/city/ranking/", _lock_every_county),  # every county locked: the snapshots
    ],
    ids=["dashboard", "ranking-provisional", "ranking-locked"],
)
def test_query_count_does_not_grow_with_the_counties(url, prepare, supervisor, county_a):
    client = signed_in(supervisor)
    client.get(url)  # the session's first request after signing in writes it once
    args = (supervisor,) if prepare is _lock_every_county else ()
    _add_counties(0, 2)
    prepare(*args)
    two = count_queries(client, url, year=YEAR)
    _add_counties(2, 4)
    prepare(*args)
    four = captured_queries(client, url, year=YEAR)
    assert two == len(four) > 0
    if url == "/city/ranking/":  # read from the stored scores, nothing scored in the request
        tables = " ".join(q["sql"] for q in four)
        assert "assessment_indicator" not in tables
        assert "city_provisionalscore" in tables


def test_the_ranking_orders_counties_by_the_mean_of_their_units(
    supervisor, county_a, county_b, settings, django_capture_on_commit_callbacks
):
    from gongkai.assessment.indicator_tree import create_default_indicators
    from gongkai.assessment.services import lock_year
    from gongkai.counties import scope
    from gongkai.programmes.models import Programme

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    build_county(county_a, YEAR)
    build_county(county_b, YEAR, Plan(units=2, visited=2))
    for county in (county_a, county_b):
        with scope.activate(county):
            create_default_indicators(Programme.objects.get(year=YEAR))
    with scope.activate(county_b):
        lock_year(Programme.objects.get(year=YEAR), by=supervisor)
    client = signed_in(supervisor)
    with django_capture_on_commit_callbacks(execute=True):  # the visit queues A's scoring
        html = client.get("/city/ranking/", {"year": YEAR}).content.decode()
    assert _cells(html, county_a.slug)[2:] == ["—", "0", "正在计算"]
    html = client.get("/city/ranking/", {"year": YEAR}).content.decode()
    b_at = html.index('id="rank-hengshan"')
    a_at = html.index(f'id="rank-{county_a.slug}"')
    assert b_at < a_at  # every unit of B held its visit; half of A's did
    assert "锁定" in html[b_at:a_at]  # B answers from its locked scores, with their date
    assert "暂定，计算于" in html[a_at:]  # A from its provisional scores, with their time


def _cells(html: str, slug: str) -> list[str]:
    match = re.search(rf'<tr id="rank-{slug}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, slug
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in cells]
