from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required, staff_required
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.params import posted, uploaded
from gongkai.units import services
from gongkai.units.forms import UnitForm, UnitImportForm, UnitMergeForm, UnitRenameForm
from gongkai.units.models import Unit, UnitKind
from gongkai.units.rules import can_manage_units


@staff_required
def unit_list(request):
    units = Unit.objects.select_related("successor").prefetch_related("predecessors")
    return render(
        request,
        "units/unit_list.html",
        {"units": units, "can_manage": can_manage_units(request.user)},
    )


@predicate_required(can_manage_units)
def unit_create(request):
    form = UnitForm(posted(request))
    if request.method == "POST" and form.is_valid():
        unit = services.save_unit(form.save(commit=False))
        messages.success(request, _("Unit “%(name)s” added.") % {"name": unit.name})
        return redirect("units:list")
    return render(request, "units/unit_form.html", {"form": form, "unit": None})


@predicate_required(can_manage_units)
def unit_edit(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    history = services.has_published_history(unit)
    form = UnitForm(posted(request), instance=unit, name_is_history=history)
    if request.method == "POST" and form.is_valid():
        services.save_unit(form.save(commit=False))
        messages.success(request, _("Unit “%(name)s” saved.") % {"name": unit.name})
        return redirect("units:list")
    return render(
        request,
        "units/unit_form.html",
        {"form": form, "unit": unit, "history": history, "former": unit.lineage()},
    )


def _staff_line(unit: Unit) -> str:
    names = [user.username for user in unit.staff.order_by("username")]
    if not names:
        return _("The unit has no staff accounts.")
    return _("These staff accounts move with the unit: %(names)s") % {"names": ", ".join(names)}


def _describe_rename(request, pk: int) -> Confirmation | None:
    unit = get_object_or_404(Unit.objects.active(), pk=pk)
    form = UnitRenameForm(request.POST, unit=unit)
    if not form.is_valid():
        return None  # the view shows the form with its errors
    new_name = form.cleaned_data["name"]
    if services.has_published_history(unit):
        effects = [
            _(
                "Published years keep the name “%(old)s”: a new directory entry carries the new "
                "name and shows “formerly %(old)s”."
            )
            % {"old": unit.name},
            _(
                "Years not yet published use the new name (implementing units, interview slots, guests)."
            ),
        ]
    else:
        effects = [_("No published year names this unit yet: the name is simply corrected.")]
    return Confirmation(
        title=_("Rename “%(old)s” to “%(new)s”?") % {"old": unit.name, "new": new_name},
        effects=[*effects, _staff_line(unit), _("This cannot be undone.")],
        button=_("Yes, rename the unit"),
        back_url=reverse("units:list"),
    )


@predicate_required(can_manage_units)
@confirm_first(_describe_rename)
def unit_rename(request, pk: int):
    """Rename a unit from now on (asks first; the published years keep the old name)."""
    unit = get_object_or_404(Unit.objects.active(), pk=pk)
    form = UnitRenameForm(posted(request), unit=unit)
    if request.method == "POST" and form.is_valid():
        old_name = unit.name
        new = services.rename_unit(unit, form.cleaned_data["name"])
        messages.success(
            request,
            _("“%(old)s” is now called “%(new)s”. Published years keep the old name.")
            % {"old": old_name, "new": new.name},
        )
        return redirect("units:list")
    return render(
        request,
        "units/unit_change.html",
        {"unit": unit, "form": form, "action": "rename"},
        status=400 if form.errors else 200,
    )


def _describe_merge(request, pk: int) -> Confirmation | None:
    unit = get_object_or_404(Unit.objects.active(), pk=pk)
    form = UnitMergeForm(request.POST, unit=unit)
    if not form.is_valid():
        return None  # the view shows the form with its errors
    into = form.cleaned_data["into"]
    names = {"old": unit.name, "new": into.name}
    return Confirmation(
        title=_("Merge “%(old)s” into “%(new)s”?") % names,
        effects=[
            _(
                "“%(old)s” is deactivated. Published years keep naming “%(old)s”, with its work "
                "and scores."
            )
            % names,
            _(
                "In years not yet published, “%(new)s” takes the place of “%(old)s” "
                "(implementing units, interview slots, guests)."
            )
            % names,
            _staff_line(unit),
            _("This cannot be undone."),
        ],
        button=_("Yes, merge the unit"),
        back_url=reverse("units:list"),
    )


@predicate_required(can_manage_units)
@confirm_first(_describe_merge)
def unit_merge(request, pk: int):
    """Record that a unit merged into another (asks first; irreversible)."""
    unit = get_object_or_404(Unit.objects.active(), pk=pk)
    form = UnitMergeForm(posted(request), unit=unit)
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        services.merge_unit(unit, into)
        messages.success(
            request,
            _("“%(old)s” is merged into “%(new)s”. Published years keep naming “%(old)s”.")
            % {"old": unit.name, "new": into.name},
        )
        return redirect("units:list")
    return render(
        request,
        "units/unit_change.html",
        {"unit": unit, "form": form, "action": "merge"},
        status=400 if form.errors else 200,
    )


def _describe_deactivate(request, pk: int) -> Confirmation | None:
    unit = get_object_or_404(Unit, pk=pk)
    if request.POST.get("active") == "1":
        return None  # making a unit active again takes nothing away: no question
    return Confirmation(
        title=_("Deactivate “%(name)s”?") % {"name": unit.name},
        effects=[
            _("The unit is left out of new programmes and of a year not yet published."),
            _("Published years keep showing it under the name it had then."),
            _("Its staff accounts stay; the system administrator deactivates them if needed."),
        ],
        button=_("Yes, deactivate the unit"),
        back_url=reverse("units:list"),
    )


@require_POST
@predicate_required(can_manage_units)
@confirm_first(_describe_deactivate)
def unit_deactivate(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    if request.POST.get("active") == "1":
        services.reactivate_unit(unit)
        messages.success(request, _("Unit “%(name)s” is active again.") % {"name": unit.name})
    else:
        services.deactivate_unit(unit)
        messages.success(
            request,
            _("Unit “%(name)s” is deactivated: it is left out of new programmes.")
            % {"name": unit.name},
        )
    return redirect("units:list")


@predicate_required(can_manage_units)
def units_import(request):
    form = UnitImportForm(
        posted(request),
        uploaded(request),
    )
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_units(form.cleaned_data["file"], by=request.user)
        except services.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                messages.success(
                    request,
                    _("Import done: %(created)d units added, %(updated)d units updated.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("units:list")
    return render(
        request,
        "units/unit_import.html",
        {"form": form, "result": result, "kinds": UnitKind.choices},
    )


@predicate_required(can_manage_units)
def units_export(request):
    content = services.export_units(by=request.user)
    filename = f"units-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
