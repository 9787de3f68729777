"""The pieces of evidence a bundle page is made of, independent of the PDF library.

Every free text that reaches a block goes through ``scrub``: personal data never leaves the
platform in clear (phone numbers masked, ID numbers masked)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.lib.masking import mask_id_number, mask_phone

PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
ID_NUMBER = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


def scrub(text: object) -> str:
    """``text`` with every phone and ID number in it masked (138****1234)."""
    value = "" if text is None else str(text)
    value = ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), value)
    value = PHONE.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group(0))[-11:]), value)
    return LANDLINE.sub(lambda m: mask_phone(m.group(0)), value)


@dataclass
class Text:
    text: str
    style: str = "body"  # body | heading | small

    def __post_init__(self) -> None:
        self.text = scrub(self.text)


@dataclass
class Grid:
    header: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)  # shares of the line, sum 1

    def __post_init__(self) -> None:
        self.rows = [[scrub(cell) for cell in row] for row in self.rows]


@dataclass
class Picture:
    path: str  # a file on disk
    caption: str = ""


@dataclass
class ScanPages:
    """A PDF scan whose pages follow, each on its own numbered page."""

    path: str
    caption: str = ""
    pages: int = 0


Block = Text | Grid | Picture | ScanPages
