"""The static files are served through the test Client as WhiteNoise serves them, also by a
second Client that takes the first one's scan (tests/fixtures/static.py)."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

import gongkai

SITE_CSS = Path(gongkai.__file__).parent / "core" / "static" / "core" / "site.css"


def test_each_client_serves_the_file_on_disk():
    bodies = []
    for _ in range(2):  # the second Client's middleware copies the first one's scan
        response = Client().get("/static/core/site.css")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/css")
        bodies.append(b"".join(response.streaming_content))
    assert bodies == [SITE_CSS.read_bytes()] * 2
    assert Client().get("/static/core/no-such-file.css").status_code == 404
