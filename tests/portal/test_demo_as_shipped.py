"""The demo as started today: something to register for and to ask about, and past items in
their real end state (issue 14.5)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.ops.demo import load_demo
from gongkai.visits.models import Activity, ActivityStatus
from tests.fixtures.pages import shows


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return load_demo()


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


def test_demo_video_interpretation_shows_its_poster_and_says_no_video_yet(client, demo):
    """No encoder is installed and nothing is downloaded: the demo ships a poster frame and the
    page says plainly that there is no video, rather than a player that spins forever."""
    from gongkai.policies.models import Interpretation, InterpretationKind

    video = Interpretation.objects.get(kind=InterpretationKind.VIDEO)
    assert not video.video and video.image.read(8) == b"\x89PNG\r\n\x1a\n"
    page = client.get(video.get_absolute_url()).content.decode()
    assert "暂无视频" in page and "<video" not in page
    poster = reverse("policies:interpretation-file", args=[video.pk, "image"])
    figure = page.split('<figure id="policy-video"')[1].split("</figure>")[0]
    assert f'src="{poster}"' in figure
    response = client.get(poster)
    assert response.status_code == 200 and b"".join(response).startswith(b"\x89PNG")
