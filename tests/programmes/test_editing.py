"""Setting up the annual programme in the browser: create (copying last year), edit every part,
and validation messages that say what to do."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.accounts.models import Role
from gongkai.programmes.models import Deadline, Guest, InterviewSlot, Programme, Track
from gongkai.programmes.services import shift_years
from gongkai.units.models import Unit
from tests.conftest import ALL_PERSONAS, make_user
from tests.fixtures.pages import not_found

COORDINATORS = {"county_office", "service_center"}
EDIT_URLS = [
    "/staff/programmes/new/",
    "/staff/programmes/2023/edit/",
    "/staff/programmes/2023/tracks/",
    "/staff/programmes/2023/deadlines/",
    "/staff/programmes/2023/slots/",
    "/staff/programmes/2023/guests/",
    "/staff/programmes/2023/attachments/",
    "/staff/programmes/2023/participants/",
]


# One test per view, looping over the personas: the 2023 programme is loaded once per view.
@pytest.mark.parametrize("url", EDIT_URLS)
def test_programme_edit_views_permissions(client_as, url):
    for persona in ALL_PERSONAS:
        response = client_as(persona).get(url)
        if persona is None:
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
        elif persona in COORDINATORS:
            assert response.status_code == 200, persona
        else:
            assert response.status_code == 403, persona


def test_programme_edit_views_of_missing_year_are_not_found(client_as):
    for url in EDIT_URLS[1:]:
        assert not_found(client_as("county_office").get(url.replace("2023", "1999"))), url


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def formset_post(client, url, edits=None, new=None, delete=()):
    """POST the formset page as a browser would: every existing row as shown, with ``edits``
    ({row index: {field: value}}), ``new`` values in the empty row, ``delete`` row indexes."""
    formset = client.get(url).context["formset"]
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for index, form in enumerate(formset.forms):
        values = {name: _plain(form[name].value()) for name in form.fields if name != "DELETE"}
        if not form.instance.pk:
            values.update(new or {})
        values.update((edits or {}).get(index, {}))
        if index in delete:
            values["DELETE"] = "on"
        for name, value in values.items():
            if value is True:
                value = "on"
            if value is False:
                continue
            data[f"{form.prefix}-{name}"] = value
    return client.post(url, data)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


# --- new programme ------------------------------------------------------------------------


def test_new_programme_copies_last_years_structure_one_year_on(client_as, programme):
    response = client_as("service_center").post(
        "/staff/programmes/new/", {"year": "2024", "title": "", "copy_from": programme.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/programmes/2024/"
    new = Programme.objects.get(year=2024)
    assert new.title == programme.title.replace("2023", "2024")
    assert new.notice_published is False
    assert new.notice_number == ""
    assert {(t.kind, t.start, t.end) for t in new.tracks.all()} == {
        ("visits", dt.date(2024, 4, 6), dt.date(2024, 10, 31)),
        ("interviews", dt.date(2024, 5, 8), dt.date(2024, 6, 10)),
        ("video", dt.date(2024, 4, 10), dt.date(2024, 12, 31)),
    }
    assert {(d.kind, d.due_date) for d in new.deadlines.all()} == {
        ("visit_plan", dt.date(2024, 4, 9)),
        ("receipt_form", dt.date(2024, 4, 9)),
        ("interview_outline", dt.date(2024, 5, 1)),
    }
    slots = [
        (s.start, s.end, [u.name for u in s.ordered_units()])
        for s in new.slots.prefetch_related("slot_units__unit")
    ]
    assert slots == [
        (dt.date(2024, 5, 8), dt.date(2024, 5, 19), ["县农业农村局", "县统计局", "镇靖镇"]),
        (
            dt.date(2024, 5, 22),
            dt.date(2024, 6, 2),
            ["县自然资源和规划局", "县乡村振兴局", "小河镇"],
        ),
    ]
    assert [(g.unit.name, g.title) for g in new.guests.select_related("unit")] == [
        (g.unit.name, g.title) for g in programme.guests.select_related("unit")
    ]
    assert set(new.participants.all()) == set(programme.participants.all())
    assert (
        new.attachments.get(number=1).title
        == "2024 年度“邀请公民代表走进县、镇政府” 活动计划安排表"
    )
    assert new.attachments.count() == 3
    # last year is untouched
    assert programme.tracks.get(kind="visits").start == dt.date(2023, 4, 6)


def test_new_programme_leaves_out_deactivated_units(client_as, programme):
    Unit.objects.filter(name="小河镇").update(active=False)
    client_as("county_office").post(
        "/staff/programmes/new/", {"year": "2024", "copy_from": programme.pk}
    )
    new = Programme.objects.get(year=2024)
    assert not new.participants.filter(name="小河镇").exists()
    assert not new.guests.filter(unit__name="小河镇").exists()
    assert "小河镇" not in [u.name for s in new.slots.all() for u in s.ordered_units()]


def test_new_programme_for_an_existing_year_says_what_to_do(client_as, programme):
    response = client_as("service_center").post(
        "/staff/programmes/new/", {"year": "2023", "copy_from": programme.pk}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert response.context["form"].errors["year"]
    assert Programme.objects.count() == 1


def test_new_empty_programme_needs_a_title(client_as, programme):
    client = client_as("service_center")
    response = client.post("/staff/programmes/new/", {"year": "2024", "copy_from": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    response = client.post(
        "/staff/programmes/new/", {"year": "2024", "title": "2024年度活动", "copy_from": ""}
    )
    assert response.status_code == 302
    new = Programme.objects.get(year=2024)
    assert (new.title, new.tracks.count(), new.guests.count()) == ("2024年度活动", 0, 0)


def test_new_programme_form_offers_next_year_copying_the_latest(client_as, programme):
    form = client_as("county_office").get("/staff/programmes/new/").context["form"]
    assert form.initial["year"] == 2024
    assert form.initial["copy_from"] == programme


def test_shift_years_moves_29_february_to_28():
    assert shift_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert shift_years(dt.date(2023, 4, 9), 1) == dt.date(2024, 4, 9)


# --- programme fields and notice ----------------------------------------------------------


def programme_post(programme, **changes):
    data = {
        "title": programme.title,
        "notice_number": programme.notice_number,
        "notice_title": programme.notice_title,
        "notice_issuer": programme.notice_issuer,
        "notice_date": programme.notice_date.isoformat() if programme.notice_date else "",
        "notice_printed_date": "",
        "service_center_phone": programme.service_center_phone,
        "representative_target": programme.representative_target,
        "representative_tolerance": programme.representative_tolerance,
        "min_activities": programme.min_activities,
        "notice_text": programme.notice_text,
        "notice_published": "on" if programme.notice_published else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_programme_edit_saves_fields_and_cannot_unpublish(client_as, programme):
    # Publishing goes through the review page; the edit form has no publish box (issue 13).
    response = client_as("county_office").post(
        "/staff/programmes/2023/edit/",
        programme_post(programme, notice_number="靖政办发〔2023〕16号", notice_published=""),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.notice_number == "靖政办发〔2023〕16号"
    assert programme.notice_published is True


def test_publishing_a_notice_without_text_is_refused(client_as, programme):
    response = client_as("county_office").post(
        "/staff/programmes/2023/edit/", programme_post(programme, notice_text="")
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    programme.refresh_from_db()
    assert programme.notice_text


# --- windows, deadlines, slots, guests, participants --------------------------------------


def test_window_ending_before_it_starts_is_refused_and_nothing_saved(client_as, programme):
    client = client_as("service_center")
    tracks = list(programme.tracks.all())
    index = [t.kind for t in tracks].index("visits")
    response = formset_post(
        client,
        "/staff/programmes/2023/tracks/",
        edits={index: {"start": "2023-11-01", "end": "2023-10-01"}},
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "error-summary" in text
    assert "close on or after" in text or "不能早于" in text
    assert programme.tracks.get(kind="visits").start == dt.date(2023, 4, 6)


def test_window_change_is_saved(client_as, programme):
    tracks = list(programme.tracks.all())
    index = [t.kind for t in tracks].index("visits")
    response = formset_post(
        client_as("service_center"),
        "/staff/programmes/2023/tracks/",
        edits={index: {"end": "2023-11-30"}},
    )
    assert response.status_code == 302
    assert programme.tracks.get(kind="visits").end == dt.date(2023, 11, 30)


def test_interviews_window_cannot_shrink_past_its_slots(client_as, programme):
    tracks = list(programme.tracks.all())
    index = [t.kind for t in tracks].index("interviews")
    response = formset_post(
        client_as("service_center"),
        "/staff/programmes/2023/tracks/",
        edits={index: {"end": "2023-05-31"}},
    )
    assert response.status_code == 200
    assert "2023-05-22 – 2023-06-02" in page_text(response)
    assert programme.tracks.get(kind="interviews").end == dt.date(2023, 6, 10)


def test_same_window_twice_is_refused(client_as, programme):
    response = formset_post(
        client_as("service_center"),
        "/staff/programmes/2023/tracks/",
        new={"kind": "visits", "start": "2023-04-01", "end": "2023-04-02"},
    )
    assert response.status_code == 200
    assert Track.objects.filter(programme=programme).count() == 3


def test_deadline_change_and_new_other_deadline(client_as, programme):
    deadlines = list(programme.deadlines.all())
    index = [d.kind for d in deadlines].index("interview_outline")
    response = formset_post(
        client_as("county_office"),
        "/staff/programmes/2023/deadlines/",
        edits={index: {"due_date": "2023-05-03"}},
        new={"kind": "other", "label": "总结报送", "due_date": "2023-11-15", "submit_to": ""},
    )
    assert response.status_code == 302
    assert programme.deadlines.get(kind="interview_outline").due_date == dt.date(2023, 5, 3)
    assert programme.deadlines.get(kind="other").label == "总结报送"


def test_slot_outside_the_interviews_window_says_how_to_fix_it(client_as, programme):
    response = formset_post(
        client_as("service_center"),
        "/staff/programmes/2023/slots/",
        new={"start": "2023-06-05", "end": "2023-06-20", "units_text": "县统计局", "order": 5},
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "2023-06-20" in text and "2023-06-10" in text
    assert InterviewSlot.objects.filter(programme=programme).count() == 2


def test_slot_units_are_saved_in_the_order_written(client_as, programme):
    response = formset_post(
        client_as("service_center"),
        "/staff/programmes/2023/slots/",
        edits={0: {"units_text": "镇靖镇\n县统计局\n县农业农村局"}},
    )
    assert response.status_code == 302
    slot = programme.slots.order_by("order").first()
    assert [u.name for u in slot.ordered_units()] == ["镇靖镇", "县统计局", "县农业农村局"]


def test_slot_with_unknown_unit_names_the_unit_and_saves_nothing(client_as, programme):
    response = formset_post(
        client_as("service_center"),
        "/staff/programmes/2023/slots/",
        edits={0: {"units_text": "镇靖镇\n县外星局"}},
    )
    assert response.status_code == 200
    assert "县外星局" in page_text(response)
    slot = programme.slots.order_by("order").first()
    assert [u.name for u in slot.ordered_units()] == ["县农业农村局", "县统计局", "镇靖镇"]


def test_slot_can_be_deleted(client_as, programme):
    response = formset_post(
        client_as("county_office"), "/staff/programmes/2023/slots/", delete=(1,)
    )
    assert response.status_code == 302
    assert programme.slots.count() == 1


def test_guest_unit_twice_is_refused(client_as, programme):
    count = Guest.objects.filter(programme=programme).count()
    unit = Unit.objects.get(name="县统计局")
    response = formset_post(
        client_as("service_center"),
        "/staff/programmes/2023/guests/",
        new={"unit": unit.pk, "title": "副局长", "name": "", "introduction": "", "order": 9},
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "县统计局" in text and "error-summary" in text
    assert Guest.objects.filter(programme=programme).count() == count


def test_guest_name_and_introduction_are_saved(client_as, programme):
    guests = list(programme.guests.select_related("unit"))
    index = [g.unit.name for g in guests].index("县统计局")
    response = formset_post(
        client_as("service_center"),
        "/staff/programmes/2023/guests/",
        edits={index: {"name": "陈某", "introduction": "负责全县统计工作。"}},
    )
    assert response.status_code == 302
    guest = programme.guests.get(unit__name="县统计局")
    assert (guest.name, guest.introduction) == ("陈某", "负责全县统计工作。")


def test_attachment_title_change(client_as, programme):
    response = formset_post(
        client_as("service_center"),
        "/staff/programmes/2023/attachments/",
        edits={2: {"title": "回执表"}},
    )
    assert response.status_code == 302
    assert programme.attachments.get(number=3).title == "回执表"


def test_participants_are_set(client_as, programme):
    keep = list(programme.participants.order_by("pk")[:2])
    response = client_as("county_office").post(
        "/staff/programmes/2023/participants/", {"participants": [u.pk for u in keep]}
    )
    assert response.status_code == 302
    assert list(programme.participants.order_by("pk")) == keep


def test_programme_detail_shows_edit_links_only_to_coordinators(client_as, programme):
    assert (
        "/staff/programmes/2023/slots/"
        in client_as("county_office").get("/staff/programmes/2023/").content.decode()
    )
    assert (
        "/staff/programmes/2023/slots/"
        not in client_as("unit_staff").get("/staff/programmes/2023/").content.decode()
    )


def programmes_list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/staff/programmes/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_programme_list_query_count_does_not_grow():
    client = Client()
    client.force_login(make_user("q-programmes", Role.COUNTY_OFFICE))
    Programme.objects.create(year=2030, title="2030")
    programmes_list_queries(client)  # warm the per-process caches (content types, settings)
    one = programmes_list_queries(client)
    for year in (2031, 2032, 2033):
        Programme.objects.create(year=year, title=f"{year}")
    three = programmes_list_queries(client)
    assert one > 0
    assert one == three


def test_deadline_rows_exist_for_copy(programme):
    # guard: the copy test relies on the 2023 data having its three deadlines
    assert Deadline.objects.filter(programme=programme).count() == 3


@pytest.mark.parametrize("bad", ["99999999999999999999999", "<script>alert('x')</script>", "１"])
def test_participants_refuse_a_bad_unit_id_and_keep_the_old_ones(client_as, programme, bad):
    before = set(programme.participants.all())
    response = client_as("county_office").post(
        "/staff/programmes/2023/participants/", {"participants": [bad]}
    )
    assert response.status_code == 200
    assert b"error" in response.content
    assert set(programme.participants.all()) == before


@pytest.mark.parametrize("section", ["tracks", "deadlines", "guests", "attachments", "slots"])
def test_huge_row_count_is_refused_quickly_and_nothing_saved(client_as, programme, section):
    before = programme.tracks.count(), programme.deadlines.count(), programme.guests.count()
    response = client_as("service_center").post(
        f"/staff/programmes/2023/{section}/",
        {"form-TOTAL_FORMS": "99999999999999999999999", "form-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "一次最多保存 100 行" in summary  # the limit, and what to do, in the clerk's words
    # The saved rows again (and the one empty row), not a hundred empty rows built and drawn.
    saved = {
        "tracks": programme.tracks,
        "deadlines": programme.deadlines,
        "guests": programme.guests,
        "attachments": programme.attachments,
        "slots": programme.slots,
    }[section].count()
    rows = re.findall(r'name="form-\d+-DELETE"', page)
    assert len(rows) == saved + 1
    after = programme.tracks.count(), programme.deadlines.count(), programme.guests.count()
    assert after == before
