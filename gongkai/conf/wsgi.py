"""WSGI entry point for page workers: ``gunicorn gongkai.conf.wsgi``."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
application = get_wsgi_application()


def tune_gc() -> None:
    """Garbage-collector settings for a page worker, called once per worker after start-up.

    ``gc.freeze()`` moves what start-up allocated (Django, the URLconf, models, templates, the
    sensitive-word automaton once built) out of the collector's sight, and generation-0
    collections run every 50,000 allocations instead of 700: a form post allocates thousands of
    short-lived objects (form fields are deep-copied per request), and with the default
    threshold the question intake ran a collection every few requests, the full ones walking
    the whole heap (bench/profile_intake.py prints the time; docs/performance.md). Cyclic
    garbage is still collected, in fewer, larger batches. ``GONGKAI_GC_TUNING=0`` turns it off,
    as for the live workers (gongkai/conf/asgi.py)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


# gunicorn imports this module in each worker after the fork (no --preload), so each worker
# freezes its own start-up heap.
if os.environ.get("GONGKAI_GC_TUNING", "1") != "0":
    tune_gc()
