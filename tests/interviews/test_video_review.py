"""An interview's video record goes through the service center's review like activity photos
(issue 14, item 14): uploaded → pending (not public) → approved (on the archive page) or sent
back with a reason (a media-center to-do again). Through HTTP, with the permission matrix."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.interviews.models import Interview, InterviewStatus, InterviewVideo
from gongkai.publishing.models import ReviewStatus
from tests.conftest import ALL_PERSONAS

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
KIND = "interviews.interviewvideo"


def _archived() -> Interview:
    return Interview.objects.filter(status=InterviewStatus.ARCHIVED).select_related("unit").first()


def _upload(client, interview: Interview):
    return client.post(
        reverse("interviews:video-upload", args=[interview.pk]),
        {"video": SimpleUploadedFile("record.mp4", MP4, content_type="video/mp4")},
        **ZH,
    )


def _public(client, interview: Interview) -> str:
    return client.get(reverse("interviews:detail", args=[interview.pk]), **ZH).content.decode()


def test_an_uploaded_video_waits_for_review_and_is_not_public(demo, client_as):
    interview = _archived()
    response = _upload(client_as("media_center"), interview)
    assert response.status_code == 302
    record = InterviewVideo.objects.get(interview=interview)
    assert record.review_status == ReviewStatus.PENDING
    anonymous = client_as(None)
    assert "<video" not in _public(anonymous, interview)
    assert anonymous.get(record.file.url).status_code == 302  # sign in first: not public
    staff = client_as("media_center").get(f"/interviews/staff/{interview.pk}/", **ZH)
    text = staff.content.decode()
    assert "待审核" in text and "通过后在网站上显示" in text
    queue = client_as("service_center").get("/publishing/staff/", **ZH).content.decode()
    assert f"{interview.unit.name}访谈视频实录" in queue
    assert f'<video src="{record.file.url}"' in queue  # a player, not a broken image


def test_approving_asks_first_then_puts_the_video_on_the_archive_page(demo, client_as):
    interview = _archived()
    _upload(client_as("media_center"), interview)
    record = InterviewVideo.objects.get(interview=interview)
    reviewer = client_as("service_center")
    url = f"/publishing/staff/{KIND}/{record.pk}/approve/"
    asked = reviewer.post(url, **ZH)
    assert "立即出现在公开网站上" in asked.content.decode()
    record.refresh_from_db()
    assert record.review_status == ReviewStatus.PENDING  # only asked
    assert reviewer.post(url, {"confirmed": "1"}).status_code == 302
    record.refresh_from_db()
    assert record.review_status == ReviewStatus.APPROVED and record.published_at
    page = _public(client_as(None), interview)
    assert "<video" in page and record.file.url in page
    assert client_as(None).get(record.file.url).status_code == 200


def test_a_rejected_video_goes_back_to_the_media_center_with_the_reason(demo, client_as):
    interview = _archived()
    _upload(client_as("media_center"), interview)
    record = InterviewVideo.objects.get(interview=interview)
    client_as("service_center").post(
        f"/publishing/staff/{KIND}/{record.pk}/reject/", {"reason": "声音太小", "confirmed": "1"}
    )
    record.refresh_from_db()
    assert record.review_status == ReviewStatus.REJECTED
    assert "<video" not in _public(client_as(None), interview)
    media = client_as("media_center")
    assert "声音太小" in media.get("/staff/", **ZH).content.decode()
    assert "声音太小" in media.get(f"/interviews/staff/{interview.pk}/", **ZH).content.decode()
    # a new upload waits for review again
    _upload(media, interview)
    record.refresh_from_db()
    assert record.review_status == ReviewStatus.PENDING and record.reject_reason == ""


def test_replacing_an_approved_video_takes_it_off_the_page_until_approved_again(
    demo, client_as, django_capture_on_commit_callbacks
):
    interview = _archived()
    _upload(client_as("media_center"), interview)
    record = InterviewVideo.objects.get(interview=interview)
    with django_capture_on_commit_callbacks(execute=True):
        client_as("service_center").post(
            f"/publishing/staff/{KIND}/{record.pk}/approve/", {"confirmed": "1"}
        )
    assert "<video" in _public(client_as(None), interview)  # now cached
    with django_capture_on_commit_callbacks(execute=True):  # the cache is told
        _upload(client_as("media_center"), interview)
    assert "<video" not in _public(client_as(None), interview)


REVIEWERS = {"county_office", "service_center"}


@pytest.mark.parametrize("action", ["approve", "reject"])
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_who_may_review_an_interview_video(demo, client_as, personas, persona, action):
    interview = _archived()
    record = InterviewVideo.objects.create(interview=interview, file="interviews/videos/x.mp4")
    data = {"confirmed": "1", "reason": "画面模糊"}
    response = client_as(persona).post(f"/publishing/staff/{KIND}/{record.pk}/{action}/", data)
    record.refresh_from_db()
    if persona is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert record.review_status == ReviewStatus.PENDING
    elif persona in REVIEWERS:
        assert response.status_code == 302
        expected = ReviewStatus.APPROVED if action == "approve" else ReviewStatus.REJECTED
        assert record.review_status == expected
    else:
        assert response.status_code == 403, persona
        assert record.review_status == ReviewStatus.PENDING
