"""The unit import takes an office phone as lib/phones.py defines a phone number."""

import html
import re

import pytest

from gongkai.units.models import Unit
from tests.units.test_units import upload, workbook_bytes


@pytest.mark.parametrize("phone", ["0912-7654321", "(0912) 7654321", "+86 912 7654321"])
def test_import_takes_an_office_phone_as_people_write_it(client_as, programme, phone):
    content = workbook_bytes([["县审计局", "县政府工作部门", "局长", phone, 300, "否"]])
    response = upload(client_as("service_center"), content)
    assert response.status_code == 302
    assert Unit.objects.get(name="县审计局").phone == phone


@pytest.mark.parametrize("phone", ["110", "+++", "call me", "0912-"])
def test_import_refuses_what_is_no_phone_number(client_as, programme, phone):
    content = workbook_bytes([["县审计局", "县政府工作部门", "局长", phone, 300, "否"]])
    response = upload(client_as("service_center"), content)
    assert response.status_code == 200
    reported = re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>", response.content.decode())
    assert [(int(line), phone in html.unescape(reason)) for line, reason in reported] == [(2, True)]
    assert not Unit.objects.filter(name="县审计局").exists()
