"""The year-setup review page (issue 13, items 5, 6, 9 and 10): a copied year shows its stale
dates, days off, weights, guests and slots out of step; publishing goes through it and
registers the notice as a policy document."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.assessment.indicator_tree import create_default_indicators
from gongkai.assessment.models import Indicator
from gongkai.policies.models import DocumentStatus, PolicyDocument
from gongkai.programmes.models import Guest, Programme
from gongkai.workdays.models import DayOverride
from tests.conftest import ALL_PERSONAS
from tests.programmes.test_editing import formset_post

COORDINATORS = {"county_office", "service_center"}


def warnings_of(response) -> list[str]:
    """The warnings listed on the review page, as plain text."""
    body = response.content.decode()
    block = re.search(r'<ul class="review-warnings">(.*?)</ul>', body, re.S)
    if block is None:
        return []
    items = re.findall(r"<li[^>]*>(.*?)</li>", block.group(1), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def copy_2023(client, programme) -> Programme:
    response = client.post(
        "/staff/programmes/new/", {"year": "2024", "title": "", "copy_from": programme.pk}
    )
    assert response.status_code == 302
    return Programme.objects.get(year=2024)


@pytest.fixture
def copied(client_as, programme):
    create_default_indicators(programme)
    client = client_as("county_office")
    return client, copy_2023(client, programme)


def test_review_page_permissions(client_as, programme):
    for persona in ALL_PERSONAS:
        response = client_as(persona).get("/staff/programmes/2023/review/")
        if persona is None:
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
        elif persona in COORDINATORS:
            assert response.status_code == 200, persona
            assert "<h1>" in response.content.decode()
        else:
            assert response.status_code == 403, persona
    assert client_as("county_office").get("/staff/programmes/1999/review/").status_code == 404


def test_programme_page_links_the_review_and_the_calendar(client_as, programme):
    body = client_as("county_office").get("/staff/programmes/2023/").content.decode()
    assert 'href="/staff/programmes/2023/review/"' in body
    assert 'href="/staff/workdays/"' in body


def test_note_with_last_years_deadline_is_flagged_after_the_deadline_moves(copied):
    client, new = copied
    assert not [
        w for w in warnings_of(client.get("/staff/programmes/2024/review/")) if "4月9日" in w
    ]
    new.deadlines.filter(kind="visit_plan").update(due_date=dt.date(2024, 4, 12))
    new.deadlines.filter(kind="receipt_form").update(due_date=dt.date(2024, 4, 12))
    found = warnings_of(client.get("/staff/programmes/2024/review/"))
    stale = [w for w in found if "4月9日" in w]
    assert len(stale) == 1, found
    assert "附件1" in stale[0] and "4月12日" in stale[0]


def test_notice_text_with_an_earlier_year_and_a_date_of_no_field_is_flagged(copied):
    client, new = copied
    new.notice_text = "各单位于2023年4月3日前报送。活动时间为4月6日至10月31日。"
    new.save()
    found = warnings_of(client.get("/staff/programmes/2024/review/"))
    assert any("2023年" in w and "2024" in w for w in found), found
    assert any("4月3日" in w for w in found), found
    # 4月6日 and 10月31日 are the visits window: not flagged.
    assert not any("4月6日" in w or "10月31日" in w for w in found), found


def test_dates_on_weekends_and_holidays_are_flagged(copied):
    client, new = copied
    DayOverride.objects.create(date=dt.date(2024, 5, 1), is_workday=False, note="劳动节")
    found = warnings_of(client.get("/staff/programmes/2024/review/"))
    # The first slot ends on Sunday 19 May 2024; the outline falls due on 劳动节.
    assert any("2024-05-19" in w for w in found), found
    assert any("2024-05-01" in w and "劳动节" in w for w in found), found


def test_copying_a_year_copies_the_indicator_tree_and_a_wrong_total_is_warned(copied, programme):
    client, new = copied
    old = sorted((i.name, i.weight, i.rule) for i in programme.indicators.all())
    assert sorted((i.name, i.weight, i.rule) for i in new.indicators.all()) == old
    assert not any("100" in w for w in warnings_of(client.get("/staff/programmes/2024/review/")))
    leaf = Indicator.objects.filter(programme=new, rule="visit_held").get()
    leaf.weight = Decimal("15")
    leaf.save()
    found = warnings_of(client.get("/staff/programmes/2024/review/"))
    assert any("95" in w and "100" in w for w in found), found
    body = client.get(reverse("assessment:indicators", args=[2024])).content.decode()
    assert 'id="total-warning"' in body and "95" in body


def test_guests_follow_the_slots(copied):
    client, new = copied
    slots_url = "/staff/programmes/2024/slots/"
    # 县统计局 leaves its slot; 县教育局-like new unit: 红墩界镇 joins the first slot.
    from gongkai.units.models import Unit

    newcomer = (
        Unit.objects.implementing()
        .exclude(pk__in=Guest.objects.filter(programme=new).values("unit"))
        .first()
    )
    first = new.slots.order_by("order").first()
    names = [u.name for u in first.ordered_units() if u.name != "县统计局"] + [newcomer.name]
    response = formset_post(client, slots_url, edits={0: {"units_text": "\n".join(names)}})
    assert response.status_code == 302
    guest = Guest.objects.get(programme=new, unit=newcomer)
    assert guest.title == (newcomer.head_title or "负责人") and guest.name == ""
    found = warnings_of(client.get("/staff/programmes/2024/review/"))
    assert any("县统计局" in w and "访谈" in w for w in found), found
    detail = html.unescape(client.get("/staff/programmes/2024/").content.decode())
    assert "县统计局" in detail.split('class="review-warnings"')[1].split("</ul>")[0]


def test_units_in_slots_without_staff_account_are_flagged(copied):
    client, new = copied
    found = warnings_of(client.get("/staff/programmes/2024/review/"))
    # 县农业农村局 and 镇靖镇 have staff (the personas); 县统计局 has none.
    assert any("县统计局" in w and "账号" in w for w in found), found
    assert not any("县农业农村局" in w and "账号" in w for w in found), found


def fill_notice(new):
    new.notice_number = "靖政办发〔2024〕9号"
    new.notice_title = "关于开展2024年度活动的通知"
    new.notice_date = dt.date(2024, 4, 2)
    new.notice_text = "各镇、各部门：现将有关事项通知如下。"
    new.save()


def test_publishing_asks_first_and_registers_the_notice_as_policy_document(copied):
    client, new = copied
    response = client.post("/staff/programmes/2024/review/", {})
    assert response.status_code == 200
    new.refresh_from_db()
    assert new.notice_published is False
    body = html.unescape(response.content.decode())
    assert "文号" in body.split("<main")[1]  # what is missing is named

    fill_notice(new)
    page = html.unescape(client.get("/staff/programmes/2024/review/").content.decode())
    assert "靖政办发〔2024〕9号" in page and "附件1" in page
    assert warnings_of(client.get("/staff/programmes/2024/review/"))  # staff accounts etc.
    response = client.post("/staff/programmes/2024/review/", {})
    assert response.status_code == 200  # warnings not acknowledged
    new.refresh_from_db()
    assert new.notice_published is False
    assert not PolicyDocument.objects.filter(number="靖政办发〔2024〕9号").exists()

    response = client.post("/staff/programmes/2024/review/", {"warnings_read": "on"})
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.notice_published is True
    document = PolicyDocument.objects.get(number="靖政办发〔2024〕9号")
    assert document.status == DocumentStatus.PUBLISHED
    assert document.drafting_unit.special_role == "county_office"
    assert document.published_on == dt.date(2024, 4, 2)
    assert document.written_due_on == document.published_on  # due with the document
    assert document.video_due_on and document.video_due_on > document.published_on
    staff_page = client.get(document.get_staff_url())
    assert staff_page.status_code == 200
    assert "靖政办发〔2024〕9号" in html.unescape(staff_page.content.decode())

    # A second publication is refused and registers nothing twice.
    response = client.post("/staff/programmes/2024/review/", {"warnings_read": "on"})
    assert PolicyDocument.objects.filter(number="靖政办发〔2024〕9号").count() == 1
    from gongkai.audit.models import AuditEntry

    assert AuditEntry.objects.filter(model="programmes.Programme", object_id=str(new.pk)).exists()


def test_edit_form_no_longer_publishes(client_as, copied):
    client, new = copied
    fill_notice(new)
    form = client.get("/staff/programmes/2024/edit/").content.decode()
    assert 'name="notice_published"' not in form


def test_review_page_queries_do_not_grow_with_slots(copied):
    client, new = copied
    client.get("/staff/programmes/2024/review/")
    counts = []
    for extra in (0, 2):
        if extra:
            base = new.slots.order_by("-order").first()
            for _i in range(extra):
                base.pk = None
                base.order += 1
                base.save()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/staff/programmes/2024/review/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] > 0
    assert counts[0] == counts[1], counts


def test_moving_a_deadline_moves_the_date_in_the_notes_of_an_unpublished_year(copied):
    client, new = copied
    response = formset_post(
        client,
        "/staff/programmes/2024/deadlines/",
        edits={0: {"due_date": "2024-04-12"}, 1: {"due_date": "2024-04-12"}},
    )
    assert response.status_code == 302
    note = new.attachments.get(number=1).note
    assert "4月12日前报送" in note and "4月9日" not in note
    shown = html.unescape(client.get("/staff/programmes/2024/").content.decode())
    assert "附件1" in shown and "4月12日" in shown  # the change is said
    assert not [w for w in warnings_of(client.get("/staff/programmes/2024/review/")) if "4月" in w]


def test_an_ambiguous_move_is_left_as_written_and_flagged(copied):
    client, new = copied
    formset_post(
        client,
        "/staff/programmes/2024/deadlines/",
        edits={0: {"due_date": "2024-04-11"}, 1: {"due_date": "2024-04-12"}},
    )
    assert "4月9日" in new.attachments.get(number=1).note
    found = warnings_of(client.get("/staff/programmes/2024/review/"))
    assert any("附件1" in w and "4月9日" in w and "4月12日" in w for w in found), found


def test_a_published_years_notes_never_change(client_as, programme):
    before = programme.attachments.get(number=1).note
    response = formset_post(
        client_as("county_office"),
        "/staff/programmes/2023/deadlines/",
        edits={0: {"due_date": "2023-04-12"}, 1: {"due_date": "2023-04-12"}},
    )
    assert response.status_code == 302
    assert programme.attachments.get(number=1).note == before
