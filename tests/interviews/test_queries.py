"""List pages cost the same number of queries with 1 and with 3 interviews."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.interviews.models import Interview, InterviewStatus
from tests.fixtures.queries import count_queries

ARCHIVED_UNITS = ["县农业农村局", "县统计局", "镇靖镇"]


def _keep(demo, units: list[str], status: str | None = None) -> None:
    Interview.objects.exclude(unit__name__in=units).delete()
    if status:
        Interview.objects.update(status=status)


def _compare(demo, client_as, persona, url, status=None) -> None:
    client = client_as(persona)
    client.get(url)  # the first request of a session costs extra (session, sign-in checks)
    _keep(demo, ARCHIVED_UNITS, status)
    three = count_queries(client, url)
    _keep(demo, ARCHIVED_UNITS[:1], status)
    one = count_queries(client, url)
    assert one == three


@pytest.mark.parametrize("status", [InterviewStatus.ARCHIVED, InterviewStatus.PREVIEW])
def test_portal_index_queries_do_not_grow(demo, client_as, status):
    _compare(demo, client_as, None, reverse("interviews:index"), status)


@pytest.mark.parametrize("persona", ["service_center", "media_center", "assessor"])
def test_staff_home_queries_do_not_grow(demo, client_as, persona):
    _compare(demo, client_as, persona, reverse("interviews:staff-home"))


def test_crew_calendar_queries_do_not_grow(demo, client_as):
    _compare(demo, client_as, "media_center", reverse("interviews:crew-calendar"))


def test_calendar_feed_queries_do_not_grow(demo, client_as):
    _compare(demo, client_as, None, reverse("interviews:calendar"))


def test_receipts_export_queries_do_not_grow(demo, client_as):
    client = client_as("service_center")
    url = reverse("interviews:receipts-export")
    client.get(url)  # the first request of a session records the activity time (session write)
    _keep(demo, ARCHIVED_UNITS)
    three = count_queries(client, url)
    _keep(demo, ARCHIVED_UNITS[:1])
    assert count_queries(client, url) == three
