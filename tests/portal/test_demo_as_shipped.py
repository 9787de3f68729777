"""The demo as started today: something to register for and to ask about, and past items in
their real end state (issue 14.5)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.ops.demo import load_demo
from gongkai.visits.models import Activity, ActivityStatus
from tests.fixtures.pages import shows


def test_demo_offers_an_upcoming_activity_and_interview(client, demo):
    now = timezone.now()
    activity = Activity.objects.get(status=ActivityStatus.PLANNED, starts_at__gt=now)
    preview = Interview.objects.get(status=InterviewStatus.PREVIEW)
    assert preview.starts_at > now
    home = client.get("/")
    assert shows(home, f"/visits/{activity.pk}/", f"/interviews/{preview.pk}/")
    page = client.get(f"/visits/{activity.pk}/")
    assert shows(page, f"/visits/{activity.pk}/register/", "报名参加")
    assert client.get(f"/visits/{activity.pk}/register/").status_code == 200
    assert shows(client.get(f"/interviews/{preview.pk}/"), "data-question-ask")


def test_demo_loaded_again_keeps_the_coming_dates(demo):
    first = Activity.objects.get(status=ActivityStatus.PLANNED, starts_at__gt=timezone.now())
    load_demo()
    again = Activity.objects.get(pk=first.pk)
    assert again.starts_at == first.starts_at
    assert Activity.objects.count() == 4


def test_past_planned_activities_read_ended_not_planned(client, demo):
    past = Activity.objects.filter(
        status=ActivityStatus.PLANNED, starts_at__lt=timezone.now() - dt.timedelta(days=1)
    )
    assert past.count() == 2
    page = client.get("/visits/").content.decode()
    assert page.count("已结束") == 2 and "已计划" not in page
    detail = client.get(f"/visits/{past.first().pk}/").content.decode()
    assert "已结束" in detail and "报名参加" not in detail


def test_demo_video_interpretation_plays_a_real_video_with_its_poster(client, demo):
    """The demo ships a real 6-second H.264 MP4 (made once with ffmpeg, committed with its
    poster frame): the page shows a player that plays, and the video answers ranges (phones
    play and seek with them)."""
    from gongkai.policies.models import Interpretation, InterpretationKind

    video = Interpretation.objects.get(kind=InterpretationKind.VIDEO)
    data = video.video.read()
    assert data[4:8] == b"ftyp" and len(data) > 10_000 and len(data) < 300_000
    assert b"moov" in data[:4096]  # faststart: the index comes first, playback starts at once
    assert video.image.read(3) == b"\xff\xd8\xff"  # a JPEG poster frame
    page = client.get(video.get_absolute_url()).content.decode()
    src = reverse("policies:interpretation-file", args=[video.pk, "video"])
    poster = reverse("policies:interpretation-file", args=[video.pk, "image"])
    assert f'src="{src}"' in page and f'poster="{poster}"' in page and "暂无视频" not in page
    part = client.get(src, HTTP_RANGE="bytes=0-1023")
    assert part.status_code == 206 and part["Content-Type"] == "video/mp4"
    assert part["Content-Range"] == f"bytes 0-1023/{len(data)}"
    assert b"".join(part.streaming_content) == data[:1024]
