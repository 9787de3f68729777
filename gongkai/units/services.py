"""Business actions on the units directory: edit, deactivate, import and export as .xlsx.

An import is all or nothing: every row is checked first, every bad row is reported with its
line number and reason, and nothing is stored unless every row is good.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record
from gongkai.lib.phones import is_phone_number
from gongkai.lib.xlsx import append_row, workbook_bytes
from gongkai.units.models import Unit, UnitChange, UnitKind
from gongkai.units.signals import HISTORY_CHECKS, unit_replaced, unit_retired

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000

# The columns of the import/export sheet, in order: (model field, English heading).
# The export writes the headings in Chinese (translated), the import reads columns by position.
COLUMNS: list[tuple[str, str]] = [
    ("name", gettext_noop("Unit name")),
    ("kind", gettext_noop("Kind")),
    ("head_title", gettext_noop("Head's title")),
    ("phone", gettext_noop("Office phone")),
    ("sort_order", gettext_noop("Order")),
    ("is_demo", gettext_noop("Demo unit")),
]


class ImportFileError(Exception):
    """The upload is not a readable .xlsx workbook."""


@dataclass
class RowError:
    line: int
    reason: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@transaction.atomic
def save_unit(unit: Unit) -> Unit:
    """Create or change a unit (validated by its form)."""
    unit.save()
    return unit


@transaction.atomic
def deactivate_unit(unit: Unit) -> Unit:
    """Take a unit out of future programmes (and out of a year not yet published); the
    published years keep naming it, and its past work stays attached to it."""
    unit.active = False
    unit.save(update_fields=["active"])
    unit_retired.send(sender=Unit, unit=unit)
    return unit


def has_published_history(unit: Unit) -> bool:
    """Does a published year (notice, slots, guests) name this unit?"""
    return unit.pk is not None and any(check(unit) for check in HISTORY_CHECKS)


def _move_staff(old: Unit, new: Unit) -> list[str]:
    from gongkai.accounts.models import User

    staff = list(User.objects.filter(unit=old).order_by("username"))
    for user in staff:
        user.unit = new
        user.save(update_fields=["unit"])
    return [user.username for user in staff]


def _retire_into(old: Unit, new: Unit, change: str, today: dt.date) -> list[str]:
    old.active = False
    old.successor = new
    old.change = change
    old.changed_on = today
    old.save(update_fields=["active", "successor", "change", "changed_on"])
    moved = _move_staff(old, new)
    unit_replaced.send(sender=Unit, old=old, new=new)
    return moved


@transaction.atomic
def rename_unit(unit: Unit, new_name: str) -> Unit:
    """Give a unit a new name from now on; returns the unit that carries the new name.

    A unit no published year names is renamed in place. Otherwise its record keeps the old name
    for the years that named it, and a new record carries the new name: same kind, head's title,
    phone, order and coordinating role; its staff accounts and the years not yet published move
    to it. Both records are linked (``successor``), so the directory shows “原…”.
    """
    if not has_published_history(unit):
        unit.name = new_name
        unit.save(update_fields=["name"])
        return unit
    special_role = unit.special_role
    if special_role:
        unit.special_role = ""
        unit.save(update_fields=["special_role"])
    new = Unit.objects.create(
        name=new_name,
        short_name="",
        kind=unit.kind,
        special_role=special_role,
        head_title=unit.head_title,
        phone=unit.phone,
        sort_order=unit.sort_order,
        is_demo=unit.is_demo,
        active=unit.active,
    )
    _retire_into(unit, new, UnitChange.RENAMED, timezone.localdate())
    return new


@transaction.atomic
def merge_unit(unit: Unit, into: Unit) -> Unit:
    """Record that ``unit`` merged into ``into``: ``unit`` is retired with its name kept for the
    years that named it, its staff accounts and its place in years not yet published go to
    ``into``. Returns ``into``."""
    if unit.pk == into.pk or into.latest().pk == unit.pk:
        raise ValueError("a unit cannot merge into itself")
    _retire_into(unit, into, UnitChange.MERGED, timezone.localdate())
    return into


@transaction.atomic
def reactivate_unit(unit: Unit) -> Unit:
    unit.active = True
    unit.save(update_fields=["active"])
    return unit


def _headings() -> list[str]:
    with translation.override("zh-hans"):
        return [str(_(heading)) for _field, heading in COLUMNS]


def _kind_lookup() -> dict[str, str]:
    """Every accepted spelling of a kind (code, English and Chinese label) → its code."""
    lookup: dict[str, str] = {}
    for code, label in UnitKind.choices:
        lookup[code.lower()] = code
        for language in ("en", "zh-hans"):
            with translation.override(language):
                lookup[str(label).strip().lower()] = code
    return lookup


def _yes_no_lookup() -> dict[str, bool]:
    lookup = {"1": True, "0": False, "true": True, "false": False, "": False}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            lookup[_("yes").lower()] = True
            lookup[_("no").lower()] = False
    return lookup


def _yes_no(value: bool) -> str:
    with translation.override("zh-hans"):
        return _("yes") if value else _("no")


def export_units(*, by: Any = None) -> bytes:
    """The units directory as one .xlsx sheet with Chinese headings; it imports back as is.

    The export is recorded in the audit log (who downloaded the directory, and when).
    """
    from openpyxl import Workbook

    units = list(Unit.objects.all())
    record(
        AuditEntry.Action.EXPORT,
        user=by,
        model="units.Unit",
        object_repr=f"export: {len(units)}",
    )
    workbook = Workbook()
    sheet = workbook.active
    with translation.override("zh-hans"):
        sheet.title = str(_("Units"))
        append_row(sheet, _headings())
        for unit in units:
            append_row(
                sheet,
                [
                    unit.name,
                    str(unit.get_kind_display()),
                    unit.head_title,
                    unit.phone,
                    unit.sort_order,
                    _yes_no(unit.is_demo),
                ],
            )
    for column, width in zip("ABCDEF", (30, 36, 14, 16, 8, 10), strict=True):
        sheet.column_dimensions[column].width = width
    return workbook_bytes(workbook, heading_row=1)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(upload: IO[bytes]) -> list[tuple[int, list[str]]]:
    """The data rows of the first sheet as (line number, cells); raises ImportFileError."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    data = upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB. Split it into smaller files."))
    if not data.startswith(b"PK"):
        raise ImportFileError(
            _(
                "This file is not an Excel workbook (.xlsx). Save it as .xlsx in Excel or WPS "
                "(File → Save as → Excel workbook) and upload it again."
            )
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(
            _(
                "The workbook cannot be read. Open it in Excel or WPS, save it again as .xlsx "
                "and upload it again."
            )
        ) from exc
    sheet = workbook.worksheets[0]
    rows: list[tuple[int, list[str]]] = []
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if line == 1:
            continue  # the headings
        cells = [_cell(v) for v in values][: len(COLUMNS)]
        cells += [""] * (len(COLUMNS) - len(cells))
        if not any(cells):
            continue
        rows.append((line, cells))
        if len(rows) > MAX_IMPORT_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)d rows. Split it into smaller files.")
                % {"max": MAX_IMPORT_ROWS}
            )
    workbook.close()
    return rows


def check_row(
    line: int, cells: list[str], kinds: dict[str, str], flags: dict[str, bool]
) -> tuple[dict[str, Any] | None, list[RowError]]:
    name, kind, head_title, phone, order, demo = cells
    errors: list[RowError] = []

    def bad(reason: str) -> None:
        errors.append(RowError(line, reason))

    if not name:
        bad(_("The unit name is empty. Fill it in or delete the row."))
    elif len(name) > 100:
        bad(_("The unit name is longer than 100 characters."))
    code = kinds.get(kind.lower())
    if not kind:
        bad(_("The kind is empty. Use one of the kinds listed below the form."))
    elif code is None:
        bad(
            _("Unknown kind “%(kind)s”. Use one of the kinds listed below the form.")
            % {"kind": kind}
        )
    if len(head_title) > 50:
        bad(_("The head's title is longer than 50 characters."))
    if phone and not is_phone_number(phone):
        bad(
            _("“%(phone)s” is not a phone number. Write digits and dashes, e.g. 0912-4848111.")
            % {"phone": phone}
        )
    sort_order = 100
    if order:
        try:
            sort_order = int(order)
            if sort_order < 0:
                raise ValueError
        except ValueError:
            bad(_("The order “%(order)s” must be a whole number, 0 or more.") % {"order": order})
    is_demo = flags.get(demo.lower())
    if is_demo is None:
        bad(
            _("The demo flag “%(value)s” must be %(yes)s or %(no)s.")
            % {"value": demo, "yes": _yes_no(True), "no": _yes_no(False)}
        )
    if errors:
        return None, errors
    return {
        "name": name,
        "kind": code,
        "head_title": head_title,
        "phone": phone,
        "sort_order": sort_order,
        "is_demo": bool(is_demo),
    }, []


def import_units(upload: IO[bytes], *, by: Any = None) -> ImportResult:
    """Check every row, then create or update units by name in one transaction.

    Nothing is stored when any row is bad; the result lists every bad row.
    Raises ImportFileError when the upload is not a readable .xlsx file.
    """
    rows = read_rows(upload)
    kinds, flags = _kind_lookup(), _yes_no_lookup()
    result = ImportResult()
    good: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        values, errors = check_row(line, cells, kinds, flags)
        result.errors.extend(errors)
        if values is None:
            continue
        if values["name"] in seen:
            result.errors.append(
                RowError(
                    line,
                    _("“%(name)s” is already on line %(line)d. Keep one of the two rows.")
                    % {"name": values["name"], "line": seen[values["name"]]},
                )
            )
            continue
        seen[values["name"]] = line
        good.append(values)
    if not rows:
        result.errors.append(RowError(2, _("The sheet has no units below the heading row.")))
    if result.errors:
        return result
    with transaction.atomic():
        existing = {u.name: u for u in Unit.objects.filter(name__in=seen)}
        for values in good:
            unit = existing.get(values["name"])
            if unit is None:
                Unit.objects.create(**values)
                result.created += 1
            else:
                changed = [k for k, v in values.items() if getattr(unit, k) != v]
                if changed:
                    for key in changed:
                        setattr(unit, key, values[key])
                    unit.save(update_fields=changed)
                    result.updated += 1
        record(
            AuditEntry.Action.OTHER,
            user=by,
            model="units.Unit",
            object_repr=f"import: +{result.created} ~{result.updated}",
            after={"created": result.created, "updated": result.updated},
        )
    return result
