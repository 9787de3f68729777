"""The demo as started today: something to register for and to ask about, and past items in
their real end state (issue 14.5)."""

import datetime as dt

import pytest
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
