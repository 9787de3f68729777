"""``/live/`` answers only the channels of the county whose host name the viewer used; the
host → county lookup never blocks the event loop."""

from __future__ import annotations

import threading

import pytest

from gongkai.counties import resolve
from gongkai.counties.models import County
from gongkai.interviews.models import InterviewStatus
from gongkai.live import asgi as live_asgi
from tests.fixtures.data import agriculture_interview
from tests.live.helpers import Stream, run

pytestmark = pytest.mark.django_db(transaction=True)

B_HOST = "hengshan.localhost"


def test_a_live_channel_of_county_a_is_not_found_on_county_b(programme, monkeypatch):
    County.objects.create(name="横山区", slug="hengshan", hosts=B_HOST)
    resolve.forget()
    interview = agriculture_interview(programme, InterviewStatus.LIVE)
    threads = []
    lookup = resolve.for_host

    def recording(host):
        threads.append(threading.current_thread())
        return lookup(host)

    monkeypatch.setattr(live_asgi.resolve, "for_host", recording)

    async def status(host: str) -> int:
        stream = Stream(f"/live/{interview.channel}/", headers=[("Host", host)])
        code = await stream.started()
        stream.task.cancel()
        return code

    async def scenario():
        seen = [await status(B_HOST), await status("testserver"), await status(B_HOST)]
        return seen, threading.current_thread()

    try:
        seen, loop_thread = run(scenario())
    finally:
        resolve.forget()
    assert seen == [404, 200, 404]
    # Looked up off the event loop, once per host name (then kept by the worker).
    assert len(threads) == 2 and loop_thread not in threads
