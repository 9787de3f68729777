"""The ask form takes a phone number as lib/phones.py defines it: a mobile or a landline with
its area code, written with spaces, dashes or brackets."""

import pytest

from gongkai.questions.models import Question
from tests.questions.conftest import ask_over_http


@pytest.mark.parametrize(
    "phone", ["13812345678", "0912-4848111", "(0912) 4848111", "+86 138 1234 5678"]
)
def test_ask_accepts_a_phone_number_as_people_write_it(client, interview, phone):
    status, html = ask_over_http(client, interview, phone=phone)
    assert status == 200
    assert Question.objects.get().phone_encrypted == phone
    assert phone not in html


@pytest.mark.parametrize("phone", ["110", "call me", "+++++++", "0912-"])
def test_ask_refuses_what_is_no_phone_number_and_says_so(client, interview, phone):
    status, html = ask_over_http(client, interview, phone=phone, text="电话写错的问题还在吗")
    assert status == 400
    assert "13800000000" in html
    assert "电话写错的问题还在吗" in html
    assert Question.objects.count() == 0
