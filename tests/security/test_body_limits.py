"""Pen-test item 12: an oversized request body is refused by its declared length before
anything reads it (not the CSRF check, not the upload handlers), with per-route limits: small
by default, larger only for signed-in staff on the photo/document and video upload routes."""

from __future__ import annotations

import inspect

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.security.limits import UPLOAD_ROUTES, VIDEO_UPLOAD_ROUTES
from tests.fixtures.pages import TOO_LARGE, heading, not_found
from tests.security.urlwalk import endpoints

MB = 1024 * 1024
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
BOUNDARY = "gk-boundary"


class WatchedBody:
    """A ``wsgi.input`` that counts what is read from it and never holds the declared size:
    a 300 MB upload costs nothing unless someone reads it."""

    def __init__(self, declared: int) -> None:
        self.declared = declared
        self.read_bytes = 0
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="video"; filename="a.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()

    def read(self, size: int = -1) -> bytes:
        left = self.declared - self.read_bytes
        size = left if size is None or size < 0 else min(size, left)
        chunk = (self.head + b"\0" * size)[:size] if self.read_bytes == 0 else b"\0" * size
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size if size and size > 0 else 64 * 1024)


def _post_declared(client: Client, path: str, declared: int, **extra):
    body = WatchedBody(declared)
    response = client.generic(
        "POST",
        path,
        b"x",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(declared),
        **{"wsgi.input": body},
        **ZH,
        **extra,
    )
    return response, body


def test_anonymous_300mb_post_is_refused_unread_before_csrf(db, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client = Client(enforce_csrf_checks=True)  # as a browser-less attacker meets it
    response, body = _post_declared(client, "/questions/interview/1/ask/", 300 * MB)
    assert response.status_code == 413
    page = response.content.decode()
    assert "最多接受 2.0\xa0MB" in page and "没有接收或保存任何内容" in page
    assert body.read_bytes == 0
    assert list(tmp_path.iterdir()) == []


def test_anonymous_big_post_to_staff_video_route_is_refused_unread(db):
    path = reverse("interviews:video-upload", args=[1])
    response, body = _post_declared(Client(), path, 300 * MB)
    assert response.status_code == 413 and "请先登录" in response.content.decode()
    assert body.read_bytes == 0


def test_body_without_length_is_refused_unread(db):
    body = WatchedBody(10 * MB)
    response = Client().generic(
        "POST",
        "/questions/lookup/",
        b"",
        content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": body},
        **ZH,
    )
    assert response.status_code == 411 and "没有说明数据大小" in response.content.decode()
    assert body.read_bytes == 0


def _photo(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"\0" * size, "image/png")


def test_staff_photo_route_takes_more_than_default_but_only_signed_in(client_as):
    path = reverse("interviews:photo-add", args=[999999])
    data = {"image": _photo(3 * MB), "caption": "现场"}
    anonymous = client_as(None).post(path, data, **ZH)
    assert heading(anonymous, 413) == TOO_LARGE
    assert "只能由已登录的工作人员上传" in anonymous.content.decode()
    # Past the size check: the view answers (no such interview) instead of the 413 page.
    assert not_found(client_as("media_center").post(path, data, **ZH))
    # A signed-in user gets no more than the default on a route that takes no files.
    ask = client_as("media_center").post("/questions/lookup/", {"f": _photo(3 * MB)}, **ZH)
    assert heading(ask, 413) == TOO_LARGE


def test_staff_limits_per_route_kind(client_as):
    staff = client_as("media_center")
    photo = reverse("interviews:photo-add", args=[999999])
    video = reverse("interviews:video-upload", args=[999999])
    refused, body = _post_declared(staff, photo, 300 * MB)
    assert refused.status_code == 413 and "40.0\xa0MB" in refused.content.decode()
    assert body.read_bytes == 0
    assert _post_declared(staff, video, 300 * MB)[0].status_code == 404  # past the check
    too_big, body = _post_declared(staff, video, 2200 * MB)
    assert too_big.status_code == 413 and body.read_bytes == 0


@pytest.mark.parametrize("kind", ["upload", "video"])
def test_upload_route_lists_name_real_routes(kind):
    names = {e.name for e in endpoints()}
    listed = UPLOAD_ROUTES if kind == "upload" else VIDEO_UPLOAD_ROUTES
    assert listed <= names


def test_every_view_that_takes_files_is_an_upload_route():
    """A new upload view must be listed, or staff would get the small default limit."""
    taking_files = set()
    for endpoint in endpoints():
        view = inspect.unwrap(endpoint.callback)
        if not inspect.isfunction(view):
            continue  # class-based feeds and the like: none takes files
        source = inspect.getsource(view)
        if "request.FILES" in source or "uploaded(request)" in source:
            taking_files.add(endpoint.name)
    assert taking_files and taking_files <= UPLOAD_ROUTES | VIDEO_UPLOAD_ROUTES


NO_ARGS = {"units:units-import", "workdays:holiday-import"}  # routes without a pk


def _nginx_upload_locations() -> dict[str, str]:
    """The regex location of each upload kind in docs/deployment.md, by its body limit."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "deployment.md").read_text()
    found = re.findall(r"location ~ (\^\S+\$) \{\n\s+client_max_body_size (\d+m);", text)
    return {size: pattern for pattern, size in found}


@pytest.mark.parametrize(("kind", "size"), [("upload", "40m"), ("video", "2100m")])
def test_documented_nginx_locations_cover_the_upload_routes(kind, size):
    import re

    pattern = re.compile(_nginx_upload_locations()[size])
    listed = UPLOAD_ROUTES if kind == "upload" else VIDEO_UPLOAD_ROUTES
    from django.urls import NoReverseMatch

    def path_of(name: str) -> str:
        if name in NO_ARGS:
            return reverse(name)
        try:
            return reverse(name, args=[7])
        except NoReverseMatch:  # a row of the interview: /interviews/staff/7/guests/8/photo/
            return reverse(name, args=[7, 8])

    paths = {name: path_of(name) for name in listed}
    assert {name for name, path in paths.items() if not pattern.match(path)} == set()
    # And nothing else: the public pages stay at the small default.
    assert not pattern.match("/questions/interview/7/ask/")
