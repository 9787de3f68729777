"""Who may watch ``/live/<channel>/`` (pen-test issue 11, item 2) and how many streams one
address may hold (item 11), through the raw ASGI endpoint as a server drives it."""

from __future__ import annotations

import asyncio
import json

import pytest

from gongkai.interviews import services as interview_services
from gongkai.interviews.models import Interview, InterviewStatus, SpeakerKind
from gongkai.live import asgi as live_asgi
from tests.fixtures.data import agriculture_interview
from tests.live.helpers import Stream, publish_committed, run, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

REHEARSAL = "彩排：这一行只给工作人员看"


@pytest.fixture
def make_interview(programme):
    def make(status: str) -> Interview:
        return agriculture_interview(programme, status)

    return make


@pytest.fixture
def draft(make_interview) -> Interview:
    interview = make_interview(InterviewStatus.DRAFT)
    interview_services.add_feed_line(
        interview, speaker_kind=SpeakerKind.HOST, speaker_name="", text=REHEARSAL, by=None
    )
    return interview


async def _open(path: str, **kwargs) -> Stream:
    stream = Stream(path, **kwargs)
    if await stream.started() == 200:
        await stream.wait_for(lambda s: "retry:" in s.text)
    return stream


def test_draft_channel_refuses_an_anonymous_viewer(draft):
    async def scenario():
        stream = await _open(f"/live/{draft.channel}/", headers=[("Last-Event-ID", "0")])
        await asyncio.wait_for(stream.task, 5)
        return stream

    stream = run(scenario())
    assert stream.status == 404
    assert REHEARSAL not in stream.text


def test_unknown_channel_answers_like_a_draft_one():
    async def scenario():
        missing = await _open("/live/interview-987654/")
        nonsense = await _open("/live/nosuchkind-1/")
        await asyncio.wait_for(asyncio.gather(missing.task, nonsense.task), 5)
        return missing.status, nonsense.status

    assert run(scenario()) == (404, 404)


@pytest.mark.parametrize("persona", ["media_center", "service_center", "unit_staff"])
def test_draft_channel_serves_signed_in_staff_who_may_see_it(draft, personas, persona):
    cookie = session_cookie(personas[persona])

    async def scenario():
        stream = await _open(f"/live/{draft.channel}/", headers=[("Cookie", cookie)])
        await stream.wait_for(lambda s: len(s.events()) == 1)
        await stream.disconnect()
        return stream

    stream = run(scenario())
    assert stream.status == 200
    assert REHEARSAL in json.loads(stream.events()[0]["data"])["text"]


@pytest.mark.parametrize("persona", ["other_unit_staff", "admin"])
def test_draft_channel_refuses_staff_of_another_unit_or_role(draft, personas, persona):
    cookie = session_cookie(personas[persona])

    async def scenario():
        stream = await _open(f"/live/{draft.channel}/", headers=[("Cookie", cookie)])
        await asyncio.wait_for(stream.task, 5)
        return stream

    stream = run(scenario())
    assert stream.status == 404
    assert REHEARSAL not in stream.text


def test_draft_channel_refuses_a_session_still_enrolling_two_factor(draft, personas):
    from importlib import import_module

    from django.conf import settings

    from gongkai.accounts.middleware import ENROL_PENDING

    cookie = session_cookie(personas["media_center"])
    session = import_module(settings.SESSION_ENGINE).SessionStore(cookie.split("=", 1)[1])
    session[ENROL_PENDING] = True
    session.save()

    async def scenario():
        stream = await _open(f"/live/{draft.channel}/", headers=[("Cookie", cookie)])
        await asyncio.wait_for(stream.task, 5)
        return stream.status

    assert run(scenario()) == 404


def test_unpublishing_ends_anonymous_streams_before_any_rehearsal_line(make_interview):
    # A preview: unpublishing is one step back (a live interview steps back to preview first).
    interview = make_interview(InterviewStatus.PREVIEW)

    async def scenario():
        viewer = await _open(f"/live/{interview.channel}/")
        assert viewer.status == 200
        await asyncio.to_thread(_unpublish_and_rehearse, interview)
        await asyncio.wait_for(viewer.task, 5)  # the stream ends
        again = await _open(f"/live/{interview.channel}/", headers=[("Last-Event-ID", "0")])
        await asyncio.wait_for(again.task, 5)
        return viewer, again

    viewer, again = run(scenario())
    assert REHEARSAL not in viewer.text
    assert viewer.events() == []  # not even the status change, published as a draft
    assert again.status == 404


def _unpublish_and_rehearse(interview: Interview) -> None:
    from django.db import connections

    try:
        interview_services.set_status(
            interview, status=InterviewStatus.DRAFT, by=None, reason="rehearsal"
        )
        interview_services.add_feed_line(
            interview, speaker_kind=SpeakerKind.HOST, speaker_name="", text=REHEARSAL, by=None
        )
    finally:
        connections.close_all()


def test_rehearsal_events_are_not_replayed_once_the_interview_is_published(draft):
    Interview.objects.filter(pk=draft.pk).update(status=InterviewStatus.LIVE)

    async def scenario():
        stream = await _open(f"/live/{draft.channel}/", headers=[("Last-Event-ID", "0")])
        published = await asyncio.to_thread(
            publish_committed, draft.channel, "live.retracted", _marker()
        )
        await stream.wait_for(lambda s: len(s.events()) >= 1)
        await stream.disconnect()
        return stream, published

    stream, published = run(scenario())
    assert [int(e["id"]) for e in stream.events()] == [published]
    assert REHEARSAL not in stream.text


def _marker() -> dict:
    return {"target": "feed-lines", "key": "marker", "mode": "remove", "html": ""}


# --- connections per address (item 11) ------------------------------------------------------


def test_one_address_gets_429_past_the_cap_and_others_still_connect(channel, settings):
    settings.LIVE_MAX_CONNECTIONS_PER_ADDRESS = 3

    async def scenario():
        mine = [
            await _open(f"/live/{channel}/", client=("203.0.113.7", 40000 + i)) for i in range(3)
        ]
        refused = await _open(f"/live/{channel}/", client=("203.0.113.7", 40010))
        await asyncio.wait_for(refused.task, 5)
        other = await _open(f"/live/{channel}/", client=("198.51.100.2", 40000))
        await mine[0].disconnect()  # one closed: a place for this address again
        again = await _open(f"/live/{channel}/", client=("203.0.113.7", 40011))
        statuses = [s.status for s in mine], refused, other.status, again.status
        for stream in [*mine[1:], other, again]:
            await stream.disconnect()
        return statuses

    mine, refused, other, again = run(scenario())
    assert mine == [200, 200, 200]
    assert refused.status == 429
    assert dict(refused.start["headers"])[b"retry-after"] == b"30"
    assert "直播连接过多" in refused.text and "重新打开" in refused.text
    assert (other, again) == (200, 200)
    assert live_asgi._connections == {}  # nothing left counted after every stream ended


def test_cap_counts_the_viewer_behind_a_trusted_proxy_not_a_forged_header(channel, settings):
    settings.LIVE_MAX_CONNECTIONS_PER_ADDRESS = 1
    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.5"]
    path = f"/live/{channel}/"

    async def scenario():
        proxied = [
            await _open(path, client=("10.0.0.5", 5000 + i), headers=[("X-Real-IP", ip)])
            for i, ip in enumerate(["203.0.113.1", "203.0.113.2", "203.0.113.1"])
        ]
        # X-Real-IP from a peer that is not the proxy is ignored: no way around the cap.
        direct = [
            await _open(path, client=("198.51.100.9", 6000 + i), headers=[("X-Real-IP", ip)])
            for i, ip in enumerate(["192.0.2.1", "192.0.2.2"])
        ]
        statuses = [s.status for s in proxied], [s.status for s in direct]
        for stream in proxied + direct:
            if stream.status == 200:
                await stream.disconnect()
        return statuses

    assert run(scenario()) == ([200, 200, 429], [200, 429])


def test_cap_is_off_with_zero(channel, settings):
    settings.LIVE_MAX_CONNECTIONS_PER_ADDRESS = 0

    async def scenario():
        streams = [await _open(f"/live/{channel}/", client=("203.0.113.9", 1)) for _ in range(5)]
        statuses = [s.status for s in streams]
        for stream in streams:
            await stream.disconnect()
        return statuses

    assert run(scenario()) == [200] * 5
