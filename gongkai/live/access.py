"""Who may watch a live channel, and from which address a viewer comes.

A channel is ``<kind>-<key>`` (``interview-7``). The app that owns the kind registers two
functions (``register_channel_kind``): whether the channel is public (``True``), exists but is
not public (``False``, e.g. a draft interview's rehearsal) or does not exist (``None``), and
whether a signed-in user may watch it when it is not public. Unknown kinds do not exist.

The ASGI endpoint (``gongkai.live.asgi``) keeps the public/not-public answer per channel for a
few seconds in the worker, so a crowd on a public channel costs one query per channel per
worker, not one per viewer; only viewers of a non-public channel have their session read (in
the replay thread pool, never on the event loop).
"""

from __future__ import annotations

import ipaddress
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

CHANNEL_RE = re.compile(r"^([a-z][a-z0-9]*)-([a-z0-9-]{1,60})$")


@dataclass(frozen=True)
class ChannelKind:
    prefix: str
    is_public: Callable[[str], bool | None]
    may_view: Callable[[Any, str], bool]


_kinds: dict[str, ChannelKind] = {}


def register_channel_kind(
    prefix: str,
    *,
    is_public: Callable[[str], bool | None],
    may_view: Callable[[Any, str], bool],
) -> None:
    """Called from an app's ``ready()``: ``is_public(key)`` and ``may_view(user, key)``."""
    _kinds[prefix] = ChannelKind(prefix, is_public, may_view)


def unregister_channel_kind(prefix: str) -> None:
    _kinds.pop(prefix, None)


def _kind(channel: str) -> tuple[ChannelKind, str] | None:
    match = CHANNEL_RE.match(channel)
    if match is None or match.group(1) not in _kinds:
        return None
    return _kinds[match.group(1)], match.group(2)


def channel_is_public(channel: str) -> bool | None:
    """True: anyone may watch; False: exists, staff with the right role only; None: no such
    channel. Reads the database."""
    found = _kind(channel)
    if found is None:
        return None
    kind, key = found
    return kind.is_public(key)


def user_may_view(user: Any, channel: str) -> bool:
    found = _kind(channel)
    if found is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    kind, key = found
    return bool(kind.may_view(user, key))


def session_user(cookie_header: str) -> Any | None:
    """The signed-in, fully authenticated user of the session cookie in ``cookie_header``, or
    None. The same conditions as a page request: a valid session whose password hash still
    matches, an active account, not idle past the timeout, two-factor enrolment and the
    first-password change done (``gongkai.accounts.middleware``). Reads the session store and
    the database: call it off the event loop."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import get_user
    from django.http.cookie import parse_cookie

    from gongkai.accounts.middleware import ENROL_PENDING, LAST_SEEN, idle_timeout_seconds

    key = parse_cookie(cookie_header).get(settings.SESSION_COOKIE_NAME)
    if not key:
        return None
    session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    # get_user needs only request.session; it checks the session's password hash.
    user = get_user(SimpleNamespace(session=session))
    if not user.is_authenticated or not user.is_active:
        return None
    if session.get(ENROL_PENDING) or getattr(user, "must_change_password", False):
        return None
    last_seen = session.get(LAST_SEEN)
    if last_seen is not None and time.time() - int(last_seen) > idle_timeout_seconds():
        return None
    return user


# --- the client's address --------------------------------------------------------------------


def scope_client_ip(scope: dict) -> str | None:
    """The viewer's address: the ASGI peer (REMOTE_ADDR), or the proxy's ``X-Real-IP`` when the
    peer is one of ``GONGKAI_TRUSTED_PROXIES`` (one hop), by the same function as the pages'
    rate limits and the audit log (``gongkai.lib.ratelimit.client_address_from``)."""
    from gongkai.lib.ratelimit import client_address_from, trusted_proxies

    client = scope.get("client")
    peer = str(client[0]) if client else ""
    real_ip = None
    for name, raw in scope.get("headers") or ():
        if name == b"x-real-ip":
            real_ip = raw.decode("latin-1").strip()
            break
    if real_ip is None and peer and any(_in(peer, net) for net in trusted_proxies()):
        return None  # a trusted proxy that did not say who the viewer is: not capped
    return client_address_from(peer, real_ip) or peer or "unknown"


def _in(address: str, network) -> bool:
    try:
        return ipaddress.ip_address(address) in network
    except ValueError:
        return False
