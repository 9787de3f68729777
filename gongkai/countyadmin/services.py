"""The city administrator's actions on a county: set it up from a template, brand it, disable
or enable it. Each runs in one transaction: a failure leaves no half county."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from gongkai.accounts.models import User
from gongkai.accounts.services import create_staff_user
from gongkai.assessment.indicator_tree import copy_indicators
from gongkai.counties import resolve, scope
from gongkai.counties.models import County
from gongkai.countyadmin.rules import COORDINATING_ACCOUNTS
from gongkai.lib.uploads import random_name
from gongkai.portal import identity
from gongkai.programmes import services as programmes
from gongkai.programmes.models import Deadline, Programme, Track
from gongkai.units.models import Unit

BUILTIN = "builtin-2023"
BUILTIN_COUNTY = "靖边县"  # the county the built-in 2023 notice was written for


@dataclass
class NewCounty:
    county: County
    programme: Programme
    # (account, one-time password): shown once, never stored in clear.
    accounts: list[tuple[User, str]] = field(default_factory=list)


@dataclass
class CountyRow:
    county: County
    units: int
    programmes: int
    accounts: int


def overview() -> list[CountyRow]:
    """Every county with its number of units, programmes and accounts (four queries)."""
    with scope.all_counties():
        counties = list(County.objects.order_by("sort_order", "pk"))

        def counts(model: Any) -> dict[int, int]:
            rows = model.objects.exclude(county=None).values("county").annotate(n=Count("pk"))
            return {row["county"]: row["n"] for row in rows}

        units, years, accounts = counts(Unit), counts(Programme), counts(User)
    return [
        CountyRow(c, units.get(c.pk, 0), years.get(c.pk, 0), accounts.get(c.pk, 0))
        for c in counties
    ]


def template_choices() -> list[tuple[str, str]]:
    """What a new county can start from: the built-in 2023 notice, or an existing county's
    latest programme."""
    choices = [(BUILTIN, _("The built-in 2023 notice (Jingbian County)"))]
    with scope.all_counties():
        latest: dict[int, int] = {}
        for county_id, year in Programme.objects.order_by("year").values_list("county", "year"):
            latest[county_id] = year
        for county in County.objects.filter(pk__in=latest):
            label = _("%(county)s's programme of %(year)s") % {
                "county": county.name,
                "year": latest[county.pk],
            }
            choices.append((f"county-{county.pk}", label))
    return choices


def account_usernames(slug: str) -> list[str]:
    return [f"{slug}-{suffix}" for _special, _role, suffix in COORDINATING_ACCOUNTS]


@transaction.atomic
def create_county(
    *, name: str, slug: str, hosts: str, template: str, year: int, by: User
) -> NewCounty:
    """A new county with its units, its programme of ``year`` copied from ``template`` and its
    three coordinating accounts (county office, service center, media center)."""
    county = County(name=name.strip(), slug=slug.strip(), hosts=hosts.strip())
    county.full_clean()
    with scope.all_counties():
        taken = list(
            User.objects.filter(username__in=account_usernames(county.slug)).values_list(
                "username", flat=True
            )
        )
    if taken:
        raise ValidationError(
            _("The accounts %(names)s already exist: choose another short code.")
            % {"names": ", ".join(taken)}
        )
    county.save()
    if template == BUILTIN:
        with scope.activate(county):
            programme = _from_builtin(county, year)
    elif template.startswith("county-"):
        with scope.all_counties():
            source = County.objects.filter(pk=template.removeprefix("county-")).first()
        if source is None:
            raise ValidationError(_("Choose one of the templates offered."))
        programme = _from_county(source, county, year)
    else:
        raise ValidationError(_("Choose one of the templates offered."))
    result = NewCounty(county=county, programme=programme)
    with scope.activate(county):
        for special, role, suffix in COORDINATING_ACCOUNTS:
            unit = Unit.objects.filter(special_role=special).first()
            if unit is None:
                raise ValidationError(
                    _("The template has no unit for %(role)s: add it to the template first.")
                    % {"role": special.label}
                )
            user, password = create_staff_user(
                username=f"{county.slug}-{suffix}",
                role=role,
                unit=unit,
                display_name=unit.name,
                by=by,
            )
            result.accounts.append((user, password))
    resolve.forget()
    return result


def _from_builtin(county: County, year: int) -> Programme:
    """The built-in 2023 notice moved to ``year`` and to ``county`` (its name for Jingbian's,
    every 2023 date the same day of ``year``); the notice starts unpublished."""
    source = programmes.BUILTIN[2023]
    text = source.read_text(encoding="utf-8")
    data = json.loads(_retarget(text, county, year))
    data["notice"]["published"] = False
    notice_file = json.loads(text)["notice"].get("text_file")
    with tempfile.TemporaryDirectory() as tmp:
        if notice_file:
            notice = (source.parent / notice_file).read_text(encoding="utf-8")
            (Path(tmp) / "notice.txt").write_text(_retarget(notice, county, year), encoding="utf-8")
            data["notice"]["text_file"] = "notice.txt"
        path = Path(tmp) / source.name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return programmes.load_programme(path)


def _retarget(text: str, county: County, year: int) -> str:
    # 29 February does not occur in 2023, so moving every date by replacing the year is exact.
    return text.replace("2023", str(year)).replace(BUILTIN_COUNTY, county.name)


def _from_county(source: County, county: County, year: int) -> Programme:
    """``source``'s current units and latest programme (settings, windows, deadlines moved to
    ``year``, indicator tree) copied into ``county``. Read inside the source's scope, written
    inside the new county's: ``programmes.create_programme`` cannot be reused as such, since it
    reads the source's related rows (and units' lineage) in the scope it writes in."""
    with scope.activate(source):
        origin = (
            Programme.objects.prefetch_related("participants", "tracks", "deadlines", "indicators")
            .order_by("-year")
            .first()
        )
        if origin is None:
            raise ValidationError(_("That county has no programme yet: choose another template."))
        units = list(Unit.objects.filter(successor=None, active=True))
    years = year - origin.year
    with scope.activate(county):
        copies: dict[int, Unit] = {}
        for unit in units:
            copies[unit.pk] = Unit.objects.create(
                name=unit.name.replace(source.name, county.name),
                short_name=unit.short_name,
                kind=unit.kind,
                special_role=unit.special_role,
                head_title=unit.head_title,
                sort_order=unit.sort_order,
            )
        programme = Programme.objects.create(
            year=year,
            title=_moved(origin.title, origin.year, year, source, county),
            notice_title=_moved(origin.notice_title, origin.year, year, source, county),
            notice_issuer=_moved(origin.notice_issuer, origin.year, year, source, county),
            service_center_phone="",
            representative_target=origin.representative_target,
            representative_tolerance=origin.representative_tolerance,
            min_activities=origin.min_activities,
        )
        programme.participants.set(
            [copies[u.pk] for u in origin.participants.all() if u.pk in copies]
        )
        for track in origin.tracks.all():
            Track.objects.create(
                programme=programme,
                kind=track.kind,
                start=programmes.shift_years(track.start, years),
                end=programmes.shift_years(track.end, years),
            )
        for deadline in origin.deadlines.all():
            Deadline.objects.create(
                programme=programme,
                kind=deadline.kind,
                label=deadline.label,
                due_date=programmes.shift_years(deadline.due_date, years),
                submit_to=deadline.submit_to,
            )
        # Reads ``origin.indicators.all()``: the prefetched rows, not a query in this scope.
        copy_indicators(origin, programme)
    return programme


def _moved(text: str, old_year: int, year: int, source: County, county: County) -> str:
    return text.replace(str(old_year), str(year)).replace(source.name, county.name)


BRANDING_FIELDS = ["site_name", "colour", "organiser", "operator"]
IDENTITY_FIELDS = ["site_code", "icp_number", "police_number"]


@transaction.atomic
def update_branding(
    county: County, *, data: dict[str, Any], logo: Any = None, clear_logo: bool = False
) -> County:
    """Save the county's portal name, colour, 主办/承办, logo and footer registration numbers
    (the logo checked by the form with ``lib.uploads.validate_image``)."""
    for name in BRANDING_FIELDS:
        setattr(county, name, str(data.get(name, "")).strip())
    if logo is not None:
        logo.name = random_name(logo)
        county.logo = logo
    elif clear_logo:
        county.logo = ""
    county.full_clean()
    county.save()
    with scope.activate(county):
        identity.update(**{name: str(data.get(name, "")) for name in IDENTITY_FIELDS})
    return county


def identity_of(county: County) -> dict[str, str]:
    with scope.activate(county):
        current = identity.current()
        return {name: getattr(current, name) for name in IDENTITY_FIELDS}


@transaction.atomic
def set_active(county: County, *, active: bool, notice: str = "") -> County:
    """Disable (its portal answers 503 with ``notice``; nothing is deleted; the city's accounts
    still see it) or enable a county. The audit log records it under the city."""
    county.active = active
    if not active:
        county.disabled_notice = notice.strip()
    with scope.all_counties():
        # The audit log records the change (as for every model), as the city's entry.
        county.save(update_fields=["active", "disabled_notice"])
    return county
