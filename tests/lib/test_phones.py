"""One definition of a phone number (gongkai/lib/phones.py) and one mask (lib/masking.py),
shared by the visit registration, the question form, the unit import and the SMS log."""

import logging

import pytest

from gongkai.lib.masking import mask_phone
from gongkai.lib.phones import is_phone_number, mobile_number
from gongkai.security import notify


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800001234", "13800001234"),
        ("138-0000-1234", "13800001234"),
        (" 138 0000 1234 ", "13800001234"),
        ("１３８００００１２３４", "13800001234"),
        ("19912345678", "19912345678"),
    ],
)
def test_mobile_number_reads_any_spelling_as_ascii_digits(typed, stored):
    assert mobile_number(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", None, "1380000123", "138000012345", "12800001234", "0912-4848111", "abc"]
)
def test_mobile_number_refuses_what_is_no_mobile(typed):
    assert mobile_number(typed) is None


@pytest.mark.parametrize(
    "typed", ["13800001234", "0912-4848111", "(0912) 4848111", "+86 138 0000 1234", "4848111"]
)
def test_phone_number_accepts_how_people_write_numbers(typed):
    assert is_phone_number(typed)


@pytest.mark.parametrize("typed", ["", "110", "call me", "+++++++", "0912-", "138０００01234"])
def test_phone_number_refuses_short_or_lettered_input(typed):
    assert not is_phone_number(typed)


@pytest.mark.parametrize(
    ("phone", "shown"),
    [("13800001234", "138****1234"), ("0912-4848111", "091****8111"), ("4848111", "***8111")],
)
def test_the_sms_log_shows_the_phone_masked(phone, shown, caplog):
    """A 7-digit landline was logged whole before (``484****8111`` is all seven digits)."""
    with caplog.at_level(logging.INFO, logger=notify.log.name):
        notify.send_sms(phone, "测试", limited=False)
    assert f"SMS to {shown}:" in caplog.text
    assert phone not in caplog.text
    assert mask_phone(phone) == shown
