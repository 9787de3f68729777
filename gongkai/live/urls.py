"""The live stream's address, ``/live/<channel>/``: pages build it with ``reverse("live:stream")``
(``{% live_stream_url %}``), never by hand.

The stream itself is served by the lean ASGI endpoint (``gongkai.live.asgi``), which
``gongkai.conf.asgi`` (and in production the proxy) sends every ``/live/`` request to; it accepts
exactly the paths this pattern produces (``asgi.PATH_RE``). A request that reaches Django instead
(a WSGI worker behind a proxy that does not route ``/live/``) is answered 404.
"""

from django.urls import path, register_converter

from gongkai.live import views


class ChannelConverter:
    regex = "[a-z0-9-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ChannelConverter, "live-channel")

app_name = "live"
urlpatterns = [path("<live-channel:channel>/", views.stream, name="stream")]
