"""Nothing crosses between counties, through HTTP: ``/media/``, ``/live/`` channels, the page
cache, the site identity, feeds, sitemap, iCal, search, the JSON API, and the representatives'
ID lookup hash. County A is the first county (the seeded programme, answering ``testserver``);
county B (``hengshan.localhost``) starts empty, so anything of A seen on B's host leaked."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from gongkai.accounts.models import Role, User
from gongkai.counties import resolve, scope
from gongkai.counties.models import County
from gongkai.interviews.models import InterviewStatus
from tests.fixtures.data import agriculture_interview

B_HOST = "hengshan.localhost"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def county_b(programme) -> County:
    county = County.objects.create(name="横山区", slug="hengshan", hosts=B_HOST)
    resolve.forget()
    yield county
    resolve.forget()


@pytest.fixture
def county_a(programme) -> County:
    return County.objects.get(pk=programme.county_id)


@pytest.fixture
def supervisor(programme) -> User:
    with scope.all_counties():
        user = User(username="city-sup", role=Role.SUPERVISOR, display_name="市政务公开办")
        user.city_wide = True
        user.set_password("test-pass-123!")
        user.save()
    return user


# --- /media/ ---------------------------------------------------------------------------------


def test_a_new_upload_of_another_county_goes_to_its_folder(
    programme, county_a, county_b, settings, tmp_path
):
    from gongkai.interviews.models import InterviewVideo

    settings.MEDIA_ROOT = str(tmp_path)
    interview = agriculture_interview(programme, InterviewStatus.DRAFT)
    record = InterviewVideo(interview=interview)
    record.file = ContentFile(b"\x00\x00\x00\x18ftypmp42", name="v.mp4")
    record.save()
    assert "county-" not in record.file.name  # the first county keeps the old layout
    other = agriculture_interview(programme, InterviewStatus.DRAFT, topic="另一场")
    with scope.activate(county_b):
        from gongkai.visits.models.paths import media_path

        assert "/county-hengshan/" in media_path(None, "x.jpg")
        record2 = InterviewVideo(interview=other)  # (the folder follows the scope)
        record2.file = ContentFile(b"\x00\x00\x00\x18ftypmp42", name="v.mp4")
        record2.save()
    assert "/county-hengshan/" in record2.file.name


def test_a_private_file_of_county_a_is_not_found_on_county_b(
    programme, county_a, county_b, supervisor, settings, tmp_path
):
    from gongkai.interviews.models import InterviewVideo

    settings.MEDIA_ROOT = str(tmp_path)
    interview = agriculture_interview(programme, InterviewStatus.DRAFT)
    record = InterviewVideo(interview=interview)
    record.file.save("v.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    record.save()
    client = Client()
    client.force_login(supervisor)  # a city account: signed in on both hosts
    url = f"/media/{record.file.name}"
    assert client.get(url).status_code == 200
    assert client.get(url, HTTP_HOST=B_HOST).status_code == 404


def test_public_files_are_served_by_their_county_folder(
    programme, county_a, county_b, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    names = (
        "public/county-hengshan/b.png",
        "public/old.png",
        "public/counties/logo.png",
        "public/county-notes/n.png",  # "county-" but no county's slug: not a county's folder
    )
    for name in names:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(PNG)
    client = Client()
    seen = {
        (host, name): client.get(f"/media/{name}", HTTP_HOST=host).status_code
        for host in ("testserver", B_HOST)
        for name in names
    }
    assert seen == {
        ("testserver", "public/county-hengshan/b.png"): 404,
        ("testserver", "public/old.png"): 200,  # no county folder: the first county's
        ("testserver", "public/counties/logo.png"): 200,  # the counties' logos are shared
        ("testserver", "public/county-notes/n.png"): 200,  # the first county's, as old files
        (B_HOST, "public/county-hengshan/b.png"): 200,
        (B_HOST, "public/old.png"): 404,
        (B_HOST, "public/counties/logo.png"): 200,
        (B_HOST, "public/county-notes/n.png"): 404,
    }


# --- the portal --------------------------------------------------------------------------------


def test_the_page_cache_is_per_county(programme, county_a, county_b):
    """A host name moved from one county to another never gets the other county's page."""
    agriculture_interview(programme, InterviewStatus.PREVIEW)
    on_b = Client().get("/", HTTP_HOST=B_HOST)
    assert "乡村振兴" not in on_b.content.decode()
    County.objects.filter(pk=county_b.pk).update(hosts="")
    County.objects.filter(pk=county_a.pk).update(hosts=B_HOST)
    resolve.forget()
    on_a = Client().get("/", HTTP_HOST=B_HOST)
    assert "乡村振兴" in on_a.content.decode()


def test_the_site_identity_is_per_county(programme, county_a, county_b):
    from gongkai.portal.models import SiteIdentity

    with scope.activate(county_a):
        SiteIdentity.objects.create(site_code="6108240001")
    with scope.activate(county_b):
        SiteIdentity.objects.create(site_code="6108230002")
    a = Client().get("/accessibility/").content.decode()
    b = Client().get("/accessibility/", HTTP_HOST=B_HOST).content.decode()
    assert "6108240001" in a and "6108230002" not in a
    assert "6108230002" in b and "6108240001" not in b


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/interviews/rss/",
        "/sitemap.xml",
        "/interviews/calendar.ics",
        "/search/?q=乡村振兴",
        "/api/programmes",
        "/api/units",
    ],
)
def test_lists_show_only_the_county_s_rows(programme, county_a, county_b, url):
    interview = agriculture_interview(programme, InterviewStatus.PREVIEW)
    if url.startswith("/search/"):
        from gongkai.portal import search

        search.reindex()
    a = Client().get(url)
    b = Client().get(url, HTTP_HOST=B_HOST)
    assert a.status_code == b.status_code == 200, (a.status_code, b.status_code)
    marker = {"/api/programmes": "2023", "/api/units": '"name"'}.get(url, "农业农村局")
    if url.startswith(("/feeds/", "/sitemap", "/search/")):
        marker = f"/interviews/{interview.pk}/"
    assert marker in a.content.decode()
    assert marker not in b.content.decode()


# --- representatives -------------------------------------------------------------------------


def test_an_id_number_registered_in_one_county_is_not_linked_in_another(
    county_a, county_b, settings
):
    from gongkai.security.fields import blind_index
    from gongkai.visits.person_index import person_index

    number = "610824199001011234"
    with scope.activate(county_a):
        assert person_index(number) == blind_index(number)  # the first county: unchanged
    with scope.activate(county_b):
        assert person_index(number) != blind_index(number)
    settings.GONGKAI_SHARED_PERSON_INDEX = True
    with scope.activate(county_b):
        assert person_index(number) == blind_index(number)
