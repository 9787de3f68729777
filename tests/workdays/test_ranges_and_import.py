"""The working-day calendar (issue 13, item 7): date ranges, the State Council's holiday notice
imported as a table (pasted or .xlsx) with every bad row named and nothing saved half-way, and a
weekend entered as a holiday warned."""

import datetime as dt
import html
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gongkai.workdays.dates import add_workdays
from gongkai.workdays.models import DayOverride

NOTICE_2024 = """名称	日期	类型
元旦	2024-01-01	休
春节	2024-02-10至2024-02-17	休
春节	2024-02-04	班
春节	2月18日	班
劳动节	5月1日至5日	休
劳动节	4月28日	班
"""


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_range_sets_every_day_of_it(client_as):
    client = client_as("county_office")
    response = client.post(
        "/staff/workdays/", {"date": "2024-10-01", "end": "2024-10-07", "note": "国庆节"}
    )
    assert response.status_code == 302
    days = list(DayOverride.objects.values_list("date", "is_workday", "note"))
    assert days == [(dt.date(2024, 10, d), False, "国庆节") for d in range(1, 8)]
    # Working-day arithmetic follows: Monday 30 September + 1 working day is 8 October.
    assert add_workdays(dt.date(2024, 9, 30), 1) == dt.date(2024, 10, 8)


def test_a_range_ending_before_it_starts_is_refused(client_as):
    response = client_as("county_office").post(
        "/staff/workdays/", {"date": "2024-10-07", "end": "2024-10-01", "note": "国庆节"}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert DayOverride.objects.count() == 0


def test_a_weekend_entered_as_holiday_is_warned_and_saved_only_when_confirmed(client_as):
    client = client_as("service_center")
    response = client.post("/staff/workdays/", {"date": "2024-05-04", "note": "劳动节"})
    assert response.status_code == 200
    body = text(response)
    assert "2024-05-04" in body and 'name="confirm"' in body and 'type="checkbox"' in body
    assert DayOverride.objects.count() == 0
    response = client.post(
        "/staff/workdays/", {"date": "2024-05-04", "note": "劳动节", "confirm": "on"}
    )
    assert response.status_code == 302
    assert DayOverride.objects.get().date == dt.date(2024, 5, 4)


def test_pasted_notice_is_imported(client_as):
    response = client_as("county_office").post(
        "/staff/workdays/import/", {"year": "2024", "text": NOTICE_2024}
    )
    assert response.status_code == 302, text(response)
    days = dict(DayOverride.objects.values_list("date", "is_workday"))
    assert len(days) == 1 + 8 + 1 + 1 + 5 + 1
    assert days[dt.date(2024, 2, 4)] is True and days[dt.date(2024, 2, 18)] is True
    assert days[dt.date(2024, 5, 3)] is False
    assert DayOverride.objects.get(date=dt.date(2024, 2, 12)).note == "春节"


def test_bad_rows_are_named_by_number_and_nothing_is_imported(client_as):
    bad = (
        NOTICE_2024
        + "国庆节	2024-10-01至09-31	休\n中秋节	2024-09-17	放风\n调休	2024-02-10	班\n"
    )
    response = client_as("county_office").post(
        "/staff/workdays/import/", {"year": "2024", "text": bad}
    )
    assert response.status_code == 200
    body = text(response)
    rows = body.split('id="import-errors"')[1].split("</table>")[0]
    numbers = [int(n) for n in __import__("re").findall(r"<tr><td>(\d+)</td>", rows)]
    assert numbers == [8, 9, 10]
    assert DayOverride.objects.count() == 0
    assert "元旦" in body  # the pasted rows are kept to correct them


def test_a_weekend_holiday_in_the_import_is_warned_before_anything_is_saved(client_as):
    client = client_as("county_office")
    rows = "元旦	2024-01-01	休\n周末	2024-01-06	休\n"
    response = client.post("/staff/workdays/import/", {"year": "2024", "text": rows})
    assert response.status_code == 200
    body = text(response)
    assert 'id="import-warnings"' in body and "2024-01-06" in body
    assert DayOverride.objects.count() == 0
    response = client.post(
        "/staff/workdays/import/", {"year": "2024", "text": rows, "confirm": "on"}
    )
    assert response.status_code == 302
    assert DayOverride.objects.count() == 2


def test_xlsx_notice_is_imported(client_as):
    workbook = Workbook()
    sheet = workbook.active
    for line in NOTICE_2024.strip().splitlines():
        sheet.append(line.split("\t"))
    sheet.append(["国庆节", dt.datetime(2024, 10, 1), "休"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("holidays.xlsx", buffer.getvalue())
    response = client_as("county_office").post(
        "/staff/workdays/import/", {"year": "2024", "text": "", "file": upload}
    )
    assert response.status_code == 302, text(response)
    assert DayOverride.objects.filter(date=dt.date(2024, 10, 1), is_workday=False).exists()
    assert DayOverride.objects.count() == 18


def test_import_page_permissions(client_as):
    from tests.conftest import ALL_PERSONAS

    for persona in ALL_PERSONAS:
        response = client_as(persona).get("/staff/workdays/import/")
        if persona is None:
            assert response.status_code == 302
        elif persona in {"county_office", "service_center"}:
            assert response.status_code == 200 and "<textarea" in response.content.decode()
        else:
            assert response.status_code == 403


def test_the_menu_links_the_calendar_for_coordinators_only(client_as):
    assert 'href="/staff/workdays/"' in client_as("county_office").get("/staff/").content.decode()
    assert 'href="/staff/workdays/"' not in client_as("unit_staff").get("/staff/").content.decode()
