"""Self-registration takes a mobile number only (the confirmation goes out by SMS), typed in
any digits with spaces or dashes, and stores its one ASCII form (lib/phones.py)."""

import pytest

from gongkai.visits.models import Registration, Representative
from tests.visits.conftest import person


def _form(**overrides):
    return dict(person(1, **overrides), consent="on", lives_in_county="on")


@pytest.mark.parametrize("typed", ["139-0000-0001", "139 0000 0001", "１３９００００００01"])
def test_register_stores_the_mobile_number_in_one_form(client, upcoming, typed):
    response = client.post(f"/visits/{upcoming.pk}/register/", _form(phone=typed))
    assert response.status_code == 302
    assert Representative.objects.get().phone == "13900000001"


@pytest.mark.parametrize("typed", ["0912-4848111", "12900000001", "1390000000", "139000000011"])
def test_register_refuses_what_is_no_mobile_number(client, upcoming, typed):
    response = client.post(f"/visits/{upcoming.pk}/register/", _form(phone=typed))
    assert response.status_code == 200
    assert "请填写以1开头的11位手机号码" in response.content.decode()
    assert Registration.objects.count() == 0
