"""Reading the assessment pages as a person would: the rows of a table, cell by cell."""

from __future__ import annotations

from html.parser import HTMLParser


class _Rows(HTMLParser):
    def __init__(self, table_id: str | None) -> None:
        super().__init__()
        self.table_id = table_id
        self.depth = 0  # inside the wanted table (nesting level)
        self.in_body = False
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            if self.depth or self.table_id is None or dict(attrs).get("id") == self.table_id:
                self.depth += 1
        elif self.depth and tag == "tbody":
            self.in_body = True
        elif self.depth and self.in_body and tag == "tr":
            self.rows.append([])
        elif self.depth and self.in_body and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str | bytes, table_id: str | None = None) -> list[list[str]]:
    """The text of each body cell of the first table (or the table with ``table_id``)."""
    parser = _Rows(table_id)
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return [row for row in parser.rows if row]


def ranking(html: str | bytes) -> list[tuple[int, str, str]]:
    """The ranking page's rows: (rank, unit, score of 100)."""
    rows = table_rows(html, "ranking")
    return [(int(row[0]), row[1], row[2].split()[-1]) for row in rows]
