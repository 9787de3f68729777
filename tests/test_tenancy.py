"""The tenancy core: every table of a county's data is scoped, unscoped queries inside a request
are refused, and a county's host answers only its own rows."""

import pytest
from django.apps import apps
from django.test import RequestFactory

from gongkai.counties import scope
from gongkai.counties.models import County
from gongkai.counties.scope import CountyScopedManager, ScopeError

# Tables that belong to no county: the counties themselves, bookkeeping keyed by globally
# unique names, the live events (a channel names one interview, checked at /live/) and the
# reply limits (the city's one rule for every county).
CITY_WIDE = {
    "counties.County",
    "security.UploadName",
    "live.LiveEvent",
    "visits.ReminderLog",
    "questions.ReplyLimit",
}


def test_every_model_of_a_county_is_scoped_by_its_default_manager():
    unscoped = [
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("gongkai.")
        and m._meta.label not in CITY_WIDE
        and not isinstance(m._default_manager, CountyScopedManager)
    ]
    assert unscoped == [], f"give these a scope.scoped_manager(...) or list them: {unscoped}"


def test_every_scoped_path_reaches_a_county(db):
    for model in apps.get_models():
        manager = model._default_manager
        if isinstance(manager, CountyScopedManager):
            with scope.activate(County(pk=1)):
                str(manager.all().query)  # a wrong path raises FieldError here


def test_a_query_without_a_county_inside_a_request_is_refused(db):
    from gongkai.units.models import Unit

    with scope.strict(), pytest.raises(ScopeError, match="without a county in scope"):
        Unit.objects.count()
    with scope.strict(), scope.all_counties():
        assert Unit.objects.count() == 0


def test_rows_get_the_county_in_scope_and_queries_see_only_it(db):
    from gongkai.units.models import Unit, UnitKind

    a = County.objects.create(name="甲县", slug="jia")
    b = County.objects.create(name="乙县", slug="yi", hosts="yi.localhost")
    with scope.activate(a):
        Unit.objects.create(name="教育局", kind=UnitKind.DEPARTMENT)
    with scope.activate(b):
        # The same name in another county is another unit.
        Unit.objects.create(name="教育局", kind=UnitKind.DEPARTMENT)
        assert Unit.objects.get(name="教育局").county_id == b.pk
    with scope.activate(a):
        assert list(Unit.objects.values_list("county_id", flat=True)) == [a.pk]
    with scope.all_counties():
        assert Unit.objects.filter(name="教育局").count() == 2


def test_a_new_row_is_made_without_building_the_county_filter_but_not_outside_a_scope(
    db, monkeypatch
):
    """``objects.create`` (and a related manager's) skips the county filter a query needs,
    and is refused inside a request without a county like any query."""
    from gongkai.units.models import Unit, UnitKind

    county = County.objects.create(name="甲县", slug="jia")

    def no_filter(*args, **kwargs):
        raise AssertionError("a county filter was built for an INSERT")

    monkeypatch.setattr(scope, "restrict", no_filter)
    with scope.activate(county):
        unit = Unit.objects.create(name="教育局", kind=UnitKind.DEPARTMENT)
        older = unit.predecessors.create(name="教育局（旧）", kind=UnitKind.DEPARTMENT)
    assert unit.county_id == county.pk == older.county_id and older.successor_id == unit.pk
    monkeypatch.undo()
    with scope.strict(), pytest.raises(ScopeError, match="without a county in scope"):
        Unit.objects.create(name="统计局", kind=UnitKind.DEPARTMENT)
    with scope.strict(), scope.all_counties():
        assert Unit.objects.filter(name="统计局").exists() is False


def test_the_host_name_chooses_the_county(client, db):
    from gongkai.counties import resolve

    first = County.objects.order_by("pk").first() or County.objects.create(
        name="靖边县", slug="jingbian"
    )
    other = County.objects.create(name="横山区", slug="hengshan", hosts="hengshan.localhost")
    resolve.forget()
    seen = {}
    for host in ("testserver", "hengshan.localhost", "anything.localhost"):
        request = RequestFactory().get("/", HTTP_HOST=host)
        seen[host] = resolve.for_host(request.get_host()).pk
    assert seen == {
        "testserver": first.pk,
        "hengshan.localhost": other.pk,
        # No county claims it: the county without host names answers.
        "anything.localhost": first.pk,
    }


def test_a_host_no_county_answers_is_not_found_once_every_county_has_hosts(client, db):
    from gongkai.counties import resolve
    from gongkai.counties.models import default_county_id

    County.objects.filter(pk=default_county_id()).update(hosts="jingbian.localhost")
    resolve.forget()
    response = client.get("/", HTTP_HOST="nobody.localhost")
    assert response.status_code == 404
    assert "找不到该站点" in response.content.decode()
    assert client.get("/", HTTP_HOST="jingbian.localhost").status_code == 200
