"""Hostile input at every form POST and every GET query endpoint in the URLconf.

Endpoints are discovered by walking the resolver (tests/security/urlwalk.py); forms are found
in each page's HTML, each fuzzed as the first persona that can open the page. Asserted: never a
server error, and a refused submission (4xx, or the form shown again with its error summary)
stores nothing."""

from __future__ import annotations

from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gongkai.core.demo import load_demo
from tests.security.hostile import hostile_text
from tests.security.urlwalk import endpoints, fillings

PERSONA_ORDER = [
    None,
    "service_center",
    "county_office",
    "unit_staff",
    "media_center",
    "assessor",
    "admin",
]
# Forms whose submission ends the session or changes the client's state, not data.
SKIPPED_ACTIONS = ("/accounts/logout/", "/i18n/", "/care-mode/")
# Machinery tables whose rows come and go with any request.
UNCOUNTED = {"sessions.Session", "audit.AuditEntry", "live.LiveEvent"}
QUERY_NAMES = ["page", "q", "model", "action", "since", "until", "unit", "year", "status", "next"]
FUZZ = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: keep CI fast
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._form)
        elif self._form is not None and tag in {"input", "textarea", "select"} and a.get("name"):
            if a.get("type") in {"submit", "button", "image", "reset"}:
                return
            self._form["fields"][a["name"]] = a.get("type") or tag

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._base_manager.count()
        for m in apps.get_models()
        if m._meta.label not in UNCOUNTED and m._meta.managed and not m._meta.proxy
    }


def _clients(personas):
    result = {}
    for persona in PERSONA_ORDER:
        client = Client()
        if persona:
            client.force_login(personas[persona])
        result[persona] = client
    return result


def _pages(personas, programme):
    """(persona, url, html) for every GET endpoint the first possible persona can open."""
    clients = _clients(personas)
    pages = []
    for endpoint in endpoints():
        for persona in PERSONA_ORDER:
            user = personas[persona] if persona else None
            filled = fillings(endpoint, getattr(user, "unit_id", None), programme.year)[0]
            url = endpoint.url(filled.values)
            response = clients[persona].get(url)
            if response.status_code == 200:
                body = response.content.decode(errors="replace")
                pages.append((persona, url, body))
                break
    return clients, pages


def _forms(pages):
    seen = set()
    for persona, url, body in pages:
        parser = FormParser()
        parser.feed(body)
        for form in parser.forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            action = urlsplit(action).path
            if action.startswith(SKIPPED_ACTIONS):
                continue
            key = (form["method"], action, tuple(sorted(form["fields"])))
            if key in seen:
                continue
            seen.add(key)
            yield persona, form["method"], action, form["fields"]


@contextmanager
def _naming(request: str):
    """Name the persona and URL when a view raises (the test client re-raises the exception)."""
    try:
        yield
    except Exception as exc:
        raise AssertionError(f"{request} raised {type(exc).__name__}: {exc}"[:2000]) from exc


@pytest.fixture
def demo(personas, programme):
    load_demo()
    return programme


@pytest.fixture
def discovered(personas, demo):
    """Pages and forms, found once per test (hypothesis runs the examples on the same data)."""
    _, pages = _pages(personas, demo)
    return pages, list(_forms(pages))


def test_fuzz_finds_forms(discovered):
    _, forms = discovered
    actions = {action for _, method, action, _ in forms if method == "post"}
    assert "/accounts/login/" in actions
    assert "/accounts/staff/new/" in actions


@FUZZ
@given(data=st.data())
def test_fuzz_form_posts(personas, discovered, data):
    clients = _clients(personas)  # fresh sign-ins: an earlier example may have reset a password
    for persona, method, action, fields in discovered[1]:
        values = {name: data.draw(hostile_text, label=f"{action} {name}") for name in fields}
        if "csrfmiddlewaretoken" in values:
            del values["csrfmiddlewaretoken"]
        client = clients[persona]
        before = row_counts()
        with _naming(f"{persona} {method.upper()} {action}"):
            if method == "post":
                response = client.post(action, values)
            else:
                response = client.get(action, values)
        assert response.status_code < 500, f"{persona} {method} {action}: {response.status_code}"
        refused = response.status_code >= 400 or (
            response.status_code == 200 and b"error-summary" in response.content
        )
        if refused and method == "post":
            assert row_counts() == before, f"{persona} POST {action} stored data half-way"


@FUZZ
@given(data=st.data())
def test_fuzz_query_strings(personas, discovered, data):
    clients = _clients(personas)
    for persona, url, _body in discovered[0]:
        params = {name: data.draw(hostile_text, label=f"{url}?{name}") for name in QUERY_NAMES}
        with _naming(f"{persona} GET {url}"):
            response = clients[persona].get(url, params)
        assert response.status_code < 500, f"{persona} GET {url}: {response.status_code}"
