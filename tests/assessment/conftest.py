import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gongkai.assessment.indicator_tree import create_default_indicators
from gongkai.programmes.models import DeadlineKind
from gongkai.units.models import Unit
from gongkai.workbench import registry

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def plans_submitted(programme):
    """A completion source for visit plans: 县农业农村局 on time (4月8日), 镇靖镇 two days late
    (4月11日 10:00), 县统计局 at 23:59 on the due day (on time), everyone else missing."""
    submitted = {
        Unit.objects.get(name="县农业农村局").pk: dt.datetime(2023, 4, 8, 16, 0, tzinfo=TZ),
        Unit.objects.get(name="镇靖镇").pk: dt.datetime(2023, 4, 11, 10, 0, tzinfo=TZ),
        Unit.objects.get(name="县统计局").pk: dt.datetime(2023, 4, 9, 23, 59, tzinfo=TZ),
    }
    previous = registry.completion_source(DeadlineKind.VISIT_PLAN)
    registry.register_completion(DeadlineKind.VISIT_PLAN, lambda programme: dict(submitted))
    yield submitted
    if previous is not None:
        registry.register_completion(DeadlineKind.VISIT_PLAN, previous)
    else:
        registry._completions.pop(DeadlineKind.VISIT_PLAN, None)


@pytest.fixture
def indicators(programme):
    return create_default_indicators(programme)
