"""The city administrator's county pages: who may open them, new county from a template,
branding per county, disable/enable."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.test import Client

from gongkai.accounts.models import Role, User
from gongkai.assessment.models import Indicator
from gongkai.audit.models import AuditEntry
from gongkai.counties import scope
from gongkai.counties.models import County
from gongkai.countyadmin import services
from gongkai.programmes.models import Programme
from gongkai.units.models import Unit
from tests.countyadmin.conftest import city_user
from tests.fixtures.queries import count_queries
from tests.interviews.conftest import png_upload

PAGES = ["/counties/", "/counties/new/", "/counties/{slug}/"]


@pytest.mark.parametrize("page", PAGES)
def test_only_the_city_administrator_opens_the_county_pages(client_as, city_admin, page):
    slug = County.objects.order_by("pk").first().slug
    url = page.format(slug=slug)
    assert client_as(None).get(url).status_code == 302  # to the sign-in page
    # A county's own administrator and coordinators are not the city's.
    for persona in ("admin", "county_office", "service_center", "assessor", "unit_staff"):
        assert client_as(persona).get(url).status_code == 403, persona
    supervisor = Client()
    supervisor.force_login(city_user("city-supervisor", Role.SUPERVISOR))
    assert supervisor.get(url).status_code == 403
    assert city_admin.get(url).status_code == 200


def test_the_list_shows_every_county_with_its_counts_in_fixed_queries(
    city_admin, programme, hengshan
):
    with scope.activate(hengshan):
        Unit.objects.create(name="横山区教育局", kind="department")
    page = city_admin.get("/counties/").content.decode()
    assert "横山区" in page and "hengshan.localhost" in page
    few = count_queries(city_admin, "/counties/")
    for n in range(3):
        County.objects.create(name=f"县{n}", slug=f"x{n}", hosts=f"x{n}.localhost")
    assert count_queries(city_admin, "/counties/") == few


def new_county_form(**overrides):
    data = {
        "name": "横山区",
        "slug": "hengshan",
        "hosts": "hengshan.localhost",
        "template": services.BUILTIN,
        "year": "2025",
    }
    return data | overrides


def test_a_new_county_from_the_built_in_notice(city_admin):
    response = city_admin.post("/counties/new/", new_county_form())
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store")
    county = County.objects.get(slug="hengshan")
    page = response.content.decode()
    with scope.activate(county):
        programme = Programme.objects.get()
        assert programme.year == 2025
        assert programme.tracks.order_by("start").first().start.year == 2025
        assert not programme.notice_published
        assert "横山区" in programme.notice_issuer
        assert Unit.objects.get(special_role="county_office").name == "横山区人民政府办公室"
        accounts = {u.username: u for u in User.objects.filter(county=county)}
    assert set(accounts) == {"hengshan-county", "hengshan-service", "hengshan-media"}
    assert accounts["hengshan-county"].role == Role.COUNTY_OFFICE
    assert all(u.must_change_password for u in accounts.values())
    # Each one-time password is on the page once and works.
    for row in page.split("<tr>")[2:]:
        username = row.split("<td>")[1].split("</td>")[0]
        password = row.split("<code>")[1].split("</code>")[0]
        with scope.activate(county):
            assert authenticate(username=username, password=password) == accounts[username]
    # The county answers its host name with its own programme.
    assert Client().get("/", HTTP_HOST="hengshan.localhost").status_code == 200


def test_a_new_county_from_another_countys_programme(city_admin, programme, first_county):
    with scope.activate(first_county):
        root = Indicator.objects.create(programme=programme, name="总分", weight=100)
        Indicator.objects.create(programme=programme, parent=root, name="访谈", weight=40)
        source_units = Unit.objects.count()
        starts = {t.start.replace(year=2024) for t in programme.tracks.all()}
        deadlines = programme.deadlines.count()
    response = city_admin.post(
        "/counties/new/", new_county_form(template=f"county-{first_county.pk}", year="2024")
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    county = County.objects.get(slug="hengshan")
    with scope.activate(county):
        copy = Programme.objects.get()
        assert copy.year == 2024
        assert {t.start for t in copy.tracks.all()} == starts
        assert copy.deadlines.count() == deadlines
        tree = {i.name: i.parent.name if i.parent else None for i in copy.indicators.all()}
        assert tree == {"总分": None, "访谈": "总分"}
        units = list(Unit.objects.all())
        assert units and all(u.county_id == county.pk for u in units)
        assert {u.county_id for u in copy.participants.all()} == {county.pk}
    with scope.activate(first_county):
        assert Unit.objects.count() == source_units  # the source is untouched
        assert Programme.objects.count() == 1


def test_a_failure_leaves_no_half_county(city_admin, monkeypatch):
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["username"])
        if len(calls) == 3:
            raise RuntimeError("the disk is full")
        return original(**kwargs)

    original = services.create_staff_user
    monkeypatch.setattr(services, "create_staff_user", failing)
    with pytest.raises(RuntimeError):
        city_admin.post("/counties/new/", new_county_form())
    assert not County.objects.filter(slug="hengshan").exists()
    with scope.all_counties():
        assert not User.objects.filter(username__startswith="hengshan-").exists()
        assert not Unit.objects.filter(name__startswith="横山区").exists()


def test_taken_names_are_refused_with_a_message(city_admin, hengshan):
    response = city_admin.post("/counties/new/", new_county_form(hosts="other.localhost"))
    assert response.status_code == 200
    assert "hengshan" in response.content.decode()
    assert County.objects.filter(slug="hengshan").count() == 1
    response = city_admin.post(
        "/counties/new/", new_county_form(name="子洲县", slug="zizhou", hosts="hengshan.localhost")
    )
    assert "hengshan.localhost" in response.content.decode()
    assert not County.objects.filter(slug="zizhou").exists()


def branding(**overrides):
    data = {
        "site_name": "横山区政务公开",
        "colour": "#1b5e20",
        "organiser": "横山区人民政府办公室",
        "operator": "横山区政务服务中心",
        "site_code": "6108230001",
        "icp_number": "陕ICP备00000001号",
        "police_number": "",
    }
    return data | overrides


def test_each_county_shows_its_own_branding(city_admin, programme, hengshan):
    response = city_admin.post("/counties/hengshan/", branding(logo_file=png_upload("横山.png")))
    assert response.status_code == 302, response.content.decode()[:3000]
    hengshan.refresh_from_db()
    assert hengshan.logo.name.startswith("public/counties/")
    assert "横山" not in hengshan.logo.name  # stored under a random name
    b = Client().get("/", HTTP_HOST="hengshan.localhost").content.decode()
    a = Client().get("/").content.decode()
    for text in (
        "横山区政务公开",
        "主办：横山区人民政府办公室",
        "横山区政务服务中心",
        "陕ICP备00000001号",
        "6108230001",
        hengshan.logo.url,
        "/county.css?v=1b5e20",
    ):
        assert text in b, text
        assert text not in a, text
    css = Client().get("/county.css", HTTP_HOST="hengshan.localhost").content.decode()
    assert "--brand: #1b5e20" in css
    assert "#1b5e20" not in Client().get("/county.css").content.decode()


def test_a_logo_that_is_not_an_image_is_refused(city_admin, hengshan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("logo.png", b"<html>not a picture</html>", content_type="image/png")
    response = city_admin.post("/counties/hengshan/", branding(logo_file=fake))
    assert response.status_code == 200
    hengshan.refresh_from_db()
    assert not hengshan.logo
    assert hengshan.site_name == ""


def test_disabling_asks_first_then_closes_the_portal_and_keeps_everything(
    city_admin, programme, hengshan
):
    with scope.activate(hengshan):
        Unit.objects.create(name="横山区教育局", kind="department")
    notice = "本站已迁移至横山区人民政府网站。"
    asked = city_admin.post("/counties/hengshan/active/", {"notice": notice})
    assert asked.status_code == 200
    assert "Nothing is deleted" in asked.content.decode() or "不删除" in asked.content.decode()
    hengshan.refresh_from_db()
    assert hengshan.active
    done = city_admin.post("/counties/hengshan/active/", {"notice": notice, "confirmed": "1"})
    assert done.status_code == 302
    hengshan.refresh_from_db()
    assert not hengshan.active
    closed = Client().get("/", HTTP_HOST="hengshan.localhost")
    assert closed.status_code == 503 and notice in closed.content.decode()
    assert Client().get("/").status_code == 200  # the other county is open
    assert city_admin.get("/", HTTP_HOST="hengshan.localhost").status_code == 200
    with scope.activate(hengshan):
        assert Unit.objects.filter(name="横山区教育局").exists()
    with scope.all_counties():
        entry = AuditEntry.objects.filter(model="counties.County").latest("pk")
    assert entry.county_id is None and entry.user.username == "city-admin"
    assert entry.after["active"] is False
    city_admin.post("/counties/hengshan/active/", {"confirmed": "1"})
    hengshan.refresh_from_db()
    assert hengshan.active
    assert Client().get("/", HTTP_HOST="hengshan.localhost").status_code == 200


def test_the_years_default_to_this_year(city_admin):
    page = city_admin.get("/counties/new/").content.decode()
    assert f'value="{dt.date.today().year}"' in page
