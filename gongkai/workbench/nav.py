"""The staff navigation, built from the same rules as the pages it links.

Each entry names a URL; whether a user sees it is the access rule the linked view declares
(``role_required``/``predicate_required``, read back with ``gongkai.accounts.rules.view_access``),
so a link is shown exactly to the roles its page lets in — no second list of roles to keep in
step. An entry may add a narrower ``permission`` of its own; it never widens the view's rule.

Entries name URLs as strings: the workbench hosts the menu without importing the apps whose
pages it links, and an app that is not installed (its URL does not reverse) simply has no link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.rules import view_access

Permission = Callable[[Any], bool]


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    # The request namespace that marks this entry as the current section (aria-current).
    namespace: str = ""
    permission: Permission | None = None
    # aria-current of the link in its section: "page" when the section is that one page.
    current: str = "true"
    # The page shows one year (``?year=``): the link keeps the year the user switched to.
    carries_year: bool = False


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str | Promise
    current: str  # the aria-current value, "" when not the current section


# The staff menu (staff_base.html), in its order on the page.
STAFF_NAV: tuple[NavEntry, ...] = (
    NavEntry("city:dashboard", _("City supervision"), "city"),
    NavEntry("workbench:home", _("Workbench"), "workbench", current="page", carries_year=True),
    NavEntry("programmes:list", _("Programmes"), "programmes"),
    NavEntry("workdays:override-list", _("Working-day calendar"), "workdays"),
    NavEntry("units:list", _("Units"), "units"),
    NavEntry("interviews:staff-home", _("Interviews"), "interviews", carries_year=True),
    NavEntry("questions:staff-home", _("Messages"), "questions"),
    NavEntry("visits:staff-home", _("Visits"), "visits", carries_year=True),
    NavEntry("policies:staff-home", _("Policies"), "policies"),
    NavEntry("consultations:staff-home", _("Consultations and surveys"), "consultations"),
    NavEntry("publishing:staff-home", _("Media review"), "publishing"),
    NavEntry("assessment:staff-home", _("Assessment"), "assessment", carries_year=True),
    NavEntry("inspection:self-check", _("Inspection self-check"), "inspection"),
    NavEntry("accounts:staff-home", _("Staff accounts"), "accounts"),
    NavEntry("accounts:unit-staff-create", _("Unit staff accounts"), "accounts"),
    NavEntry("accounts:change-list", _("Account changes")),
    NavEntry("audit:list", _("Audit log"), "audit"),
    NavEntry("countyadmin:list", _("Counties"), "countyadmin"),
)

# The staff links in the portal's header (portal/chrome/header.html).
HEADER_NAV: tuple[NavEntry, ...] = (NavEntry("workbench:home", _("Workbench")),)

MENUS: dict[str, tuple[NavEntry, ...]] = {"staff": STAFF_NAV, "header": HEADER_NAV}


def _target(url_name: str) -> tuple[str, Permission | None] | None:
    """The entry's URL and the access rule of the view behind it (None: not installed)."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    return url, view_access(resolve(url).func)


def entry_allows(entry: NavEntry, user: Any) -> bool:
    """May ``user`` open the page of ``entry``? Signed-in users only; the view's rule decides."""
    target = _target(entry.url_name)
    if target is None or not getattr(user, "is_authenticated", False):
        return False
    _url, rule = target
    if rule is not None and not rule(user):
        return False
    return entry.permission is None or bool(entry.permission(user))


def links_for(
    user: Any, menu: str = "staff", namespace: str = "", year: int | None = None
) -> list[NavLink]:
    """The links of ``menu`` that ``user`` may open; ``namespace`` marks the current section;
    ``year``, the year the user switched to, is kept by the links to pages of one year."""
    links = []
    for entry in MENUS[menu]:
        if entry_allows(entry, user):
            url, _rule = _target(entry.url_name)  # type: ignore[misc]
            if year and entry.carries_year:
                url = f"{url}?year={year}"
            current = entry.current if entry.namespace and entry.namespace == namespace else ""
            links.append(NavLink(url, entry.label, current))
    return links
