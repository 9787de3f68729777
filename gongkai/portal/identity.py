"""The footer's registration numbers (网站标识码, ICP备案, 公安备案): one row per county, filled
in at /site-identity/ by the county or at /counties/<slug>/ by the city. Read on every page through the context processor below, from the cache
(one query after each change), so a page without a cached copy costs no extra query."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.counties import scope
from gongkai.portal.models import SiteIdentity

CACHE_PREFIX = "portal:site-identity"


def cache_key() -> str:
    """Per county: county A's footer is never served to county B."""
    return f"{CACHE_PREFIX}:{scope.current_id()}"


def current() -> SiteIdentity:
    key = cache_key()
    identity = cache.get(key)
    if identity is None:
        identity = SiteIdentity.objects.order_by("pk").first() or SiteIdentity()
        cache.set(key, identity, None)
    return identity


@transaction.atomic
def update(*, site_code: str, icp_number: str, police_number: str) -> SiteIdentity:
    """Save the numbers (the audit log records the change, as for every model)."""
    identity = SiteIdentity.objects.select_for_update().order_by("pk").first() or SiteIdentity()
    identity.site_code = site_code.strip()
    identity.icp_number = icp_number.strip()
    identity.police_number = police_number.strip()
    identity.save()
    key = cache_key()
    # Now (this request's next page) and after the commit (another process may have cached
    # the old row in between).
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
    return identity


def context(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``site_identity`` (read only if the page shows it) and whether the
    signed-in user may edit it (the footer then links the form)."""
    from gongkai.portal.rules import can_edit_site_identity

    user = getattr(request, "user", None)
    return {
        "site_identity": SimpleLazyObject(current),
        "can_edit_site_identity": SimpleLazyObject(lambda: can_edit_site_identity(user)),
    }
