import datetime as dt

import pytest

from gongkai.workdays.models import DayOverride
from tests.conftest import ALL_PERSONAS

ALLOWED = {"county_office", "service_center"}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_override_list_permission_matrix(client_as, persona):
    response = client_as(persona).get("/staff/workdays/")
    if persona is None:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona in ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_override_delete_permission_matrix(client_as, persona):
    day = DayOverride.objects.create(date=dt.date(2023, 10, 2), is_workday=False)
    response = client_as(persona).post(f"/staff/workdays/{day.pk}/delete/", {"confirmed": "1"})
    if persona is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif persona in ALLOWED:
        assert response.status_code == 302
        assert not DayOverride.objects.filter(pk=day.pk).exists()
    else:
        assert response.status_code == 403
        assert DayOverride.objects.filter(pk=day.pk).exists()


def test_override_add_and_replace_through_the_form(client_as):
    client = client_as("service_center")
    response = client.post(
        "/staff/workdays/", {"date": "2023-10-07", "is_workday": "on", "note": "国庆调休"}
    )
    assert response.status_code == 302
    # 2023-10-07 is a Saturday: as a holiday it changes nothing, so it is saved when confirmed.
    client.post("/staff/workdays/", {"date": "2023-10-07", "note": "changed", "confirm": "on"})
    day = DayOverride.objects.get(date=dt.date(2023, 10, 7))
    assert (day.is_workday, day.note) == (False, "changed")


def test_override_add_bad_date_keeps_note(client_as):
    response = client_as("county_office").post(
        "/staff/workdays/", {"date": "2023-13-40", "note": "春节"}
    )
    assert response.status_code == 200
    assert "春节" in response.content.decode()
    assert DayOverride.objects.count() == 0


def test_override_list_query_count_same_for_1_and_3(client_as, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("service_center")
    client.get(
        "/staff/workdays/"
    )  # the first request of a session writes the session: not part of the page's cost
    counts = []
    for n in (1, 3):
        DayOverride.objects.all().delete()
        for i in range(n):
            DayOverride.objects.create(date=dt.date(2024, 1, 1) + dt.timedelta(days=i))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/staff/workdays/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_override_delete_asks_first(client_as):
    day = DayOverride.objects.create(date=dt.date(2023, 10, 2), is_workday=False)
    client = client_as("service_center")
    page = client.post(f"/staff/workdays/{day.pk}/delete/").content.decode()
    assert "2023-10-02" in page and "按每周规则" in page
    assert DayOverride.objects.filter(pk=day.pk).exists()
    client.post(f"/staff/workdays/{day.pk}/delete/", {"confirmed": "1"})
    assert not DayOverride.objects.filter(pk=day.pk).exists()
