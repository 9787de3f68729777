from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.security import notify
from gongkai.units.models import Unit
from gongkai.visits import services
from gongkai.visits.services import id_check_digit


def at(day: str, time: str = "09:30") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=COUNTY_TZ)


def valid_id(n: int = 1, birth: str = "19800101") -> str:
    first = f"999999{birth}{n:03d}"
    return first + id_check_digit(first)


def person(n: int = 1, **overrides) -> dict:
    data = {
        "name": f"测试{n}号",
        "id_number": valid_id(n),
        "phone": f"1390000{n:04d}",
        "address": "靖边县测试路1号",
        "workplace": "测试单位",
        "email": "",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clean_outbox():
    # The outbox and the rate limiter's counters (Redis when REDIS_URL is set) start empty.
    from django.core.cache import cache

    cache.clear()
    notify.outbox.clear()
    yield
    notify.outbox.clear()


@pytest.fixture
def future_programme(programme):
    """The 2023 programme with its visit window moved around today, so registration is open."""
    track = programme.tracks.get(kind="visits")
    today = timezone.localdate()
    track.start = today - dt.timedelta(days=60)
    track.end = today + dt.timedelta(days=120)
    track.save()
    return programme


@pytest.fixture
def make_activity(programme, personas):
    def make(
        unit_name: str = "县农业农村局",
        *,
        starts_at=None,
        submitted_at=None,
        capacity=None,
        prog=None,
        **kw,
    ):
        prog = prog or programme
        unit = Unit.objects.get(name=unit_name)
        fields = {
            "title": kw.pop("title", f"走进{unit_name}"),
            "starts_at": starts_at or at("2023-05-16"),
            "place": "会议室",
            "contact_name": "联络人",
            "contact_phone": "0912-4600001",
            "leader": "局长",
        }
        if capacity is not None:
            fields["capacity"] = capacity
        fields.update(kw)
        return services.submit_plan(
            prog, unit, by=personas["unit_staff"], now=submitted_at or at("2023-04-07"), **fields
        )

    return make


@pytest.fixture
def upcoming(future_programme, make_activity):
    """An activity ten days from now, open for self-registration."""
    return make_activity(starts_at=timezone.now() + dt.timedelta(days=10), prog=future_programme)


def jpeg_bytes(taken: dt.datetime | None = None, color=(200, 30, 30)) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (40, 30), color)
    buffer = io.BytesIO()
    if taken:
        exif = Image.Exif()
        exif[306] = taken.strftime("%Y:%m:%d %H:%M:%S")
        image.save(buffer, "JPEG", exif=exif.tobytes())
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def jpeg_upload(name="photo.jpg", taken=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(taken), content_type="image/jpeg")
