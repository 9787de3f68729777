import pytest
from django.core.cache import cache

from gongkai.ops.demo import load_demo
from tests.security.crossunit import ensure_rows_of_units


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Demo and fixture files (photos, attachments) go to a throwaway folder.
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def matrix_data(personas, programme):
    """The demo data, plus a row of each unit-staff persona's unit for every model a URL
    names (tests/security/crossunit.py)."""
    load_demo()
    ensure_rows_of_units([personas["unit_staff"].unit_id, personas["other_unit_staff"].unit_id])
    return programme
