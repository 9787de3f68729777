"""The spot check's scope override (抽查), registered in ``gongkai.counties.middleware``.

While a city supervisor's session holds an open spot check, every request of that supervisor,
on any county's host name, runs in the checked county's scope (``request.county`` too, so the
pages read as that county's); the supervisor stays a reader (``accounts.rules.READERS``), so
every change stays refused. Each page viewed (GET) is recorded on the check. Nothing happens,
and no query is made, for a request whose session holds no spot check."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gongkai.city import rules
from gongkai.city.models import SpotCheck, SpotCheckView
from gongkai.city.services import SESSION_KEY
from gongkai.counties import scope

# Not recorded as pages viewed: the city's own pages, files of the page itself, live pushes.
UNRECORDED = ("/city/", "/static/", "/live/", "/i18n/", "/accounts/", "/healthz")


def spot_check_scope(request: HttpRequest, host_county: Any) -> Any:
    """The checked county for a supervisor with an open spot check, else None."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    session = getattr(request, "session", None)
    if session is None:
        return None
    check_id = session.get(SESSION_KEY)
    if check_id is None:
        return None
    user = request.user
    if not rules.can_spot_check(user):
        return None
    with scope.all_counties():
        check = (
            SpotCheck.objects.select_related("county")
            .filter(pk=check_id, supervisor_id=user.pk, ended_at__isnull=True)
            .first()
        )
        if check is None:
            session.pop(SESSION_KEY, None)
            return None
        request.spot_check = check  # type: ignore[attr-defined]  # the banner
        if request.method == "GET" and not request.path.startswith(UNRECORDED):
            SpotCheckView.objects.create(spot_check=check, path=request.get_full_path()[:500])
    return check.county
