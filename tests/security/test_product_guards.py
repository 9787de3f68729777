"""The product carries no benchmark scaffolding, and CSRF protection has documented exceptions
only (docs/security.md, "Views without a CSRF token")."""

from __future__ import annotations

from pathlib import Path

from django.urls import URLResolver, get_resolver

import gongkai

PACKAGE = Path(gongkai.__file__).resolve().parent

# Route prefix -> why it needs no token. Keep in step with docs/security.md.
CSRF_EXEMPT_ALLOWED = {
    "care-mode/": "display preference; public pages stay cacheable",
    "language/": "display preference; public pages stay cacheable",
    "api/": "read-only JSON API (GET only, checked below)",
    "questions/<int:pk>/metoo/": "同问 +1: refused unless the Origin/Referer is this site",
}


def _views(patterns, prefix: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry.callback


def test_no_bench_module_in_the_package():
    found = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*")
        if "bench" in path.stem.split("_") or path.stem == "bench"
    ]
    assert found == [], "benchmark code belongs under bench/, not in the product"


def test_no_bench_setting_or_route_in_the_package():
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if any(
            marker in path.read_text(encoding="utf-8")
            for marker in ("BENCH_VIEWS", "CAPTCHA_DISABLED", "bench_insert", "bench-insert")
        )
    ]
    assert offenders == []


def test_csrf_exempt_views_are_the_documented_ones():
    exempt = sorted(
        route
        for route, callback in _views(get_resolver().url_patterns)
        if getattr(callback, "csrf_exempt", False)
    )
    assert exempt, "the walk found none: has Django changed how csrf_exempt marks views?"
    stray = [r for r in exempt if not r.startswith(tuple(CSRF_EXEMPT_ALLOWED))]
    assert stray == []
    documented = (PACKAGE.parent / "docs" / "security.md").read_text(encoding="utf-8")
    for prefix in CSRF_EXEMPT_ALLOWED:
        assert f"`/{prefix}`" in documented


def test_the_csrf_exempt_api_only_reads(client, db):
    spec = client.get("/api/openapi.json").json()
    methods = {method for operations in spec["paths"].values() for method in operations}
    assert methods == {"get"}
