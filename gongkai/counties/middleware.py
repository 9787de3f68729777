"""Every request runs in the scope of the county its host name names (``request.county``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.template.loader import render_to_string

from gongkai.counties import resolve, scope


def _sync_chunks(chunks: Iterator[Any], state: tuple[Any, bool]) -> Iterator[Any]:
    with scope.restore(state):
        yield from chunks


async def _async_chunks(chunks: AsyncIterator[Any], state: tuple[Any, bool]) -> AsyncIterator[Any]:
    with scope.restore(state):
        async for chunk in chunks:
            yield chunk


# Answered the same for every county, without a county: the static files, the API's description
# (the fuzzing tests read it before any database exists) and the deployment's health check.
COUNTY_FREE_PATHS = ("/static/", "/api/openapi.json", "/healthz")

# The scope override hook (docs/decisions.md 84, "The city's supervision"): a function of
# ``(request, host_county)`` returning the county whose scope the request runs in instead of
# its host's, or None to keep it. The city app registers its spot check here (抽查: a city
# supervisor reads one county on any host name); this layer imports nothing above it. A hook
# runs inside the host county's scope, after the host is resolved, and must cost no query for a
# request that has nothing to override (no session, nothing in it).
ScopeOverride = Callable[[HttpRequest, Any], Any]
_scope_overrides: list[ScopeOverride] = []


def register_scope_override(hook: ScopeOverride) -> None:
    if hook not in _scope_overrides:
        _scope_overrides.append(hook)


def _overridden(request: HttpRequest, county: Any) -> Any:
    for hook in _scope_overrides:
        chosen = hook(request, county)
        if chosen is not None:
            return chosen
    return None


class CountyMiddleware:
    """Host name → county; a host no county answers gets 404; a disabled county's pages say so
    (the city's accounts still see them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(COUNTY_FREE_PATHS):
            return self.get_response(request)
        county = resolve.for_host(request.get_host())
        if county is None:
            return HttpResponse(
                render_to_string("counties/no_county.html", request=None),
                status=404,
            )
        request.county = county  # type: ignore[attr-defined]
        tokens = scope.set_for_request(county)
        try:
            chosen = _overridden(request, county) if _scope_overrides else None
            if chosen is not None and chosen != county:
                scope.reset(tokens)
                county = chosen
                request.county = county  # type: ignore[attr-defined]
                tokens = scope.set_for_request(county)
            if not county.active and not request.path.startswith(("/static/", "/accounts/")):
                user = request.user
                if not (user.is_authenticated and user.county_id is None):
                    return HttpResponse(
                        render_to_string(
                            "counties/disabled.html", {"county": county}, request=request
                        ),
                        status=503,
                    )
            response = self.get_response(request)
        finally:
            scope.reset(tokens)
        if response.streaming and not isinstance(response, FileResponse):
            state = (county, True)
            if response.is_async:
                response.streaming_content = _async_chunks(response.streaming_content, state)
            else:
                response.streaming_content = _sync_chunks(response.streaming_content, state)
        return response
