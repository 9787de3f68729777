"""The shared permission rules: the roles, the accounts' own rules, and unit work.

"A unit sees and changes only its own work; the service center and the county office see all."
Each app's ``rules.py`` builds its predicates on these and fetches objects through
``access_unit_work`` (or its own ``access_<noun>``) so that a record of another unit answers
404 ("not found"), the same as a record that does not exist. Role comparisons happen in
``rules.py`` files only (tests/test_role_literals.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.views.decorators.cache import never_cache

from gongkai.accounts.models import Role, User

if TYPE_CHECKING:
    from gongkai.units.models import Unit

M = TypeVar("M", bound=Model)
QS = TypeVar("QS", bound=QuerySet[Any])

# Roles that coordinate the programme: they see and change every unit's work.
COORDINATORS = frozenset({Role.COUNTY_OFFICE, Role.SERVICE_CENTER})
# Roles that read every unit's work without changing it (the city's supervisor: in any county).
READERS = frozenset({Role.ASSESSOR, Role.SUPERVISOR})
STAFF_ROLES = frozenset(Role.values)


def role_of(user: Any) -> str | None:
    """The signed-in user's role; None for an anonymous visitor."""
    if not getattr(user, "is_authenticated", False):
        return None
    return user.role


_role = role_of


def is_unit_staff(user: Any) -> bool:
    """A unit's staff: they see and change their own unit's work (``unit_work``)."""
    return _role(user) == Role.UNIT_STAFF


def is_city_level(user: Any) -> bool:
    """An account of the city (no county): it may sign in on every county's host name."""
    return bool(getattr(user, "is_authenticated", False)) and user.county_id is None


def is_supervisor(user: Any) -> bool:
    """The city's supervisor (市政务公开办): reads every county, changes nothing."""
    return is_city_level(user) and _role(user) == Role.SUPERVISOR


def is_city_admin(user: Any) -> bool:
    """The city's administrator: sets up, brands, disables and exports counties."""
    return is_city_level(user) and (_role(user) == Role.ADMIN or bool(user.is_superuser))


def is_coordinator(user: Any) -> bool:
    return role_of(user) in COORDINATORS


def sees_all(user: Any) -> bool:
    """County office, service center and assessors read every unit's work."""
    return role_of(user) in COORDINATORS | READERS


# Duties kept apart (等保 2.0 三权分立): the administrator manages accounts but neither reads the
# audit log nor changes content; the auditor (the assessor role) reads and exports the audit log
# but manages no accounts.
AUDITORS = frozenset({Role.ASSESSOR})
ACCOUNT_MANAGERS = frozenset({Role.ADMIN})


def can_manage_accounts(user: Any) -> bool:
    return role_of(user) in ACCOUNT_MANAGERS


# Whatever makes or unmakes an administrator or an auditor needs both duties: the administrator
# proposes, an auditor confirms (gongkai.accounts.services.needs_auditor).
PRIVILEGED_ROLES = ACCOUNT_MANAGERS | AUDITORS


def role_needs_unit(role: str | None) -> bool:
    """Unit staff belong to exactly one unit (the unit is what they see and change)."""
    return role == Role.UNIT_STAFF


def can_see_account_changes(user: Any) -> bool:
    """Changes to administrator and auditor accounts: the administrator proposes them."""
    return role_of(user) in ACCOUNT_MANAGERS | AUDITORS


def can_confirm_account_changes(user: Any) -> bool:
    """...and an auditor confirms them (never one about the auditor's own account)."""
    return role_of(user) in AUDITORS


def media_center_staff() -> QuerySet[User]:
    """Who may be put on a crew (interviews, video interpretations): active media center
    accounts."""
    return User.objects.filter(role=Role.MEDIA_CENTER, is_active=True).order_by("username")


def own_unit_ids(user: Any) -> frozenset[int]:
    """The units whose work is a unit-staff user's own: their unit and every unit it carries on
    (renamed or merged into it, ``Unit.lineage``), so a past year's work stays theirs."""
    if role_of(user) != Role.UNIT_STAFF or not user.unit_id:
        return frozenset()
    cached = getattr(user, "_own_unit_ids", None)
    if cached is None or cached[0] != user.unit_id:
        ids = frozenset({user.unit_id, *(u.pk for u in user.unit.lineage())})
        cached = (user.unit_id, ids)
        user._own_unit_ids = cached
    return cached[1]


def can_view_unit_work(user: Any, unit: Unit | int | None) -> bool:
    if sees_all(user):
        return True
    unit_id = getattr(unit, "pk", unit)
    return unit_id is not None and unit_id in own_unit_ids(user)


def can_change_unit_work(user: Any, unit: Unit | int | None) -> bool:
    if is_coordinator(user):
        return True
    unit_id = getattr(unit, "pk", unit)
    return unit_id is not None and unit_id in own_unit_ids(user)


def unit_work(user: Any, queryset: QS, *, unit_field: str = "unit", write: bool = False) -> QS:
    """Narrow ``queryset`` to the rows ``user`` may see (or change, with ``write=True``)."""
    if is_coordinator(user) or (not write and sees_all(user)):
        return queryset
    if role_of(user) == Role.UNIT_STAFF and user.unit_id:
        return queryset.filter(**{f"{unit_field}_id__in": own_unit_ids(user)})
    return queryset.none()


def access_unit_work(
    user: Any, queryset: QuerySet[M], pk: Any, *, unit_field: str = "unit", write: bool = False
) -> M:
    """Fetch one row for ``user``; missing and forbidden both raise Http404."""
    try:
        return unit_work(user, queryset, unit_field=unit_field, write=write).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])


def _declare(wrapped: Any, check: Callable[[Any], bool], description: str) -> None:
    """Attach the view's access rule so the platform-wide permission matrix
    (tests/security/test_permission_matrix.py) can tell allowed from forbidden personas."""
    wrapped.gongkai_access = check
    wrapped.gongkai_access_description = description


def view_access(view: Any) -> Callable[[Any], bool] | None:
    """The access rule declared by ``role_required``/``predicate_required`` on ``view``
    (None when the view declares none, e.g. a public page)."""
    for candidate in (view, getattr(view, "view_class", None)):
        check = getattr(candidate, "gongkai_access", None)
        if check is not None:
            return check
    return None


def role_required(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    """Anonymous users go to the login page; signed-in users of another role get 403."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and request.user.role not in roles and not request.user.is_superuser:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        def check(user: Any) -> bool:
            return bool(getattr(user, "is_authenticated", False)) and (
                not roles or user.role in roles or user.is_superuser
            )

        _declare(wrapped, check, "roles: " + (", ".join(roles) or "any staff"))
        return wrapped  # type: ignore[return-value]

    return decorator


def staff_required(view: ViewFunc) -> ViewFunc:
    """Any signed-in staff account."""
    return role_required()(view)


def predicate_required(predicate: Callable[[Any], bool]) -> Callable[[ViewFunc], ViewFunc]:
    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        def check(user: Any) -> bool:
            return bool(getattr(user, "is_authenticated", False)) and bool(predicate(user))

        _declare(wrapped, check, "predicate: " + getattr(predicate, "__name__", repr(predicate)))
        return wrapped  # type: ignore[return-value]

    return decorator


def no_store(view: ViewFunc) -> ViewFunc:
    """For pages that show a secret or personal data in full (an authenticator key, a temporary
    password, full ID numbers and phones): ``Cache-Control: no-store`` so that neither the
    browser's history nor a proxy keeps a copy (等保 剩余信息保护)."""
    return never_cache(view)  # max-age=0, no-cache, no-store, must-revalidate, private


# Delegated account creation (docs/decisions.md, "The county office opens unit staff accounts"):
# the county office creates the accounts of the implementing units' staff itself, audited; every
# other role, every change of role and every reset stays with the administrator (三权分立).
UNIT_ACCOUNT_DELEGATES = frozenset({Role.COUNTY_OFFICE})


def can_create_unit_staff_accounts(user: Any) -> bool:
    return role_of(user) in UNIT_ACCOUNT_DELEGATES


def delegated_account_role() -> str:
    """The only role a delegated account may get."""
    return Role.UNIT_STAFF


def grants_coordinator(role: str | None) -> bool:
    """Giving this role makes a coordinator (sees and changes every unit's work): asked twice."""
    return role in COORDINATORS


def account_helpers(user: Any) -> dict[str, str]:
    """Who can actually help a signed-in user who was refused a page (the 403 page): the
    administrator changes roles and units; for unit staff, the county office can also open
    their colleagues' accounts. Role labels, by duty."""
    helpers = {"roles": str(Role(Role.ADMIN).label)}
    if is_unit_staff(user):
        helpers["accounts"] = str(Role(Role.COUNTY_OFFICE).label)
    return helpers
