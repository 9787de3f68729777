"""ASGI entry point.

``/live/`` goes to the lean Server-Sent Events endpoint (gongkai.live.asgi), everything else to
Django. In production the proxy sends ``/live/`` to ASGI workers and the rest to WSGI workers;
the demo serves both from this one process.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
django_application = get_asgi_application()

from gongkai.live.asgi import live_application  # noqa: E402  (needs Django set up first)


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"].startswith("/live/"):
        await live_application(scope, receive, send)
    else:
        await django_application(scope, receive, send)
