"""ASGI entry point.

``/live/`` goes to the lean Server-Sent Events endpoint (gongkai.live.asgi), everything else to
Django. In production the proxy sends ``/live/`` to ASGI workers and the rest to WSGI workers;
the demo serves both from this one process.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
django_application = get_asgi_application()

from gongkai.live.asgi import live_application, tune_gc  # noqa: E402  (needs Django set up first)


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"].startswith("/live/"):
        await live_application(scope, receive, send)
    elif scope["type"] == "lifespan":
        # Django does not speak the lifespan protocol; acknowledge it so servers stay quiet.
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    else:
        await django_application(scope, receive, send)


# Everything imported so far lives as long as the worker: freeze it out of the collector's
# sight and make collections rarer (see gongkai.live.asgi.tune_gc for the measurements).
# GONGKAI_GC_TUNING=0 turns it off.
if os.environ.get("GONGKAI_GC_TUNING", "1") != "0":
    tune_gc()
