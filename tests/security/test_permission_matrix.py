"""The platform-wide permission matrix: every URL pattern × every persona, path arguments
filled with rows of the persona's own unit, rows of ANOTHER unit, and ids that name no row.

Views declare who may use them with ``role_required``/``predicate_required`` (the rule is read
from the view, see ``gongkai.accounts.rules.view_access``), and path arguments are understood
through ``tests/security/urlwalk.py`` (which row an argument names, and which unit owns it), so
views added later are covered automatically. Asserted for every request:

- never a server error (500);
- anonymous on a staff view → redirect to the login page, for GET and for POST;
- a signed-in persona the view's rule refuses → 403 (or 404/405), for GET and for POST;
- a persona the rule allows, on its own unit's row (or any row, for roles of no unit) → the
  page (200; 405 for a POST-only action);
- a persona the rule allows, on an id that names no row → 404 (GET and POST), never 200/500;
- unit staff on a row of ANOTHER unit → 403/404 on GET (a public page: no more than anonymous
  sees), and on POST (empty, and with the data of the own row's form) 403/404 with nothing
  changed.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client
from django.urls import Resolver404, resolve

from gongkai.accounts.models import Role
from gongkai.accounts.rules import is_coordinator
from tests.conftest import ALL_PERSONAS
from tests.fixtures.pages import not_found
from tests.security.dbstate import row_counts
from tests.security.htmlforms import forms_of
from tests.security.urlwalk import (
    MISSING_INT,
    arg_spec,
    discovered_unit_paths,
    endpoints,
    fillings,
    unit_path,
)

# Views that deliberately show unit staff an object of another unit (with the reason).
CROSS_UNIT_ALLOWED: dict[str, str] = {}

# (persona, view) refused a row although the persona sees every unit's work (with the reason).
_DRAFTER_ONLY = (
    "whoever drafts, interprets: the county office interprets only its own unit's documents "
    "(gongkai/policies/rules.py can_interpret)"
)
OWN_ROW_REFUSED: dict[tuple[str, str], str] = {
    ("county_office", "policies:interpretation-create"): _DRAFTER_ONLY,
    ("county_office", "policies:video-request-create"): _DRAFTER_ONLY,
    ("county_office", "policies:interpretation-revise"): _DRAFTER_ONLY,
}

# Known failures, fixed outside this area: (persona, URL name, check) → reason. Each is a real
# bug reported to the lead; the test fails when one goes away (strict), so the entry is removed.
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}

OK = {200, 204, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405}
REFUSED = {403, 404, 405}
OTHER_PERSONA = {"unit_staff": "other_unit_staff", "other_unit_staff": "unit_staff"}


def _allowed(endpoint, user) -> bool:
    access = endpoint.access
    if access is not None:
        return bool(access(user))
    return user is not None or not endpoint.is_staff_area


def _snapshot(objects) -> tuple:
    """Row counts of every table and the stored values of the rows named by the URL."""
    counts = row_counts()
    rows = tuple(
        tuple(sorted((type(o)._base_manager.filter(pk=o.pk).values().first() or {}).items()))
        for o in objects
    )
    return counts, rows


def _form_data(forms_by_view: dict, name: str) -> dict:
    """What the own row's page submits to this view (first value of each field)."""
    data = forms_by_view.get(name)
    return {k: v[0] for k, v in data.items() if v} if data else {}


def _view_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def test_matrix_discovers_platform_views():
    found = {e.name for e in endpoints()}
    assert {"audit:list", "accounts:staff-home", "workbench:home", "portal:home"} <= found


def test_every_path_argument_is_understood():
    """A new route's argument must be declared in urlwalk.ARGS (or named ``<model>_pk``), so
    the matrix knows which row it names and tries another unit's row."""
    unknown = [
        f"{e.name}: {arg}" for e in endpoints() for arg in e.converters if arg_spec(e, arg) is None
    ]
    assert not unknown, "declare in tests/security/urlwalk.py ARGS: " + ", ".join(unknown)


def test_unit_paths_are_unambiguous():
    ambiguous = []
    for model in apps.get_models():
        try:
            unit_path(model)
        except LookupError as exc:
            ambiguous.append(str(exc))
    assert not ambiguous, ambiguous
    from gongkai.questions.models import Answer
    from gongkai.visits.models import Registration

    assert discovered_unit_paths(Answer) == ["question__interview__unit"]
    assert unit_path(Registration) == "activity__unit"


def test_matrix_fills_objects_of_another_unit(personas, matrix_data):
    """Every route naming a unit-owned row is tried with the own unit's row and another
    unit's row, for both unit-staff personas."""
    gaps = []
    for persona, other in OTHER_PERSONA.items():
        own_unit, other_unit = personas[persona].unit_id, personas[other].unit_id
        for endpoint in endpoints():
            specs = [arg_spec(endpoint, a) for a in endpoint.converters]
            if not any(
                s and s.model and ("{" in s.model or unit_path(apps.get_model(s.model)) is not None)
                for s in specs
            ):
                continue
            kinds = {f.kind for f in fillings(endpoint, own_unit, other_unit)}
            if not {"own", "other", "missing"} <= kinds:
                gaps.append(f"{persona} {endpoint.name}: {sorted(kinds)}")
    assert not gaps, "\n".join(gaps)
    endpoint = next(e for e in endpoints() if e.name == "interviews:feed-remove")
    other = next(f for f in fillings(endpoint, personas["unit_staff"].unit_id) if f.other_unit)
    interview, line = other.objects
    assert line.interview_id == interview.pk != personas["unit_staff"].unit_id
    assert interview.unit_id != personas["unit_staff"].unit_id


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_permission_matrix(persona, personas, matrix_data):
    user = personas[persona] if persona else None
    name = persona or "anonymous"
    client = Client()
    if user is not None:
        client.force_login(user)
    anonymous = Client()
    unit_scoped = user is not None and user.role == Role.UNIT_STAFF
    # Roles that see every unit (or none) are filled with any rows, a unit's first.
    own_unit = user.unit_id if unit_scoped else None
    other_unit = personas[OTHER_PERSONA.get(persona, "unit_staff")].unit_id
    problems: list[tuple[str, str, str]] = []  # (URL name, check, message)
    forms_by_view: dict[str, dict[str, list[str]]] = {}
    cross_unit_posts = []
    checked = 0

    def problem(endpoint, check: str, message: str) -> None:
        problems.append((endpoint.name or endpoint.route, check, message))

    for endpoint in endpoints():
        allowed = _allowed(endpoint, user)
        for filling in fillings(endpoint, own_unit, other_unit):
            url = endpoint.url(filling.values)
            response = client.get(url)
            checked += 1
            status = response.status_code
            where = f"{name} GET {url} ({endpoint.name}, {filling.kind}) → {status}"
            if status not in OK:
                problem(endpoint, "status", where + ": unexpected status")
                continue
            if user is None:
                if endpoint.is_staff_area:
                    _check_anonymous(endpoint, client, url, response, where, problem)
                elif filling.kind == "missing" and status not in {404, 405}:
                    problem(endpoint, "missing", where + ": no such row, expected 404")
                continue
            if not allowed:
                if status not in REFUSED:
                    problem(endpoint, "refused", where + ": this role is not allowed, expected 403")
                posted = client.post(url, {})
                if posted.status_code not in REFUSED:
                    problem(
                        endpoint,
                        "refused",
                        f"{name} POST {url} ({endpoint.name}) → {posted.status_code}: "
                        "this role is not allowed, expected 403/404",
                    )
                continue
            if filling.kind in {"own", "any"}:
                if status == 200 and "html" in response.get("Content-Type", ""):
                    body = response.content.decode(errors="replace")
                    for form in forms_of(url, body):
                        if form.method == "post":
                            view = _view_name(form.action)
                            if view:
                                forms_by_view.setdefault(view, form.defaults)
                if endpoint.is_staff_area and (
                    (unit_scoped and filling.kind == "own") or is_coordinator(user)
                ):
                    if (persona, endpoint.name) not in OWN_ROW_REFUSED:
                        _check_own_row(endpoint, filling, response, where, problem)
            elif filling.kind == "missing":
                # 403: the role is refused at a finer level before any lookup; still no leak.
                if status not in REFUSED:
                    problem(endpoint, "missing", where + ": no such row, expected 404")
                posted = client.post(url, {})
                if posted.status_code not in REFUSED:
                    problem(
                        endpoint,
                        "missing",
                        f"{name} POST {url} ({endpoint.name}) → {posted.status_code}: "
                        "no such row, expected 404",
                    )
            elif filling.other_unit and unit_scoped and endpoint.name not in CROSS_UNIT_ALLOWED:
                if endpoint.is_staff_area:
                    if status not in REFUSED:
                        problem(endpoint, "other-get", where + ": another unit's row leaked")
                    cross_unit_posts.append((endpoint, filling, url))
                elif status == 200 and anonymous.get(url).status_code != 200:
                    problem(
                        endpoint,
                        "other-get",
                        where + ": another unit's unpublished row leaked (anonymous: refused)",
                    )

    # Second pass, once every own page's forms are known: POST to another unit's rows, empty
    # and with what the own row's form would send.
    for endpoint, filling, url in cross_unit_posts:
        form_data = _form_data(forms_by_view, endpoint.name)
        for data in [{}, form_data] if form_data else [{}]:
            before = _snapshot(filling.objects)
            posted = client.post(url, data)
            checked += 1
            where = f"{name} POST {url} ({endpoint.name}, other unit, {sorted(data)})"
            if posted.status_code not in REFUSED:
                problem(endpoint, "other-post", f"{where} → {posted.status_code}: expected 403/404")
            if _snapshot(filling.objects) != before:
                problem(endpoint, "other-post", f"{where}: another unit's data was changed")

    assert checked > 0
    _report(name, problems)


def _check_own_row(endpoint, filling, response, where, problem) -> None:
    """An allowed persona opening its own row: the page (or an action's redirect, or 405 for a
    POST-only action). 403 only where no unit-owned row is named (a finer rule of the view
    refuses the role, e.g. the county ranking to unit staff); never 404 for the own row."""
    status = response.status_code
    if status in {200, 405}:
        return
    if status == 302 and not response["Location"].startswith("/accounts/login/"):
        return
    if status == 403 and not any(unit_path(type(o)) for o in filling.objects):
        return
    problem(endpoint, "own", where + ": an allowed role's own row, expected the page")


def _check_anonymous(endpoint, client, url, response, where, problem) -> None:
    status = response.status_code
    if status not in {302, 405}:
        problem(endpoint, "anonymous", where + ": anonymous must be sent to sign in")
    elif status == 302 and not response["Location"].startswith("/accounts/login/"):
        problem(endpoint, "anonymous", where + ": redirect is not the login page")
    posted = client.post(url, {})
    if posted.status_code not in {302, 403, 404, 405} or (
        posted.status_code == 302 and not posted["Location"].startswith("/accounts/login/")
    ):
        problem(endpoint, "anonymous", f"anonymous POST {url} → {posted.status_code}")


def _report(persona: str, problems: list[tuple[str, str, str]]) -> None:
    """Fail on every problem but the KNOWN_BUGS (each has its own strict xfail test below);
    a known bug that no longer shows must be removed from the list."""
    known = {(view, check) for (p, view, check) in KNOWN_BUGS if p == persona}
    found = {(view, check) for view, check, _ in problems}
    unexpected = [msg for view, check, msg in problems if (view, check) not in known]
    assert not unexpected, "\n".join(unexpected)
    fixed = sorted(known - found)
    assert not fixed, f"fixed: remove from KNOWN_BUGS and drop the xfail mark: {fixed}"


def test_matrix_reads_declared_rules(personas):
    by_name = {e.name: e for e in endpoints()}
    audit = by_name["audit:list"].access
    assert audit(personas["assessor"]) and not audit(personas["admin"])
    manage = by_name["accounts:user-detail"].access
    assert manage(personas["admin"]) and not manage(personas["county_office"])
    assert by_name["workbench:home"].access(personas["unit_staff"])
    assert by_name["portal:home"].access is None


def test_missing_ids_are_filled(personas, matrix_data):
    endpoint = next(e for e in endpoints() if e.name == "accounts:user-detail")
    filled = fillings(endpoint, personas["unit_staff"].unit_id)
    assert any(f.values["pk"] == MISSING_INT and f.kind == "missing" for f in filled)
    others = [f for f in filled if f.other_unit]
    from gongkai.accounts.models import User

    assert User.objects.get(pk=others[0].values["pk"]).unit_id not in (
        None,
        personas["unit_staff"].unit_id,
    )


# --- known bugs, fixed outside tests/security (strict: a fix turns these into failures) ------


def test_unit_cannot_answer_a_suggestion_assigned_to_another_unit(personas, matrix_data):
    from gongkai.visits.models import Suggestion

    own, other = personas["unit_staff"].unit_id, personas["other_unit_staff"].unit_id
    suggestion = Suggestion.objects.filter(activity__unit_id=own).first()
    suggestion.responsible_unit_id = other
    suggestion.answer = ""
    suggestion.save()
    client = Client()
    client.force_login(personas["unit_staff"])
    response = client.post(
        f"/visits/staff/suggestions/{suggestion.pk}/answer/", {"answer": "Done by us"}
    )
    suggestion.refresh_from_db()
    assert not_found(response) and suggestion.answer == ""
