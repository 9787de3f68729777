"""The media center's workbench lists every archived interview still without its video."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.interviews.models import Interview, InterviewStatus

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_archived_interviews_without_video_are_media_tasks(demo, client_as):
    archived = list(Interview.objects.filter(status=InterviewStatus.ARCHIVED, video=""))
    assert archived, "the demo has archived interviews without video"
    html = client_as("media_center").get("/staff/", **ZH).content.decode()
    assert "目前没有待办任务" not in html
    for interview in archived:
        assert f"上传{interview.unit.name}访谈的视频" in html
        assert f'href="/interviews/staff/{interview.pk}/#publish-title"' in html
    done = archived[0]
    Interview.objects.filter(pk=done.pk).update(video="interviews/videos/x.mp4")
    html = client_as("media_center").get("/staff/", **ZH).content.decode()
    assert f"上传{done.unit.name}访谈的视频" not in html


def test_only_the_media_center_gets_them(demo, client_as):
    name = Interview.objects.filter(status=InterviewStatus.ARCHIVED, video="").first().unit.name
    for persona in ("service_center", "unit_staff", "county_office"):
        html = client_as(persona).get("/staff/", **ZH).content.decode()
        assert f"上传{name}访谈的视频" not in html, persona


def test_query_count_does_not_grow_with_the_tasks(demo, client_as):
    client = client_as("media_center")
    client.get("/staff/")
    with CaptureQueriesContext(connection) as many:
        client.get("/staff/")
    Interview.objects.filter(status=InterviewStatus.ARCHIVED).update(
        video="interviews/videos/x.mp4"
    )
    with CaptureQueriesContext(connection) as none:
        client.get("/staff/")
    assert len(none) > 0 and len(many) == len(none)
