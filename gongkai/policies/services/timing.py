"""The timing rules of interpretations and the county's calendar day.

Timing rules ("at the same time", 文件出台同时提供解读材料):

* When a document is published, the due dates in force are recorded on it: the written or
  graphic interpretation (text, 图解 or H5 link) ``written_days`` after publication (0: the same
  day), the video ``video_days`` after. Later changes to the rules do not move them.
* An interpretation counts from the day the service center publishes it (the date a visitor and
  an assessor sampling the website see). Its delay is the number of days after the document;
  it is late when published after the due date.
* A document with no published written interpretation after its due date is "missing".
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from gongkai.policies.models import InterpretationRules

# --- the timing rules -------------------------------------------------------------------------


def rules_for(year: int | None) -> InterpretationRules:
    """The rules of that programme year, else the global default, else the built-in defaults."""
    rows = InterpretationRules.objects.filter(
        Q(programme__isnull=True) | Q(programme__year=year)
    ).select_related("programme")
    chosen = None
    for row in rows:
        if row.programme_id:
            return row
        chosen = row
    return chosen or InterpretationRules()


@transaction.atomic
def set_rules(
    *,
    programme: Any | None,
    written_days: int,
    video_days: int,
    remind_days: int,
    repeat_warning_percent: int | None = None,
) -> InterpretationRules:
    defaults: dict[str, Any] = {
        "written_days": written_days,
        "video_days": video_days,
        "remind_days": remind_days,
    }
    if repeat_warning_percent is not None:
        defaults["repeat_warning_percent"] = repeat_warning_percent
    row, _created = InterpretationRules.objects.update_or_create(
        programme=programme, defaults=defaults
    )
    return row
