"""The units directory: browser editing, .xlsx import (all or nothing) and export."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from gongkai.accounts.models import Role
from gongkai.units.models import Unit, UnitKind
from tests.conftest import ALL_PERSONAS, STAFF_PERSONAS, make_user
from tests.fixtures.pages import not_found

COORDINATORS = {"county_office", "service_center"}
STAFF = STAFF_PERSONAS
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unit_id(name="镇靖镇"):
    return Unit.objects.get(name=name).pk


MATRIX = {
    "/staff/units/": STAFF,
    "/staff/units/new/": COORDINATORS,
    "/staff/units/import/": COORDINATORS,
    "/staff/units/export.xlsx": COORDINATORS,
}


def expected(persona, allowed):
    if persona is None:
        return 302
    return 200 if persona in allowed else 403


# One test per view, looping over the personas: the 2023 programme is loaded once per view.
@pytest.mark.parametrize("url", sorted(MATRIX))
def test_units_views_permissions(client_as, url):
    for persona in ALL_PERSONAS:
        response = client_as(persona).get(url)
        assert response.status_code == expected(persona, MATRIX[url]), persona
        if persona is None:
            assert response["Location"].startswith("/accounts/login/")


def test_unit_edit_and_deactivate_only_for_coordinators(client_as):
    pk = unit_id()
    for persona in ALL_PERSONAS:
        client = client_as(persona)
        edit = client.get(f"/staff/units/{pk}/edit/")
        deactivate = client.post(f"/staff/units/{pk}/deactivate/", {"confirmed": "1"})
        assert edit.status_code == expected(persona, COORDINATORS), persona
        if persona in COORDINATORS:
            assert deactivate.status_code == 302
            assert Unit.objects.get(pk=pk).active is False
            Unit.objects.filter(pk=pk).update(active=True)
        else:
            assert deactivate.status_code == (302 if persona is None else 403), persona
            assert Unit.objects.get(pk=pk).active is True


def test_unit_edit_of_missing_unit_is_not_found(client_as):
    assert not_found(client_as("service_center").get("/staff/units/999999/edit/"))


def test_unit_create_adds_unit(client_as):
    response = client_as("service_center").post(
        "/staff/units/new/",
        {
            "name": "县审计局",
            "short_name": "",
            "kind": UnitKind.DEPARTMENT,
            "head_title": "局长",
            "phone": "0912-1234567",
            "sort_order": "300",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="县审计局")
    assert (unit.kind, unit.head_title, unit.sort_order, unit.is_demo) == (
        "department",
        "局长",
        300,
        False,
    )


def test_unit_create_with_duplicate_name_keeps_form_and_says_so(client_as):
    response = client_as("county_office").post(
        "/staff/units/new/", {"name": "镇靖镇", "kind": UnitKind.TOWN, "sort_order": "1"}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Unit.objects.filter(name="镇靖镇").count() == 1


def test_unit_edit_changes_fields(client_as):
    pk = unit_id("县统计局")
    response = client_as("county_office").post(
        f"/staff/units/{pk}/edit/",
        {"name": "县统计局", "kind": UnitKind.DEPARTMENT, "head_title": "局长", "sort_order": "5"},
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=pk).sort_order == 5


def test_deactivated_unit_can_be_reactivated(client_as):
    pk = unit_id()
    client = client_as("service_center")
    client.post(f"/staff/units/{pk}/deactivate/", {"confirmed": "1"})
    client.post(f"/staff/units/{pk}/deactivate/", {"active": "1"})
    assert Unit.objects.get(pk=pk).active is True


# --- export and import -------------------------------------------------------------------

HEADINGS = ["单位名称", "单位类别", "负责人职务", "办公电话", "排序", "演示单位"]


def workbook_bytes(rows, headings=HEADINGS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name="units.xlsx", content_type=XLSX):
    return client.post(
        "/staff/units/import/", {"file": SimpleUploadedFile(name, content, content_type)}
    )


def test_export_has_chinese_headings_and_every_unit(client_as, programme):
    response = client_as("service_center").get("/staff/units/export.xlsx")
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    assert len(rows) - 1 == Unit.objects.count()
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["镇靖镇"][1] == "镇/便民服务中心"
    assert by_name["镇靖镇"][2] == "党委书记"
    assert by_name["镇靖镇"][5] == "否"


def test_export_and_import_are_in_the_audit_log(client_as, programme, personas):
    from gongkai.audit.models import AuditEntry

    client = client_as("service_center")
    upload(client, client.get("/staff/units/export.xlsx").content)
    entries = AuditEntry.objects.filter(model="units.Unit", user=personas["service_center"])
    assert set(entries.values_list("action", flat=True)) == {"export", "other"}


def test_export_round_trips_through_import_unchanged(client_as, programme):
    client = client_as("service_center")
    before = list(Unit.objects.values_list("name", "kind", "head_title", "phone", "sort_order"))
    exported = client.get("/staff/units/export.xlsx").content
    response = upload(client, exported)
    assert response.status_code == 302
    after = list(Unit.objects.values_list("name", "kind", "head_title", "phone", "sort_order"))
    assert after == before
    page = client.get("/staff/units/").content.decode()
    assert "0" in page  # the success message: 0 added, 0 updated


def test_import_creates_and_updates_units_by_chinese_kind_label(client_as, programme):
    content = workbook_bytes(
        [
            ["县审计局", "县政府工作部门", "局长", "0912-7654321", 300, "否"],
            ["镇靖镇", "town", "镇长", "", 41, "否"],
            ["演示农场", "农场", "场长", None, None, "是"],
        ]
    )
    response = upload(client_as("county_office"), content)
    assert response.status_code == 302
    audit = Unit.objects.get(name="县审计局")
    assert (audit.kind, audit.phone, audit.sort_order) == ("department", "0912-7654321", 300)
    assert Unit.objects.get(name="镇靖镇").head_title == "镇长"
    farm = Unit.objects.get(name="演示农场")
    assert (farm.kind, farm.is_demo, farm.sort_order) == ("farm", True, 100)


def test_import_with_bad_rows_reports_every_line_and_imports_nothing(client_as, programme):
    count = Unit.objects.count()
    content = workbook_bytes(
        [
            ["县审计局", "县政府工作部门", "局长", "0912-7654321", 300, "否"],  # line 2: good
            ["", "农场", "场长", "", 1, "否"],  # line 3: no name
            ["县外事办", "外星机构", "主任", "", 1, "否"],  # line 4: unknown kind
            ["县档案馆", "县政府工作部门", "馆长", "call me", 1, "否"],  # line 5: bad phone
            ["县水务局", "县政府工作部门", "局长", "", "first", "否"],  # line 6: bad order
            ["县林业局", "县政府工作部门", "局长", "", 2, "也许"],  # line 7: bad demo flag
            ["县审计局", "县政府工作部门", "局长", "", 3, "否"],  # line 8: duplicate of line 2
        ]
    )
    response = upload(client_as("service_center"), content)
    assert response.status_code == 200
    page = response.content.decode()
    assert Unit.objects.count() == count
    assert not Unit.objects.filter(name="县审计局").exists()
    reported = re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>", page)
    assert [int(line) for line, _reason in reported] == [3, 4, 5, 6, 7, 8]
    reasons = dict((int(line), html.unescape(reason)) for line, reason in reported)
    assert "name is empty" in reasons[3] or "名称" in reasons[3]
    assert "外星机构" in reasons[4]
    assert "call me" in reasons[5]
    assert "first" in reasons[6]
    assert "也许" in reasons[7]
    assert "2" in reasons[8]


def test_import_of_a_file_that_is_not_xlsx_says_what_to_do(client_as, programme):
    count = Unit.objects.count()
    response = upload(
        client_as("service_center"), "单位名称,单位类别\n".encode(), "units.csv", "text/csv"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert ".xlsx" in page
    assert Unit.objects.count() == count


def test_import_of_a_broken_zip_says_the_workbook_cannot_be_read(client_as, programme):
    response = upload(client_as("service_center"), b"PK\x03\x04not really a zip")
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_import_of_an_empty_sheet_is_refused(client_as, programme):
    response = upload(client_as("service_center"), workbook_bytes([]))
    assert response.status_code == 200
    assert "<td>2</td>" in response.content.decode()


def test_import_in_english_accepts_english_kind_labels(client_as, programme):
    content = workbook_bytes([["Audit bureau", "County government department", "", "", 1, "no"]])
    response = upload(client_as("service_center"), content)
    assert response.status_code == 302
    assert Unit.objects.get(name="Audit bureau").kind == "department"


def units_list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/staff/units/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_units_list_query_count_does_not_grow_with_units():
    client = Client()
    client.force_login(make_user("q-county", Role.COUNTY_OFFICE))
    Unit.objects.create(name="单位0", kind=UnitKind.DEPARTMENT)
    units_list_queries(client)  # warm the per-process caches
    one = units_list_queries(client)
    for i in range(1, 4):
        Unit.objects.create(name=f"单位{i}", kind=UnitKind.DEPARTMENT)
    three = units_list_queries(client)
    assert one > 0
    assert one == three


def test_deactivating_a_unit_asks_first_and_changes_nothing_until_confirmed(client_as):
    pk = unit_id()
    client = client_as("county_office")
    asked = client.post(f"/staff/units/{pk}/deactivate/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = asked.content.decode()
    assert asked.status_code == 200
    assert 'name="confirmed" value="1"' in page
    assert Unit.objects.get(pk=pk).name in page
    assert Unit.objects.get(pk=pk).active is True  # nothing happened yet
    done = client.post(f"/staff/units/{pk}/deactivate/", {"confirmed": "1"})
    assert done.status_code == 302 and Unit.objects.get(pk=pk).active is False
    # making it active again takes nothing away: no question
    again = client.post(f"/staff/units/{pk}/deactivate/", {"active": "1"})
    assert again.status_code == 302 and Unit.objects.get(pk=pk).active is True
