"""The lookup hash of a representative's ID number, per county.

A person registered in county A must not be linked to county B's record of the same ID number:
the hash includes the county (``blind_index(f"{county_id}:{id_number}")``). The deployment's
first county keeps the plain ``blind_index(id_number)`` it always had, so a converted
one-county database stays valid without recomputing anything. ``GONGKAI_SHARED_PERSON_INDEX``
= True: one plain hash for every county (a province that shares its representatives; set it
before a second county registers anyone). docs/decisions.md."""

from __future__ import annotations

from django.conf import settings

from gongkai.counties import resolve, scope
from gongkai.security.fields import blind_index


def _first_county_id() -> int | None:
    counties = resolve.all_counties()
    return min(c.pk for c in counties) if counties else None


def shared_person_index() -> bool:
    return bool(getattr(settings, "GONGKAI_SHARED_PERSON_INDEX", False))


def person_index(id_number: str, county_id: int | None = None) -> str:
    """The hash stored in ``Representative.id_index`` / ``Registration.id_index`` for
    ``id_number`` in ``county_id`` (default: the county in scope)."""
    if shared_person_index():
        return blind_index(id_number)
    county_id = county_id or scope.current_id()
    if county_id is None or county_id == _first_county_id():
        return blind_index(id_number)
    return blind_index(f"{county_id}:{id_number}")
