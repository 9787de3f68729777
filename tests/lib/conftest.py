"""Fixtures the lib tests share with the apps whose exports and feeds they download."""

import pytest

from gongkai.interviews.models import Interview
from tests.visits.conftest import _media_in_tmp, make_activity  # noqa: F401  (fixtures)


@pytest.fixture
def demo(programme, personas) -> dict[str, Interview]:
    """The 2023 demo interviews keyed by unit name."""
    from gongkai.interviews.demo import load_demo

    load_demo(programme)
    return {i.unit.name: i for i in Interview.objects.select_related("unit")}
