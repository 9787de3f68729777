"""WSGI entry point for bench/portal_load.py: the real application plus one bare view.

``/__bench/bare/<name>`` returns the bytes of ``$PORTAL_BENCH_DIR/<name>.html`` through the same
middleware stack, under the same gunicorn: the ceiling the cached portal pages are measured
against. Never used outside the benchmark.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
settings.ROOT_URLCONF = "bench.portal_bench_urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
