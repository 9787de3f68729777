"""Hostile input at every form POST and every GET query endpoint in the URLconf.

Endpoints are discovered by walking the resolver (tests/security/urlwalk.py); forms are found
in each page's HTML, each fuzzed as the first persona that may open the page. Pages that only
show their form in some state (an interview taking questions, the lookup page once a code is
found, a unit's own assessment page) are named in ``EXPLICIT_PAGES``.

Each field gets hostile text, or is left out, or is sent twice, or gets a file where text is
expected (or text where a file is), or keeps the page's own value (so the other fields get past
validation). Asserted: never a server error; a refused submission (4xx, or the form shown again
with its error message) stores nothing; a form shown again says what is wrong and keeps the
text that was typed."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gongkai.accounts.models import Role
from tests.security.dbstate import row_counts
from tests.security.hostile import hostile_text
from tests.security.htmlforms import Form, forms_of
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
QUERY_NAMES = ["page", "q", "model", "action", "since", "until", "unit", "year", "status", "next"]
# Every form must show one of these when it is shown again after a refusal.
ERROR_MARKERS = (b"error-summary", b"errorlist", b"message-error")
CONFIRM_STEP = b'name="confirmed" value="1"'
# Fields whose typed text a re-shown form keeps (not passwords, not hidden machinery).
TEXT_KINDS = {"text", "textarea", "email", "tel", "search", "url"}
# Views known to show their form again, silently, after a refused submission: real bugs fixed
# outside tests/security, each with a strict xfail test below.
_UNBOUND = (
    "an empty POST binds no form (`request.POST or None`), so the blank form comes back with "
    "200 and no message"
)
SILENT_REFUSALS: dict[str, tuple[str, str]] = {}
# Fields a refused form deliberately shows empty again (with the reason).
NOT_KEPT = {
    "captcha_answer": "a new challenge is shown; the old answer would be wrong",
}
# Inputs per form (more for the public forms named in EXPLICIT_PAGES) and per page.
EXAMPLES, EXPLICIT_EXAMPLES, QUERY_EXAMPLES = 4, 12, 2
FUZZ = settings(
    database=None,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: keep CI fast
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class Page:
    persona: str | None
    url: str
    body: str


@dataclass
class Target:
    persona: str | None
    form: Form
    view: str | None


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


# --- pages whose form shows only in some state -------------------------------------------


def _asking_interview_page(personas) -> tuple[str | None, str, str, dict]:
    from gongkai.interviews.models import Interview
    from gongkai.questions.services import ASKING_STATES

    interview = Interview.objects.filter(status__in=ASKING_STATES).order_by("pk").first()
    return None, "get", f"/questions/interview/{interview.pk}/ask/", {}


def _checkin_page(personas):
    import datetime as dt

    from django.utils import timezone

    from gongkai.visits.models import Activity

    # The QR check-in takes ID numbers on the activity's day only: that day has come.
    activity = Activity.objects.first()
    starts_at = timezone.now() + dt.timedelta(hours=1)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2)
    )
    return None, "get", f"/visits/checkin/{activity.checkin_token}/", {}


def _opinion_page(personas):
    from gongkai.visits.models import Activity

    return None, "get", f"/visits/opinion/{Activity.objects.first().opinion_token}/", {}


def _rate_page(personas):
    # The demo's question answered live (gongkai/questions/demo.py): the lookup shows the
    # rating form.
    return None, "post", "/questions/lookup/", {"code": "DEMO-2023-0001"}


def _objection_page(personas):
    from gongkai.programmes.models import Programme

    year = Programme.objects.order_by("-year").first().year
    return "unit_staff", "get", f"/assessment/{year}/units/{personas['unit_staff'].unit_id}/", {}


EXPLICIT_PAGES: dict[str, Callable] = {
    "questions:question-ask": _asking_interview_page,
    "visits:checkin": _checkin_page,
    "visits:opinion": _opinion_page,
    "questions:question-rate": _rate_page,
    "assessment:objection-new": _objection_page,
}


def _clients(personas) -> dict[str | None, Client]:
    result = {}
    for persona in [*PERSONA_ORDER, "unit_staff"]:
        client = Client()
        if persona:
            client.force_login(personas[persona])
        result[persona] = client
    return result


def _allowed(endpoint, user) -> bool:
    access = endpoint.access
    if access is not None:
        return bool(access(user))
    return user is not None or not endpoint.is_staff_area


def _pages(personas) -> list[Page]:
    """Every GET endpoint as the first persona that may open it, and the EXPLICIT_PAGES."""
    clients = _clients(personas)
    other = personas["other_unit_staff"].unit_id
    pages = []
    for endpoint in endpoints():
        for persona in PERSONA_ORDER:
            user = personas[persona] if persona else None
            if not _allowed(endpoint, user):
                continue
            unit = user.unit_id if user is not None and user.role == Role.UNIT_STAFF else None
            filled = next(f for f in fillings(endpoint, unit, other) if f.kind != "other")
            url = endpoint.url(filled.values)
            response = clients[persona].get(url)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                pages.append(Page(persona, url, response.content.decode(errors="replace")))
                break
    for name, page in EXPLICIT_PAGES.items():
        persona, method, url, data = page(personas)
        response = getattr(clients[persona], method)(url, data)
        assert response.status_code == 200, f"{name}: {method} {url} → {response.status_code}"
        pages.append(Page(persona, url, response.content.decode(errors="replace")))
    return pages


def _targets(pages: list[Page]) -> list[Target]:
    seen, found = set(), []
    for page in pages:
        for form in forms_of(page.url, page.body):
            if form.action.startswith(SKIPPED_ACTIONS):
                continue
            key = (form.method, form.action, tuple(sorted(form.fields)))
            if key in seen:
                continue
            seen.add(key)
            found.append(Target(page.persona, form, _view_name(form.action)))
    return found


@contextmanager
def _naming(request: str):
    """Name the persona and URL when a view raises (the test client re-raises the exception)."""
    try:
        yield
    except Exception as exc:
        raise AssertionError(f"{request} raised {type(exc).__name__}: {exc}"[:2000]) from exc


@pytest.fixture(scope="module")
def discovered_in_module(matrix_module, django_db_blocker):
    """Pages and forms, found once per module on its demo data (``matrix_module``)."""
    from django.test import override_settings

    from tests.conftest import _personas

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(matrix_module)):
        pages = _pages(_personas())
    return pages, _targets(pages)


@pytest.fixture
def discovered(discovered_in_module, personas, matrix_data):
    """Pages and forms (hypothesis runs the examples on the same data)."""
    return discovered_in_module


# --- what a field gets ---------------------------------------------------------------------

DROP = object()  # the field is left out

uploads = st.builds(
    lambda name, body: SimpleUploadedFile(name, body),
    st.sampled_from(["x.txt", "<script>.jpg", "𠮷.pdf", "../../etc/passwd", "a.png.exe"]),
    st.sampled_from(
        [b"GIF89a<script>alert(1)</script>", b"%PDF-1.4\n", b"\x00" * 16, b"", b"A" * 4096]
    ),
)


def field_value(kind: str, default: list[str]):
    """A strategy for one field: hostile text, left out, sent twice, a file (text for a file
    field), or the page's own value."""
    options = [
        st.just(DROP),
        hostile_text,
        st.lists(hostile_text, min_size=2, max_size=2),
        uploads,
    ]
    if default:
        options.append(st.just(default[0] if len(default) == 1 else list(default)))
    return st.one_of(*options)


def post_data(target: Target):
    """A strategy for what one submission of ``target`` sends."""
    fields = {
        name: field_value(kind, target.form.defaults.get(name, []))
        for name, kind in target.form.fields.items()
        if name != "csrfmiddlewaretoken"
    }
    return st.fixed_dictionaries(fields).map(
        lambda drawn: {k: v for k, v in drawn.items() if v is not DROP}
    )


def _typed(target: Target, values: dict) -> dict[str, str]:
    return {
        name: value
        for name, value in values.items()
        if isinstance(value, str)
        and target.form.fields.get(name) in TEXT_KINDS
        and value
        and name not in NOT_KEPT
    }


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\n")


def _shown_again(target: Target, response) -> Form | None:
    if "html" not in response.get("Content-Type", ""):
        return None
    for form in forms_of(target.form.action, response.content.decode(errors="replace")):
        if form.action == target.form.action and set(target.form.fields) <= set(form.fields):
            return form
    return None


def test_fuzz_finds_forms(discovered):
    _, targets = discovered
    views = {t.view for t in targets if t.form.method == "post"}
    assert {"accounts:login", "accounts:user-create", *EXPLICIT_PAGES} <= views, sorted(
        set(EXPLICIT_PAGES) - views
    )


def _fuzz(strategy, examples: int):
    """Run the decorated check on ``examples`` inputs drawn from ``strategy`` (one hypothesis
    run per form or page, so each input stays small)."""
    return lambda check: settings(FUZZ, max_examples=examples)(given(strategy)(check))


def test_fuzz_form_posts(personas, discovered):
    clients = _clients(personas)
    for target in discovered[1]:
        _form_check(personas, clients, target)()


def _form_check(personas, clients, target: Target):
    examples = EXPLICIT_EXAMPLES if target.view in EXPLICIT_PAGES else EXAMPLES

    @_fuzz(post_data(target), examples)
    def check(values):
        if target.persona:  # an earlier submission may have reset a password
            clients[target.persona].force_login(personas[target.persona])
        problems = _submit(clients[target.persona], target, values)
        assert not problems, "\n".join(problems)

    return check


def _submit(client: Client, target: Target, values: dict) -> list[str]:
    form = target.form
    before = row_counts()
    request = f"{target.persona} {form.method.upper()} {form.action}"
    with _naming(request):
        if form.method == "post":
            response = client.post(form.action, values)
            if CONFIRM_STEP in response.content:
                # The view asks first (gongkai/lib/confirm.py); the confirmed post is the
                # submission that must be stored or refused with a reason.
                response = client.post(form.action, {**values, "confirmed": "1"})
        else:
            plain = {k: v for k, v in values.items() if not isinstance(v, SimpleUploadedFile)}
            response = client.get(form.action, plain)
    status = response.status_code
    if status >= 500:
        return [f"{request}: {status}"]
    if form.method != "post":
        return []
    problems = []
    shown = _shown_again(target, response)
    marked = any(marker in response.content for marker in ERROR_MARKERS)
    if (status >= 400 or (shown and marked)) and row_counts() != before:
        problems.append(f"{request} → {status}: refused, but stored data half-way")
    if shown is None or status not in {200, 400, 409, 422, 429}:
        return problems
    # A form shown again that stored nothing was refused: it says why. (A 200 that changed
    # rows is a success page that happens to carry the form again.)
    refused = status >= 400 or row_counts() == before
    if refused and not marked and target.view not in SILENT_REFUSALS:
        problems.append(f"{request} → {status}: form shown again without an error message")
    if marked:
        for name, typed in _typed(target, values).items():
            kept = shown.defaults.get(name, [""])
            if _normal(typed) not in {_normal(k) for k in kept}:
                problems.append(f"{request} → {status}: {name!r} lost what was typed")
    return problems


def test_fuzz_query_strings(personas, discovered):
    clients = _clients(personas)
    for page in discovered[0]:
        _query_check(clients, page)()


def _query_check(clients, page: Page):
    params = st.fixed_dictionaries({name: hostile_text for name in QUERY_NAMES})

    @_fuzz(params, QUERY_EXAMPLES)
    def check(values):
        with _naming(f"{page.persona} GET {page.url}"):
            response = clients[page.persona].get(page.url, values)
        assert response.status_code < 500, f"{page.persona} GET {page.url}"

    return check


# --- known bugs, fixed outside tests/security (strict: a fix turns these into failures) ------


# Forms whose empty POST (no field at all) once came back blank with 200 and no message.
EMPTY_POST_REFUSED = {
    "accounts:login": None,
    "policies:attachment-add": "service_center",
    "policies:interpretation-create": "service_center",
    "policies:video-request-create": "service_center",
    "policies:video-request-schedule": "media_center",
    "policies:video-request-upload": "media_center",
    "policies:rules-edit": "service_center",
    "visits:staff-plan-edit": "service_center",
    "accounts:totp-enrol": "service_center",
    "accounts:user-create": "admin",
    "accounts:user-detail": "admin",
    "units:unit-create": "service_center",
    "units:unit-edit": "service_center",
    "units:units-import": "service_center",
    "programmes:programme-create": "service_center",
    "programmes:programme-edit": "service_center",
    "programmes:tracks-edit": "service_center",
    "programmes:slots-edit": "service_center",
    "programmes:guests-edit": "service_center",
    "workdays:override-list": "service_center",
    "questions:question-lookup": None,
    "questions:word-list": "service_center",
    "interviews:outline-edit": "service_center",
}


@pytest.mark.parametrize(
    "view",
    [*sorted(EMPTY_POST_REFUSED)]
    + [
        pytest.param(view, marks=pytest.mark.xfail(strict=True, reason=reason))
        for view, (_persona, reason) in sorted(SILENT_REFUSALS.items())
    ],
)
def test_empty_post_is_refused_with_a_message(view, personas, matrix_data):
    persona = EMPTY_POST_REFUSED[view] if view in EMPTY_POST_REFUSED else SILENT_REFUSALS[view][0]
    endpoint = next(e for e in endpoints() if e.name == view)
    filling = fillings(endpoint, None, personas["other_unit_staff"].unit_id)[0]
    client = Client()
    if persona:
        client.force_login(personas[persona])
    url = endpoint.url(filling.values)
    client.get(url)  # as a browser would (the two-factor page makes its pending key)
    before = row_counts()
    response = client.post(url, {})
    assert response.status_code in {200, 400}
    assert any(marker in response.content for marker in ERROR_MARKERS)
    assert row_counts() == before
