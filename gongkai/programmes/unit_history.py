"""Units in the years: a published year keeps the units it named, under the names it named them;
a year not yet published follows the directory (renames, merges, retirements).

Connected to the units directory's signals in ``ProgrammesConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.programmes.models import Guest, Programme, SlotUnit
from gongkai.units.models import Unit


def named_by_published_year(unit: Unit) -> bool:
    """Does a published programme name ``unit`` (implementing unit, interview slot, guest)?"""
    published = Programme.objects.published()
    return (
        published.filter(participants=unit).exists()
        or SlotUnit.objects.filter(unit=unit, slot__programme__in=published).exists()
        or Guest.objects.filter(unit=unit, programme__in=published).exists()
    )


def carried_on(units: list[Unit]) -> list[Unit]:
    """``units`` as a new year takes them over: each by the unit that carries it on today,
    retired ones left out, each unit once, in the given order."""
    result: list[Unit] = []
    seen: set[int] = set()
    for unit in units:
        latest = unit.latest()
        if latest.active and latest.pk not in seen:
            seen.add(latest.pk)
            result.append(latest)
    return result


def _drafts():
    return Programme.objects.filter(notice_published=False)


@transaction.atomic
def replace_in_drafts(sender: Any = None, *, old: Unit, new: Unit, **kwargs: Any) -> None:
    """``old`` was renamed or merged into ``new``: the years not yet published name ``new``."""
    for programme in _drafts().filter(participants=old):
        programme.participants.remove(old)
        programme.participants.add(new)
    for slot_unit in SlotUnit.objects.filter(unit=old, slot__programme__in=_drafts()):
        if SlotUnit.objects.filter(slot_id=slot_unit.slot_id, unit=new).exists():
            slot_unit.delete()
        else:
            slot_unit.unit = new
            slot_unit.save(update_fields=["unit"])
    for guest in Guest.objects.filter(unit=old, programme__in=_drafts()):
        if Guest.objects.filter(programme_id=guest.programme_id, unit=new).exists():
            guest.delete()
        else:
            guest.unit = new
            guest.save(update_fields=["unit"])


@transaction.atomic
def drop_from_drafts(sender: Any = None, *, unit: Unit, **kwargs: Any) -> None:
    """``unit`` is retired: the years not yet published no longer name it."""
    for programme in _drafts().filter(participants=unit):
        programme.participants.remove(unit)
    for slot_unit in SlotUnit.objects.filter(unit=unit, slot__programme__in=_drafts()):
        slot_unit.delete()
    for guest in Guest.objects.filter(unit=unit, programme__in=_drafts()):
        guest.delete()


def connect() -> None:
    from gongkai.units.signals import register_history_check, unit_replaced, unit_retired

    register_history_check(named_by_published_year)
    unit_replaced.connect(replace_in_drafts, dispatch_uid="programmes-unit-replaced")
    unit_retired.connect(drop_from_drafts, dispatch_uid="programmes-unit-retired")
