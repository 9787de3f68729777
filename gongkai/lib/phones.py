"""Phone numbers, defined once for the whole site (SPEC §8).

Two kinds. A *mobile number* (11 digits starting 13 to 19) receives the SMS of a registration,
so the visit forms accept nothing else. A *phone number* is any number a person can be called
on, a mobile or a landline with its area code (0912-4848111), written as people write it:
digits with spaces, dashes or brackets, and an optional leading ``+``. Screens and logs show
either masked: ``gongkai.lib.masking.mask_phone``.
"""

from __future__ import annotations

import re

from gongkai.lib.text import ascii_digits

# ASCII digits only: ``\d`` would accept every Unicode digit (full-width, Arabic-Indic, ...), and
# one number could then be stored under several spellings. ``mobile_number`` reads the input
# through ``ascii_digits`` first, so a full-width number is read as the same number.
MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
PHONE_RE = re.compile(r"^\+?[0-9(][0-9 ()-]{5,28}[0-9]$")


def mobile_number(value: str | None) -> str | None:
    """The 11 ASCII digits of a mobile number typed with any digits, spaces and dashes, or None
    when ``value`` is not a mobile number."""
    digits = re.sub(r"[\s-]", "", ascii_digits(value or ""))
    return digits if MOBILE_RE.fullmatch(digits) else None


def is_phone_number(value: str | None) -> bool:
    """Whether ``value`` (already stripped) is a phone number a person can be called on: 7 to 30
    characters, starting with a digit, ``+`` or ``(`` and ending with a digit."""
    return bool(value) and PHONE_RE.fullmatch(value) is not None
