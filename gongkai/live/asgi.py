"""The lean Server-Sent Events endpoint under ``/live/`` (filled in by the live-room work)."""


async def live_application(scope, receive, send):
    await send(
        {
            "type": "http.response.start",
            "status": 404,
            "headers": [(b"content-type", b"text/plain")],
        }
    )
    await send({"type": "http.response.body", "body": b"not found"})
