import pytest
from django.core.cache import cache

from gongkai.ops.demo import load_demo
from tests.fixtures.moduledata import module_transaction
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


@pytest.fixture(scope="module")
def matrix_module(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, plus a row of each unit-staff persona's unit for every model a URL
    names (tests/security/crossunit.py): loaded once per module (tests/fixtures/moduledata.py),
    each test rolled back to it. Returns the folder of the demo's files."""
    from django.test import override_settings

    from tests.conftest import _personas, _programme_2023

    media = tmp_path_factory.mktemp("matrix-media")
    with module_transaction(request, django_db_blocker):
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
            _programme_2023()
            personas = _personas()
            load_demo()
            ensure_rows_of_units(
                [personas["unit_staff"].unit_id, personas["other_unit_staff"].unit_id]
            )
        yield media


@pytest.fixture
def matrix_data(matrix_module, personas, programme, settings):
    """The module's demo data (``matrix_module``); the demo's files are where its rows say."""
    settings.MEDIA_ROOT = str(matrix_module)
    return programme
