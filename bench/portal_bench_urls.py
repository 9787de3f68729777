"""URLs for the benchmark server: the application's own, plus the bare view (see
bench/portal_bench_wsgi.py)."""

import os
from pathlib import Path

from django.http import Http404, HttpResponse
from django.urls import path

from gongkai.conf.urls import urlpatterns as app_urlpatterns

BENCH_DIR = Path(os.environ.get("PORTAL_BENCH_DIR", "/tmp"))
_bodies: dict[str, bytes] = {}


def bare(request, name: str) -> HttpResponse:
    if name not in _bodies:
        file = BENCH_DIR / f"{name}.html"
        if not file.exists():
            raise Http404
        _bodies[name] = file.read_bytes()
    return HttpResponse(_bodies[name], content_type="text/html; charset=utf-8")


# Just before the portal's catch-all include: the bare view pays the same URL resolution as
# the portal pages it is compared with.
urlpatterns = [*app_urlpatterns[:-1], path("__bench/bare/<slug:name>", bare), app_urlpatterns[-1]]
