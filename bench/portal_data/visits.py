"""Rows for the portal benchmark (bench/portal_load.py): a year of visit activities, two per
implementing unit, most of them held."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

PER_UNIT = 2


def generate_load(programme, *, scale: int, rng: random.Random) -> dict[str, int]:
    from gongkai.units.models import Unit
    from gongkai.visits.models import Activity, ActivityStatus

    done = set(Activity.objects.filter(programme=programme).values_list("unit_id", flat=True))
    start = timezone.make_aware(dt.datetime(2023, 3, 1, 9, 30))
    rows = []
    for n, unit in enumerate(Unit.objects.implementing().exclude(pk__in=done)):
        for k in range(PER_UNIT):
            starts_at = start + dt.timedelta(days=(n * 7 + k * 90) % 300)
            rows.append(
                Activity(
                    programme=programme,
                    unit=unit,
                    title=f"走进{unit.name}：{rng.choice(['政务服务', '民生实事', '重点项目'])}开放日",
                    starts_at=starts_at,
                    place=f"{unit.name}会议室",
                    contact_name="联络员",
                    contact_phone="0912-4800000",
                    leader="主要负责同志",
                    status=ActivityStatus.HELD if k == 0 else ActivityStatus.PLANNED,
                    attendance=20 if k == 0 else None,
                    held_note="代表们参观了服务窗口并座谈交流。" if k == 0 else "",
                )
            )
    Activity.objects.bulk_create(rows, batch_size=1000)
    return {"activities": Activity.objects.count()}
