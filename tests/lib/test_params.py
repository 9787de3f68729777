import pytest

from gongkai.lib.params import MAX_ID, parse_id


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert('x')</script>",
        "1 OR 1=1",
        "１２３",  # full-width digits
        "²",  # str.isdigit() is true, int() refuses it
        "١٢٣",
        "-1",
        "0",
        "99999999999999999999999",
        str(MAX_ID + 1),
        "1e3",
        " 1",
        "",
        None,
        True,
        "9" * 5000,
    ],
)
def test_parse_id_refuses_anything_but_a_row_id(raw):
    assert parse_id(raw) is None


@pytest.mark.parametrize("raw, expected", [("1", 1), ("0042", 42), (str(MAX_ID), MAX_ID), (7, 7)])
def test_parse_id_accepts_ascii_ids(raw, expected):
    assert parse_id(raw) == expected
