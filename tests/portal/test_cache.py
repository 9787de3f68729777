from django.test import Client

from gongkai.portal import cache
from gongkai.portal.care import CARE_COOKIE
from gongkai.programmes import notice
from tests.fixtures.pages import h1, not_found


def test_anonymous_page_is_public_with_etag(client, programme):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Cache-Control"] == f"public, max-age={cache.max_age()}"
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 10
    assert "Cookie" in response["Vary"]
    assert not response.cookies  # nothing per-visitor in a shared page


def test_matching_etag_gets_not_modified(client, programme):
    etag = client.get("/notices/2023/")["ETag"]
    response = client.get("/notices/2023/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_other_etag_gets_the_page(client, programme):
    client.get("/notices/2023/")
    response = client.get("/notices/2023/", HTTP_IF_NONE_MATCH='"stale"')
    assert h1(response) == notice.layout(programme).title
    assert response["ETag"] != '"stale"'


def test_cached_page_is_served_without_queries(client, programme, django_assert_num_queries):
    first = client.get("/")
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second.content == first.content


def test_published_change_refreshes_cached_page(
    client, programme, django_capture_on_commit_callbacks
):
    assert "2023年4月6日" in client.get("/").content.decode()
    track = programme.tracks.get(kind="visits")
    with django_capture_on_commit_callbacks(execute=True):
        track.start = track.start.replace(day=7)
        track.save()
    assert "2023年4月7日" in client.get("/").content.decode()


def test_unpublishing_hides_page_at_once(client, programme, django_capture_on_commit_callbacks):
    title = notice.layout(programme).title
    assert h1(client.get("/notices/2023/")) == title
    with django_capture_on_commit_callbacks(execute=True):
        programme.notice_published = False
        programme.save()
    hidden = client.get("/notices/2023/")
    assert not_found(hidden) and title not in hidden.content.decode()


def test_signed_in_staff_get_private_fresh_pages(client_as, programme):
    client = client_as("service_center")
    response = client.get("/")
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "ETag" not in response
    assert 'href="/staff/"' in response.content.decode()  # the workbench link: not a cached page


def test_anonymous_cached_page_never_shows_staff_header(client_as, programme):
    client_as("service_center").get("/")
    body = Client().get("/").content.decode()
    assert "/accounts/logout" not in body
    assert "csrfmiddlewaretoken" not in body


def test_care_mode_is_a_separate_cached_variant(client, programme):
    normal = client.get("/").content.decode()
    client.cookies[CARE_COOKIE] = "1"
    care = client.get("/").content.decode()
    assert 'class="care-mode"' in care and 'class="care-mode"' not in normal


def test_page_with_a_csrf_form_is_not_cached(rf, programme):
    from django.middleware.csrf import get_token
    from django.shortcuts import render

    @cache.public_page
    def view(request):
        get_token(request)
        return render(request, "portal/stats.html")

    request = rf.get("/with-form/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = view(request)
    assert response["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response


def test_post_is_never_cached(client, programme):
    response = client.post("/care-mode/", {"next": "/"})
    assert response.status_code == 302
    assert "public" not in response.get("Cache-Control", "")


def test_bump_changes_the_version():
    before = cache.content_version()
    cache.bump()
    assert cache.content_version() != before


def test_programme_tables_refresh_cached_pages():
    registered = cache.registered_models()
    for label in (
        "programmes.Programme",
        "programmes.Track",
        "programmes.InterviewSlot",
        "units.Unit",
    ):
        assert label in registered


def test_bump_from_another_process_is_seen_within_the_check_interval(client, programme, settings):
    from django.core.cache import cache as shared

    settings.PORTAL_VERSION_CHECK_SECONDS = 0
    client.get("/")
    # another process bumped: only the shared version changes, this process's memo does not
    shared.set(cache.VERSION_KEY, "from-elsewhere", None)
    programme.tracks.filter(kind="visits").update(
        start=programme.tracks.get(kind="visits").start.replace(day=8)
    )
    assert "2023年4月8日" in client.get("/").content.decode()


def test_head_request_is_served_from_the_cache(client, programme):
    client.get("/")
    response = client.head("/")
    assert response.status_code == 200
    assert response["ETag"]


def test_public_page_tells_the_proxy_its_micro_cache_lifetime(client, programme):
    response = client.get("/")
    assert response["X-Accel-Expires"] == str(cache.proxy_max_age())
