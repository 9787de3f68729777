"""The media center's workbench lists every archived interview still without its video (or
whose video the service center sent back); the reviewers see the videos waiting for them."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.interviews.models import Interview, InterviewStatus, InterviewVideo
from gongkai.publishing.models import ReviewStatus

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_archived_interviews_without_video_are_media_tasks(demo, client_as):
    archived = list(
        Interview.objects.filter(status=InterviewStatus.ARCHIVED, recorded_video__isnull=True)
    )
    assert archived, "the demo has archived interviews without video"
    html = client_as("media_center").get("/staff/", **ZH).content.decode()
    assert "目前没有待办任务" not in html
    for interview in archived:
        assert f"上传{interview.unit.name}访谈的视频" in html
        assert f'href="/interviews/staff/{interview.pk}/#video-title"' in html
    done = archived[0]
    record = InterviewVideo.objects.create(interview=done, file="interviews/videos/x.mp4")
    html = client_as("media_center").get("/staff/", **ZH).content.decode()
    assert f"上传{done.unit.name}访谈的视频" not in html  # pending: the service center's turn
    InterviewVideo.objects.filter(pk=record.pk).update(
        review_status=ReviewStatus.REJECTED, reject_reason="声音太小"
    )
    html = client_as("media_center").get("/staff/", **ZH).content.decode()
    assert f"上传{done.unit.name}访谈的视频" in html and "声音太小" in html


def test_only_the_media_center_gets_them(demo, client_as):
    interview = Interview.objects.filter(status=InterviewStatus.ARCHIVED).first()
    name = interview.unit.name
    for persona in ("service_center", "unit_staff", "county_office"):
        html = client_as(persona).get("/staff/", **ZH).content.decode()
        assert f"上传{name}访谈的视频" not in html, persona


def test_query_count_does_not_grow_with_the_tasks(demo, client_as):
    client = client_as("media_center")
    client.get("/staff/")
    with CaptureQueriesContext(connection) as many:
        client.get("/staff/")
    for interview in Interview.objects.filter(status=InterviewStatus.ARCHIVED):
        InterviewVideo.objects.create(
            interview=interview, file="interviews/videos/x.mp4", review_status="approved"
        )
    with CaptureQueriesContext(connection) as none:
        client.get("/staff/")
    assert len(none) > 0 and len(many) == len(none)


def test_reviewers_see_the_videos_waiting_for_them(demo, client_as):
    interview = Interview.objects.filter(status=InterviewStatus.ARCHIVED).first()
    InterviewVideo.objects.create(interview=interview, file="interviews/videos/x.mp4")
    html = client_as("service_center").get("/staff/", **ZH).content.decode()
    assert "1 个访谈视频等待审核" in html and 'href="/publishing/staff/"' in html
    for persona in ("media_center", "unit_staff", "assessor"):
        html = client_as(persona).get("/staff/", **ZH).content.decode()
        assert "访谈视频等待审核" not in html, persona
