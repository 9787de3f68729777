"""Two bookings sent at the same moment (issue 13, item 14): the media center's clash check
(venue, crew, the guest's unit; interviews and video recordings alike) holds when the requests
run together on PostgreSQL, each in its own transaction. See tests/fixtures/concurrency.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.interviews import services as interview_services
from gongkai.interviews.models import Interview
from gongkai.policies.models import VideoRequest, VideoRequestStatus
from gongkai.policies.services import videos
from gongkai.units.models import Unit
from tests.fixtures.concurrency import PAUSE, needs_postgres, pause_after, together
from tests.interviews.conftest import at
from tests.policies.conftest import make_document

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _book(client: Client, unit: str, venue: str, starts_at: str = "2023-05-10T09:00"):
    def call():
        return client.post(
            reverse("interviews:staff-book"),
            {
                "unit": Unit.objects.get(name=unit).pk,
                "starts_at": starts_at,
                "duration_minutes": 60,
                "topic": unit,
                "venue": venue,
            },
        )

    return call


def test_two_bookings_of_one_venue_sent_together_one_is_refused(programme, personas, monkeypatch):
    needs_postgres()
    pause_after(monkeypatch, interview_services, "crew_clashes", parties=2)
    first, second = _signed_in(personas["service_center"]), _signed_in(personas["service_center"])
    responses = together(
        _book(first, "县农业农村局", "演播室"),
        _book(second, "县统计局", "演播室", "2023-05-10T09:30"),
    )
    assert sorted(r.status_code for r in responses) == [302, 400]
    refused = next(r for r in responses if r.status_code == 400).content.decode()
    assert "演播室" in refused
    assert Interview.objects.filter(venue="演播室").count() == 1


def test_two_bookings_of_one_unit_sent_together_one_is_refused(programme, personas, monkeypatch):
    needs_postgres()
    pause_after(monkeypatch, interview_services, "crew_clashes", parties=2)
    first, second = _signed_in(personas["service_center"]), _signed_in(personas["service_center"])
    responses = together(
        _book(first, "县农业农村局", "演播室"), _book(second, "县农业农村局", "会议室")
    )
    assert sorted(r.status_code for r in responses) == [302, 400]
    assert Interview.objects.filter(unit__name="县农业农村局").count() == 1


def test_interview_and_video_recording_sent_together_do_not_share_the_venue(
    programme, personas, monkeypatch
):
    """The two apps check the same calendar under the same lock."""
    needs_postgres()
    nongye = Unit.objects.get(name="县农业农村局")
    document = make_document(nongye, published_on=dt.date(2023, 5, 3))
    video_request = videos.request_video(
        document, by=personas["unit_staff"], starts_at=at("2023-05-10T09:00")
    )
    barrier = pause_after(monkeypatch, interview_services, "crew_clashes", parties=2)
    original = videos.find_clashes

    def find_then_wait(**kwargs):
        found = original(**kwargs)
        try:
            barrier.wait(PAUSE)
        except Exception:  # noqa: BLE001 - broken: the other request holds the lock
            pass
        return found

    monkeypatch.setattr(videos, "find_clashes", find_then_wait)
    media = _signed_in(personas["media_center"])
    service = _signed_in(personas["service_center"])

    def schedule():
        return media.post(
            reverse("policies:video-request-schedule", args=[video_request.pk]),
            {"starts_at": "2023-05-10T09:15", "duration_minutes": 60, "venue": "演播室"},
        )

    booked, scheduled = together(_book(service, "县统计局", "演播室"), schedule)
    video_request.refresh_from_db()
    stored = Interview.objects.filter(venue="演播室").count() + int(
        video_request.status == VideoRequestStatus.SCHEDULED
    )
    assert stored == 1, (booked.status_code, scheduled.status_code)
    assert "演播室" in (booked.content + scheduled.content).decode()


def test_two_schedules_of_one_crew_member_sent_together_one_is_refused(
    programme, personas, monkeypatch
):
    needs_postgres()
    nongye = Unit.objects.get(name="县农业农村局")
    document = make_document(nongye, published_on=dt.date(2023, 5, 3))
    requests = [
        videos.request_video(document, by=personas["unit_staff"], starts_at=at("2023-05-20T09:00"))
        for _ in range(2)
    ]
    pause_after(monkeypatch, videos, "find_clashes", parties=2)
    host = personas["media_center"]

    def schedule(video_request: VideoRequest, venue: str):
        client = _signed_in(host)
        return lambda: client.post(
            reverse("policies:video-request-schedule", args=[video_request.pk]),
            {
                "starts_at": "2023-05-20T09:00",
                "duration_minutes": 60,
                "venue": venue,
                "host": host.pk,
            },
        )

    responses = together(schedule(requests[0], "演播室"), schedule(requests[1], "会议室"))
    assert sorted(r.status_code for r in responses) == [200, 302]
    assert VideoRequest.objects.filter(status=VideoRequestStatus.SCHEDULED, host=host).count() == 1
