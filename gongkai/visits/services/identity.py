"""Who may take part: resident ID numbers (GB 11643), age on the activity day, mobile numbers."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.lib import phones
from gongkai.lib.text import ascii_digits

ADULT_AGE = 18
# ASCII digits only: ``\d`` would accept every Unicode digit (full-width, Arabic-Indic, ...), and
# one ID number could then be registered under several spellings. Input goes through
# ``ascii_digits`` first, so a full-width number is read as the same number.
ID_RE = re.compile(r"^[0-9]{17}[0-9X]$")
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalise_id_number(id_number: str) -> str:
    """The one written form of an ID number that is checked, hashed and stored: ASCII digits,
    upper-case X, no surrounding spaces."""
    return ascii_digits(id_number or "").strip().upper()


def birth_date_from_id(id_number: str) -> dt.date:
    """Validate an 18-digit resident ID number (GB 11643) and return the birth date."""
    value = normalise_id_number(id_number)
    if not ID_RE.fullmatch(value):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a final digit or X. Please check it."),
            code="id_format",
        )
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(
            _(
                "This ID number's last character does not match the others. Please check each digit on the ID card."
            ),
            code="id_check",
        )
    try:
        return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise ValidationError(
            _("The birth date inside this ID number is not a real date. Please check it."),
            code="id_date",
        ) from exc


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def normalise_phone(phone: str) -> str:
    value = phones.mobile_number(phone)
    if value is None:
        raise ValidationError(
            _("Please enter an 11-digit mobile number starting with 1, for example 13800001234."),
            code="phone",
        )
    return value
