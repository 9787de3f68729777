"""The forms of a page, as a browser would submit them untouched: each field's name, kind and
the value the page fills in (``value``, checked boxes, a textarea's text, the selected option)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

BUTTONS = {"submit", "button", "image", "reset"}


@dataclass
class Form:
    method: str
    action: str  # a path
    enctype: str
    fields: dict[str, str] = field(default_factory=dict)  # name → input type or tag
    defaults: dict[str, list[str]] = field(default_factory=dict)  # name → submitted values


class FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page_path, a.get("action") or "") or self.page_path
            self._form = Form(
                method=(a.get("method") or "get").lower(),
                action=urlsplit(action).path,
                enctype=a.get("enctype") or "",
            )
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None or not name:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in BUTTONS:
                return
            form.fields[name] = kind
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    form.defaults.setdefault(name, []).append(a.get("value") or "on")
            elif kind != "file":
                form.defaults.setdefault(name, []).append(a.get("value", ""))
        elif tag == "textarea":
            form.fields[name] = "textarea"
            self._textarea = name
            form.defaults.setdefault(name, []).append("")
        elif tag == "select":
            form.fields[name] = "select"
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                form.defaults.setdefault(self._select, []).append(value)
                self._select_chosen = True

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.defaults[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form.defaults.setdefault(self._select, []).append(self._select_first)
            self._select = None


def forms_of(page_path: str, html: str) -> list[Form]:
    parser = FormParser(page_path)
    parser.feed(html)
    return parser.forms
