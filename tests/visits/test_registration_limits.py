"""Self-registration cannot be abused (pen test, item 10): one ID number has one written form
whatever digits it is typed in, one phone gets a few SMS a day, a phone and a network address
make a limited number of registrations, and a refusal says nothing about other people."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from gongkai.security import notify
from gongkai.visits.models import Registration, Representative
from tests.visits.conftest import person, valid_id

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ERRORS = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)


def _form(n=1, **overrides):
    return dict(person(n, **overrides), consent="on", lives_in_county="on")


def _errors(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", e).strip() for e in ERRORS.findall(html)]


@pytest.fixture
def second(make_activity, future_programme):
    return make_activity(
        title="走进县农业农村局（二）",
        starts_at=timezone.now() + dt.timedelta(days=12),
        prog=future_programme,
    )


@pytest.mark.parametrize("digits", [FULL_WIDTH, ARABIC_INDIC], ids=["full-width", "arabic-indic"])
def test_another_spelling_of_a_registered_id_number_is_the_same_person(
    client, upcoming, second, digits
):
    assert client.post(f"/visits/{upcoming.pk}/register/", _form(1)).status_code == 302
    # int() reads every Unicode digit, so the check digit matched with the last one in ASCII.
    other_spelling = valid_id(1)[:17].translate(digits) + valid_id(1)[17]
    assert other_spelling != valid_id(1)
    response = client.post(
        f"/visits/{second.pk}/register/",
        _form(1, id_number=other_spelling, phone="13911112222"),
        **ZH,
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Representative.objects.count() == 1
    assert Registration.objects.count() == 1


def test_non_ascii_digits_are_stored_as_ascii(client, upcoming):
    data = _form(1, id_number=valid_id(1).translate(FULL_WIDTH), phone="１３９０００００００１")
    assert client.post(f"/visits/{upcoming.pk}/register/", data).status_code == 302
    rep = Representative.objects.get()
    assert (rep.id_number, rep.phone, rep.phone_last4) == (valid_id(1), "13900000001", "0001")


def test_refusals_read_the_same_whoever_the_id_number_belongs_to(client, upcoming, second):
    client.post(f"/visits/{upcoming.pk}/register/", _form(1))
    # the ID number registered this year, under its own name ...
    once = client.post(f"/visits/{second.pk}/register/", _form(1), **ZH).content.decode()
    # ... under another name (on the roster) ...
    other = client.post(
        f"/visits/{second.pk}/register/", _form(1, name="冒名者", phone="13911112222"), **ZH
    ).content.decode()
    # ... and a phone number used up by two people this year.
    client.post(f"/visits/{upcoming.pk}/register/", _form(2, phone="13900000009"))
    client.post(f"/visits/{upcoming.pk}/register/", _form(3, phone="13900000009"))
    phone = client.post(
        f"/visits/{second.pk}/register/", _form(4, phone="13900000009"), **ZH
    ).content.decode()
    assert _errors(once) == _errors(other) == _errors(phone)
    (text,) = _errors(once)
    assert "无法受理" in text and upcoming.contact_phone in text  # what to do next
    for html in (once, other, phone):
        assert "花名册" not in html and "已报名" not in html
    assert Registration.objects.filter(activity=second).count() == 0


def test_one_phone_registers_at_most_two_people_a_year(client, upcoming):
    for n in (1, 2, 3):
        client.post(f"/visits/{upcoming.pk}/register/", _form(n, phone="13900000009"))
    assert Registration.objects.count() == 2
    assert Representative.objects.count() == 2


def test_one_phone_gets_at_most_three_sms_a_day(
    client, upcoming, settings, django_capture_on_commit_callbacks
):
    settings.GONGKAI_REGISTRATIONS_PER_PHONE_PER_YEAR = 100
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(1, 7):
            response = client.post(
                f"/visits/{upcoming.pk}/register/", _form(n, phone="13900000009")
            )
            assert response.status_code == 302
    assert Registration.objects.count() == 6
    assert [m.phone for m in notify.outbox] == ["13900000009"] * 3


def test_registrations_per_address_per_day_count_only_accepted_ones(client, upcoming, settings):
    settings.GONGKAI_REGISTRATIONS_PER_ADDRESS_PER_DAY = 2
    here = {"REMOTE_ADDR": "10.9.8.7"}
    bad = client.post(f"/visits/{upcoming.pk}/register/", _form(1, phone="12345"), **here)
    assert bad.status_code == 200  # a refused form uses none of the quota
    for n in (1, 2):
        assert client.post(f"/visits/{upcoming.pk}/register/", _form(n), **here).status_code == 302
    third = client.post(f"/visits/{upcoming.pk}/register/", _form(3), **here, **ZH)
    assert third.status_code == 200
    assert "今天从该网络提交的报名过多" in third.content.decode()
    elsewhere = client.post(f"/visits/{upcoming.pk}/register/", _form(3), REMOTE_ADDR="10.1.2.3")
    assert elsewhere.status_code == 302
    assert Registration.objects.count() == 3
