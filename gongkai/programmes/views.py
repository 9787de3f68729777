from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts.rules import predicate_required, staff_required
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import posted
from gongkai.programmes import review, services
from gongkai.programmes.forms import (
    AttachmentFormSet,
    DeadlineFormSet,
    GuestFormSet,
    ParticipantsForm,
    ProgrammeCreateForm,
    ProgrammeForm,
    PublishForm,
    SlotFormSet,
    TrackFormSet,
)
from gongkai.programmes.models import Programme
from gongkai.programmes.rules import can_manage_programme
from gongkai.programmes.years import programme_for_year, visible_programmes


@staff_required
def programme_list(request):
    programmes = visible_programmes(request.user)
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes, "can_edit": can_manage_programme(request.user)},
    )


def _full_programme(request, year: int) -> Programme:
    # A draft year: coordinators only (404 for anyone else); the page gets the year switcher.
    return programme_for_year(
        request,
        year,
        Programme.objects.prefetch_related(
            "tracks",
            "deadlines",
            "slots__slot_units__unit",
            "guests__unit",
            "participants",
            "attachments",
        ),
    )


@staff_required
def programme_detail(request, year: int):
    programme = _full_programme(request, year)
    can_edit = can_manage_programme(request.user)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "can_edit": can_edit,
            "findings": review.guests_and_slots(programme) if can_edit else [],
        },
    )


@predicate_required(can_manage_programme)
def programme_review(request, year: int):
    """Everything of the year that goes public, with warnings; publishing is confirmed here."""
    programme = _full_programme(request, year)
    findings = review.findings(programme)
    form = PublishForm(posted(request), warnings=len(findings))
    if request.method == "POST" and not programme.notice_published and form.is_valid():
        try:
            services.publish_notice(programme, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The notice of %(year)d is published on the portal.") % {"year": year},
            )
            return redirect("programmes:detail", year=year)
    return render(
        request,
        "programmes/programme_review.html",
        {
            "programme": programme,
            "findings": findings,
            "form": form,
            "missing": services.missing_for_publication(programme),
        },
    )


@predicate_required(can_manage_programme)
def programme_create(request):
    latest = Programme.newest()
    initial = {"year": latest.year + 1, "copy_from": latest} if latest else {}
    form = ProgrammeCreateForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        programme = services.create_programme(**form.cleaned_data)
        messages.success(
            request,
            _("Programme %(year)d created. Check every date below and change what is new.")
            % {"year": programme.year},
        )
        return redirect("programmes:detail", year=programme.year)
    return render(request, "programmes/programme_create.html", {"form": form})


@predicate_required(can_manage_programme)
def programme_edit(request, year: int):
    programme = get_object_or_404(Programme, year=year)
    form = ProgrammeForm(posted(request), instance=programme)
    if request.method == "POST" and form.is_valid():
        services.update_programme(form.save(commit=False))
        messages.success(request, _("Programme saved."))
        return redirect("programmes:detail", year=year)
    return render(
        request,
        "programmes/programme_edit.html",
        {"form": form, "programme": programme, "section": _("Programme and notice")},
    )


# Each section of the programme edited as rows: (formset, page heading, help text).
SECTIONS: dict[str, tuple[Any, Any, Any]] = {
    "tracks": (
        TrackFormSet,
        gettext_lazy("Windows"),
        gettext_lazy("When each strand runs. The last day is included."),
    ),
    "deadlines": (
        DeadlineFormSet,
        gettext_lazy("Deadlines"),
        gettext_lazy(
            "A due date means the end of that day, county time. Later work is accepted and "
            "marked late."
        ),
    ),
    "guests": (
        GuestFormSet,
        gettext_lazy("Interview guests"),
        gettext_lazy("One guest per unit: usually the head of the unit."),
    ),
    "attachments": (
        AttachmentFormSet,
        gettext_lazy("Notice attachments"),
        gettext_lazy("The attachments listed at the end of the notice."),
    ),
    "slots": (
        SlotFormSet,
        gettext_lazy("Interview slots"),
        gettext_lazy(
            "Each slot is a date range inside the online interviews window with the units "
            "interviewed in it, in order."
        ),
    ),
}


def _rows_posted(formset: Any) -> int:
    """The row count a bound formset was sent (0 when unbound or unreadable)."""
    if not formset.is_bound or not formset.management_form.is_valid():
        return 0
    return int(formset.management_form.cleaned_data.get("TOTAL_FORMS") or 0)


@predicate_required(can_manage_programme)
def programme_rows_edit(request, year: int, section: str):
    programme = get_object_or_404(Programme, year=year)
    formset_class, heading, help_text = SECTIONS[section]
    formset = formset_class(posted(request), programme=programme)
    if _rows_posted(formset) > formset.absolute_max:
        # A forged row count (no page sends more rows than the limit): refused before a
        # hundred empty rows are built and rendered; the page shows the saved rows again.
        too_many = _(
            "At most %(limit)d rows can be saved at once. The rows saved before are shown "
            "again: change them here and save."
        ) % {"limit": formset.max_num}
        return render(
            request,
            "programmes/programme_rows.html",
            {
                "formset": formset_class(programme=programme),
                "too_many": too_many,
                "programme": programme,
                "section": heading,
                "help": help_text,
            },
        )
    if request.method == "POST" and formset.is_valid():
        deleted = [form.instance for form in formset.deleted_forms if form.instance.pk]
        if section == "slots":
            rows = [
                (form.save(commit=False), form.cleaned_data["units_text"])
                for form in formset.kept_forms()
            ]
            added = services.save_slots(programme, rows, deleted)
            if added:
                messages.info(
                    request,
                    _("A guest row was added for %(units)s: fill in the guest's name.")
                    % {"units": "、".join(guest.unit.name for guest in added)},
                )
        else:
            changed = formset.save(commit=False)
            for note in services.save_rows(programme, changed, deleted):
                messages.info(request, note)
        messages.success(request, _("%(section)s saved.") % {"section": heading})
        return redirect("programmes:detail", year=year)
    return render(
        request,
        "programmes/programme_rows.html",
        {"formset": formset, "programme": programme, "section": heading, "help": help_text},
    )


@predicate_required(can_manage_programme)
def participants_edit(request, year: int):
    programme = get_object_or_404(Programme, year=year)
    form = ParticipantsForm(posted(request), programme=programme)
    if request.method == "POST" and form.is_valid():
        services.set_participants(programme, list(form.cleaned_data["participants"]))
        messages.success(request, _("Implementing units saved."))
        return redirect("programmes:detail", year=year)
    return render(
        request,
        "programmes/programme_edit.html",
        {"form": form, "programme": programme, "section": _("Implementing units")},
    )
