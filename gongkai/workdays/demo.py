"""Demo calendar: the State Council's holiday arrangements for 2023 and 2024 (data file).
Days the county has already set are left as they are."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from gongkai.workdays.models import DayOverride

DATA = Path(__file__).resolve().parent / "data" / "holidays.json"


@transaction.atomic
def load_demo(programme=None) -> int:
    created = 0
    for date, is_workday, note in json.loads(DATA.read_text(encoding="utf-8"))["days"]:
        _, new = DayOverride.objects.get_or_create(
            date=dt.date.fromisoformat(date), defaults={"is_workday": is_workday, "note": note}
        )
        created += new
    return created
