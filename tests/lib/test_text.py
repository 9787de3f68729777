"""Control characters in titles and places (pen-test item 18): stripped where they are typed,
and stripped or escaped before any feed (iCalendar, RSS/Atom) is written."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.urls import reverse

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.lib import ical
from gongkai.visits.models import Activity
from tests.visits.conftest import at

INJECTED = "会议室\rURL:http://evil.example/\rATTACH:http://evil.example/x"


def content_lines(raw: bytes) -> list[str]:
    """The feed's lines as any reader splits them: on CR, LF or both."""
    return re.split(r"\r\n|\r|\n", raw.decode())


def test_visit_calendar_keeps_a_bare_cr_inside_the_location(client, make_activity):
    activity = make_activity(place=INJECTED, starts_at=at("2023-05-16", "09:30"))
    response = client.get(reverse("visits:calendar"))
    lines = content_lines(response.content)
    assert not any(line.startswith(("URL:http://evil", "ATTACH:")) for line in lines)
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["URL"]) == f"http://testserver/visits/{activity.pk}/"
    assert (
        str(event["LOCATION"]) == "会议室\nURL:http://evil.example/\nATTACH:http://evil.example/x"
    )


def test_interview_calendar_keeps_a_bare_cr_inside_the_venue(client, programme, personas):
    from gongkai.interviews.demo import load_demo

    load_demo(programme)
    Interview.objects.update(
        venue="演播室\rURL:http://evil.example/\x0b", status=InterviewStatus.PREVIEW
    )
    response = client.get(reverse("interviews:calendar"))
    assert response.status_code == 200
    lines = content_lines(response.content)
    assert not any(line.startswith("URL:http://evil") for line in lines)
    assert "\x0b" not in response.content.decode()
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert events and all(str(e["URL"]).startswith("http://testserver/") for e in events)


def test_rss_and_atom_feeds_stay_valid_xml_with_control_characters(client, make_activity):
    make_activity(title="走进\x0b农业\x1b农村局\r第二场", starts_at=at("2023-05-16", "09:30"))
    for kind in ("rss", "atom"):
        response = client.get(f"/feeds/visits/{kind}/")
        assert response.status_code == 200
        root = ET.fromstring(response.content)  # a control character makes this raise
        titles = [el.text for el in root.iter() if el.tag.endswith("title")]
        assert any("走进 农业 农村局 第二场" in (t or "") for t in titles), titles


def test_plan_form_strips_control_characters_from_title_and_place(client_as, programme):
    response = client_as("unit_staff").post(
        "/visits/staff/plans/new/",
        {
            "title": "走进\r农业农村局\x0b",
            "starts_at": "2023-05-20T09:30",
            "place": "会议室\rURL:http://evil.example/",
            "has_tour": "on",
            "has_symposium": "on",
            "leader": "局长",
            "contact_name": "刘",
            "contact_phone": "0912-1",
            "capacity": "20",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.title == "走进 农业农村局"
    assert activity.place == "会议室 URL:http://evil.example/"


@pytest.mark.parametrize(
    "raw,escaped",
    [
        ("a\rb", "a\\nb"),
        ("a\r\nb", "a\\nb"),
        ("a\u2028b", "a\\nb"),
        ("a;b,c\\d", "a\\;b\\,c\\\\d"),
        ("a\x00\x1bb", "ab"),
    ],
)
def test_ical_event_leaves_no_raw_line_break(raw, escaped):
    import datetime as dt

    when = dt.datetime(2023, 5, 16, 1, 30, tzinfo=dt.UTC)
    vevent = ical.event(uid="u@h", stamp=when, start=when, summary="s", location=raw)
    assert f"LOCATION:{escaped}\r\n" in vevent.to_ical().decode()


def test_text_helpers():
    from gongkai.lib.text import multi_line, single_line

    assert single_line(" 标题\r\n第二行\t\x85x ") == " 标题 第二行  x "
    assert multi_line("一\r\n二\r三\x07\t四") == "一\n二\n三\t四"
