"""Which changes throw the cached public pages away (and what a child change re-indexes):
only changes that alter a public page, so a busy registration day or a live interview's text
feed does not empty the page cache or rebuild the search index on every row."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.portal import cache as page_cache
from gongkai.portal import search
from gongkai.portal.models import SearchEntry
from gongkai.units.models import Unit
from gongkai.visits import services as visits
from gongkai.visits.models import Activity, OpinionForm, Registration, Suggestion


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _id_number(n: int) -> str:
    first = f"99999919800101{n:03d}"
    return first + visits.id_check_digit(first)


def _jpeg() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def activity(programme, personas):
    """A published activity ten days from now, open for self-registration."""
    track = programme.tracks.get(kind="visits")
    today = timezone.localdate()
    track.start, track.end = today - dt.timedelta(days=60), today + dt.timedelta(days=120)
    track.save()
    return visits.submit_plan(
        programme,
        Unit.objects.get(name="县农业农村局"),
        by=personas["unit_staff"],
        title="走进县农业农村局",
        starts_at=timezone.now() + dt.timedelta(days=10),
        place="会议室",
        contact_name="联络人",
        contact_phone="0912-4600001",
        leader="局长",
    )


def _unchanged(do, capture) -> bool:
    before = page_cache.content_version()
    with capture(execute=True):
        do()
    return page_cache.content_version() == before


def test_registration_does_not_refresh_cached_pages(
    client, activity, django_capture_on_commit_callbacks
):
    page = client.get(f"/visits/{activity.pk}/")
    assert page["Cache-Control"].startswith("public")
    data = {
        "name": "测试1号",
        "id_number": _id_number(1),
        "phone": "13900000001",
        "address": "靖边县测试路1号",
        "consent": "on",
        "lives_in_county": "on",
    }
    assert _unchanged(
        lambda: client.post(f"/visits/{activity.pk}/register/", data),
        django_capture_on_commit_callbacks,
    )
    assert Registration.objects.filter(activity=activity).count() == 1
    # Cancelling it changes nothing public either.
    code = Registration.objects.get().code
    assert _unchanged(
        lambda: client.post(f"/visits/registration/{code}/cancel/"),
        django_capture_on_commit_callbacks,
    )


def test_opinion_form_does_not_refresh_cached_pages_but_an_answer_does(
    client, client_as, activity, django_capture_on_commit_callbacks
):
    # The opinion link opens on the activity day: the day has come.
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=30)
    )
    data = {"satisfaction": "very", "suggestion_1": "多开展活动", "nonce": "n-1"}
    assert _unchanged(
        lambda: client.post(f"/visits/opinion/{activity.opinion_token}/", data),
        django_capture_on_commit_callbacks,
    )
    assert OpinionForm.objects.filter(activity=activity).count() == 1
    suggestion = Suggestion.objects.get()
    # The service center approves the text for the public (the suggestion tracker).
    client_as("service_center").post(
        f"/visits/staff/suggestions/{suggestion.pk}/publish/",
        {"text": "多开展活动", "confirmed": "1"},
    )
    client.get(f"/visits/{activity.pk}/")  # cached
    assert not _unchanged(
        lambda: client_as("unit_staff").post(
            f"/visits/staff/suggestions/{suggestion.pk}/answer/", {"answer": "已纳入明年计划"}
        ),
        django_capture_on_commit_callbacks,
    )
    assert "已纳入明年计划" in client.get(f"/visits/{activity.pk}/").content.decode()


def test_uploaded_photo_waits_and_approving_it_refreshes_cached_pages(
    client, client_as, activity, django_capture_on_commit_callbacks
):
    assert _unchanged(
        lambda: client_as("unit_staff").post(
            f"/visits/staff/{activity.pk}/media/", {"file": _jpeg(), "caption": "座谈现场"}
        ),
        django_capture_on_commit_callbacks,
    )
    media = activity.media.get()
    assert "座谈现场" not in client.get(f"/visits/{activity.pk}/").content.decode()
    assert not _unchanged(
        lambda: client_as("service_center").post(
            f"/publishing/staff/visits.media/{media.pk}/approve/", {"confirmed": "1"}
        ),
        django_capture_on_commit_callbacks,
    )
    assert "座谈现场" in client.get(f"/visits/{activity.pk}/").content.decode()


@pytest.fixture
def interviews(programme, personas, django_capture_on_commit_callbacks) -> dict[str, Interview]:
    """The 2023 demo interviews (one archived, one preview, the rest drafts), one put on air,
    all indexed as in production (after each commit)."""
    from gongkai.interviews.demo import load_demo

    with django_capture_on_commit_callbacks(execute=True):
        load_demo(programme)
        draft = Interview.objects.filter(status=InterviewStatus.DRAFT).order_by("id").first()
        draft.status = InterviewStatus.LIVE
        draft.save()
    by_status = {i.status: i for i in Interview.objects.order_by("id")}
    assert {"live", "archived", "preview"} <= set(by_status)
    return by_status


def _add_line(client, interview, text):
    response = client.post(
        f"/interviews/staff/{interview.pk}/control/feed/", {"speaker": "host", "text": text}
    )
    assert response.status_code in (200, 302)
    assert interview.feed_lines.filter(text=text).exists()


def test_live_page_with_question_form_is_never_cached(client, interviews):
    response = client.get(f"/interviews/{interviews['live'].pk}/")
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"


def test_feed_line_of_a_live_interview_keeps_the_page_cache(
    client_as, interviews, django_capture_on_commit_callbacks
):
    media = client_as("media_center")
    assert _unchanged(
        lambda: _add_line(media, interviews["live"], "下面进入网友提问环节"),
        django_capture_on_commit_callbacks,
    )


def test_feed_line_of_an_archived_interview_refreshes_its_cached_page(
    client, client_as, interviews, django_capture_on_commit_callbacks
):
    archived = interviews["archived"]
    assert client.get(f"/interviews/{archived.pk}/")["Cache-Control"].startswith("public")
    media = client_as("media_center")
    assert not _unchanged(
        lambda: _add_line(media, archived, "补充：会后整理的文字记录"),
        django_capture_on_commit_callbacks,
    )
    assert "补充：会后整理的文字记录" in client.get(f"/interviews/{archived.pk}/").content.decode()


def test_feed_line_reindexes_only_its_interview(
    client_as, interviews, django_capture_on_commit_callbacks
):
    live = interviews["live"]
    before = {
        e.object_id: (e.pk, e.indexed_at) for e in SearchEntry.objects.filter(kind="interview")
    }
    assert str(live.pk) in before and len(before) >= 3
    with django_capture_on_commit_callbacks(execute=True):
        _add_line(client_as("media_center"), live, "稻田养殖示范基地的补贴")
    after = {
        e.object_id: (e.pk, e.indexed_at) for e in SearchEntry.objects.filter(kind="interview")
    }
    assert after.keys() == before.keys()
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {str(live.pk)}
    assert [h.url for h in search.search("稻田养殖").hits] == [f"/interviews/{live.pk}/"]
