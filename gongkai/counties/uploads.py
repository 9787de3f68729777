"""Each county's uploads in a folder of its own, and ``/media/`` refusing another county's.

A new upload of any county but the deployment's first is stored under a ``county-<slug>/``
folder (``policies/attachments/2026/county-hengshan/<random>.pdf``). ``/media/`` answers 404
for a file in another county's folder, whatever else would let it through (a public prefix in
``GONGKAI_PUBLIC_MEDIA_PREFIXES``). Files without a county folder (everything stored before
the deployment had a second county, and the first county's uploads) belong to the first
county: served on its host names only when public by prefix. Private files are decided by the
row holding them, which the county's scope already limits to the county's own rows.
``public/counties/`` (the counties' logos, shown on the city's pages) is shared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongkai.counties import resolve, scope

if TYPE_CHECKING:
    from gongkai.counties.models import County

FOLDER_PREFIX = "county-"
SHARED_FOLDERS = ("public/counties/",)


def _is_first(county_id: int) -> bool:
    counties = resolve.all_counties()
    return not counties or county_id == min(c.pk for c in counties)


def folder_of(county: County | None) -> str:
    """The folder (with its trailing slash) of ``county``'s new uploads; "" for the first."""
    if county is None or _is_first(county.pk):
        return ""
    return f"{FOLDER_PREFIX}{county.slug}/"


def upload_folder() -> str:
    """The folder of a new upload made now (the county in scope)."""
    return folder_of(scope.current())


def folder_slug(name: str) -> str | None:
    """The county slug of the ``county-<slug>/`` folder in a stored name, or None. Only a
    county's slug makes a folder a county's: ``private/county-exports/`` is not one."""
    slugs = {county.slug for county in resolve.all_counties()}
    for part in name.split("/")[:-1]:
        if part.startswith(FOLDER_PREFIX) and part[len(FOLDER_PREFIX) :] in slugs:
            return part[len(FOLDER_PREFIX) :]
    return None


def may_serve(name: str, county: County | None, *, public_by_prefix: bool) -> bool:
    """Whether ``/media/`` on ``county``'s host may answer the file ``name`` at all (the row
    checks come after): not in another county's folder; a public-prefix file without a county
    folder only on the first county's host (or in a shared folder)."""
    if county is None:
        return True
    slug = folder_slug(name)
    if slug is not None:
        return slug == county.slug
    if public_by_prefix and not name.startswith(SHARED_FOLDERS):
        return _is_first(county.pk)
    return True
