"""Row ids from request parameters: parse them before they reach the database.

A bad id in a URL parameter or a posted field (a script, SQL, full-width digits, a number
larger than the database's integer) must give a 404 or a form error, never a server error
(``ValueError: Field 'id' expected a number``, ``OverflowError``, PostgreSQL ``DataError``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# Largest value of a PostgreSQL bigint / SQLite INTEGER (the primary keys are BigAutoField).
MAX_ID = 2**63 - 1


def parse_id(raw: Any) -> int | None:
    """The positive row id written in ``raw`` (ASCII digits only), or None for anything else."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and raw.isascii() and raw.isdecimal() and len(raw) <= 20:
        value = int(raw)
    else:
        return None
    return value if 0 < value <= MAX_ID else None


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField over integer ids that refuses a non-id before querying.

    Django's own field checks each value with an ``__in`` lookup, which raises OverflowError
    (SQLite) or DataError (PostgreSQL) for a number larger than the column holds.
    """

    def _check_values(self, value: Any) -> Any:
        for raw in value:
            if parse_id(raw) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": raw},
                )
        return super()._check_values(value)


def posted(request):
    """A form's data: the POST, even an empty one (an empty POST is then refused with a
    message rather than answered with a blank form); None on a GET."""
    return request.POST if request.method == "POST" else None


def uploaded(request):
    """A form's files on a POST; None on a GET."""
    return request.FILES if request.method == "POST" else None
