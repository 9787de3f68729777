"""Permission matrix: each persona × each interview view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import ALL_PERSONAS
from tests.fixtures.pages import h1, shows

OK = 200
LOGIN = "login"

STAFF = [
    "county_office",
    "service_center",
    "media_center",
    "unit_staff",
    "other_unit_staff",
    "assessor",
]


def expect(allowed: dict[str, int], default: int = 403) -> dict:
    table = {None: LOGIN, "admin": 403}
    for persona in ALL_PERSONAS:
        if persona is not None and persona != "admin":
            table[persona] = allowed.get(persona, default)
    return table


COORD = {"county_office": OK, "service_center": OK}
COORD_MEDIA = {**COORD, "media_center": OK}
UNIT_FORM = {**COORD, "unit_staff": OK, "other_unit_staff": 404}

GET_MATRIX = {
    ("interviews:staff-home", False): expect({p: OK for p in STAFF}),
    ("interviews:staff-detail", True): expect({**{p: OK for p in STAFF}, "other_unit_staff": 404}),
    ("interviews:crew-edit", True): expect(COORD_MEDIA),
    ("interviews:receipt-edit", True): expect(UNIT_FORM),
    ("interviews:outline-edit", True): expect(UNIT_FORM),
    ("interviews:receipt-docx", True): expect({**UNIT_FORM, "assessor": OK}),
    ("interviews:staff-control", True): expect(COORD_MEDIA),
    ("interviews:crew-calendar", False): expect(COORD_MEDIA),
    ("interviews:schedule-export", False): expect({**COORD_MEDIA, "assessor": OK}),
    ("interviews:receipts-export", False): expect({**COORD, "assessor": OK}),
}

POST_MATRIX = {
    ("interviews:staff-book", False): expect(COORD),
    ("interviews:interview-move", True): expect(UNIT_FORM),
    ("interviews:outline-review", True): expect(COORD),
    ("interviews:video-upload", True): expect(COORD_MEDIA),
    ("interviews:publication-edit", True): expect(COORD),
    ("interviews:feed-add", True): expect(COORD_MEDIA),
    ("interviews:photo-add", True): expect(COORD_MEDIA),
}


def _url(name: str, needs_pk: bool, demo) -> str:
    return reverse(name, args=[demo["县农业农村局"].pk]) if needs_pk else reverse(name)


def _problem(response, expected) -> str | None:
    """None when ``response`` is what the matrix expects, else a description."""
    code = response.status_code
    if expected == LOGIN:
        location = response.get("Location", "")
        if code == 302 and location.startswith(reverse("accounts:login")):
            return None
    elif expected == OK:
        if code not in (401, 403, 404, 405) and code < 500:
            return None
    elif code == expected:
        return None
    return f"expected {expected}, got {code}"


# One test per view, every persona inside it: the demo data is set up once per view.
@pytest.mark.parametrize("view", list(GET_MATRIX), ids=lambda v: v[0])
def test_staff_get_views_follow_the_matrix(view, demo, client_as):
    name, needs_pk = view
    failures = []
    for persona in ALL_PERSONAS:
        expected = GET_MATRIX[view][persona]
        response = client_as(persona).get(_url(name, needs_pk, demo))
        if expected == OK and response.status_code != 200:
            failures.append((persona, f"expected 200, got {response.status_code}"))
        elif (problem := _problem(response, expected)) is not None:
            failures.append((persona, problem))
    assert failures == []


@pytest.mark.parametrize("view", list(POST_MATRIX), ids=lambda v: v[0])
def test_staff_post_views_follow_the_matrix(view, demo, client_as):
    name, needs_pk = view
    failures = []
    for persona in ALL_PERSONAS:
        response = client_as(persona).post(_url(name, needs_pk, demo), {})
        if (problem := _problem(response, POST_MATRIX[view][persona])) is not None:
            failures.append((persona, problem))
    assert failures == []


def test_status_step_follows_the_matrix(demo, client_as):
    """The confirmation page (GET) and the step (POST): the coordinators only."""
    interview = demo["小河镇"]
    url = reverse("interviews:status-step", args=[interview.pk, "draft"])
    failures = []
    for persona in ALL_PERSONAS:
        for method in ("get", "post"):
            response = getattr(client_as(persona), method)(url, {})
            if (problem := _problem(response, expect(COORD)[persona])) is not None:
                failures.append((persona, method, problem))
    assert failures == []
    interview.refresh_from_db()
    assert interview.status == "preview"  # a step back without a reason changes nothing


def test_feed_remove_follows_the_matrix(demo, client_as):
    from gongkai.interviews.models import FeedLine, SpeakerKind

    interview = demo["县农业农村局"]
    matrix = expect(COORD_MEDIA)
    failures = []
    for persona in ALL_PERSONAS:
        line = FeedLine.objects.create(
            interview=interview, speaker_kind=SpeakerKind.HOST, text=f"line {persona}"
        )
        url = reverse("interviews:feed-remove", args=[interview.pk, line.pk])
        response = client_as(persona).post(url, {"confirmed": "1"})
        if (problem := _problem(response, matrix[persona])) is not None:
            failures.append((persona, problem))
        if FeedLine.objects.filter(pk=line.pk).exists() == (matrix[persona] == OK):
            failures.append((persona, "line kept or removed against the matrix"))
    assert failures == []


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_public_pages_open_to_everyone(persona, demo, client_as):
    client = client_as(persona)
    assert h1(client.get(reverse("interviews:index"))) == "在线访谈"
    assert shows(client.get(reverse("interviews:calendar")), "BEGIN:VCALENDAR")
    for unit in ("县农业农村局", "小河镇"):
        detail = client.get(reverse("interviews:detail", args=[demo[unit].pk]))
        assert shows(detail, demo[unit].topic)
    # A draft interview is not on the portal.
    assert client.get(reverse("interviews:detail", args=[demo["县统计局"].pk])).status_code == 404


def test_unit_staff_list_shows_only_own_interview(demo, client_as):
    page = client_as("unit_staff").get(reverse("interviews:staff-home")).content.decode()
    assert "县农业农村局" in page
    assert reverse("interviews:staff-detail", args=[demo["镇靖镇"].pk]) not in page
    assert "推进乡村振兴" in page and "镇靖镇2023年重点工作" not in page


def test_media_center_detail_hides_receipt_contacts(demo, client_as):
    page = (
        client_as("media_center")
        .get(reverse("interviews:staff-detail", args=[demo["县农业农村局"].pk]))
        .content.decode()
    )
    assert "0912-4621001" not in page
    assert "一、2023年全县农业农村工作主要任务" in page  # the host prepares from the outline
