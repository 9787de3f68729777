"""Control characters out of typed-in text, before it is stored and before any feed is written.

A bare carriage return in an activity's place starts a property of its own in an iCalendar
feed (``URL:…``), a vertical tab makes an RSS feed invalid XML and openpyxl refuses to write
most C0 characters. Titles and places are one line: every control character (and the Unicode
line and paragraph separators) becomes a space. Longer texts keep their line breaks and tabs;
``\\r\\n`` and a bare ``\\r`` become ``\\n``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms

_LINE_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029]")


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def single_line(value: str) -> str:
    """One line of text: every control character and line separator becomes a space."""
    if not isinstance(value, str):
        return value
    value = _LINE_BREAKS.sub(" ", value)
    return "".join(" " if _is_control(c) else c for c in value)


def multi_line(value: str) -> str:
    """Text with line breaks: newlines (``\\n``) and tabs kept, ``\\r`` turned into ``\\n``,
    every other control character removed."""
    if not isinstance(value, str):
        return value
    value = _LINE_BREAKS.sub("\n", value)
    return "".join(c for c in value if c in "\n\t" or not _is_control(c))


def clean_single_line_fields(cleaned_data: dict[str, Any], *names: str) -> dict[str, Any]:
    """For a form's ``clean()``: the named text fields (titles, places) made one line."""
    for name in names:
        value = cleaned_data.get(name)
        if isinstance(value, str):
            cleaned_data[name] = single_line(value).strip()
    return cleaned_data


class SingleLineField(forms.CharField):
    """A title or a place: typed on one line, stored without control characters."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return single_line(value).strip() if isinstance(value, str) else value


def ascii_digits(value: str) -> str:
    """Every Unicode decimal digit (full-width ０, Arabic-Indic ٠, ...) as its ASCII digit, and
    full-width letters as ASCII letters (NFKC), so that one number has one written form before
    it is checked, hashed or stored."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch for ch in value
    )
