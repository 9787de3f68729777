from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.lib.deadlines import county_today
from gongkai.workdays.holiday_import import MAX_RANGE_DAYS, warnings_for


class DayOverrideForm(forms.Form):
    """One day or a range of days. Setting a date that is already listed replaces its entry."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("Until (for a range)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a single day; the last day is included."),
    )
    is_workday = forms.BooleanField(
        label=_("Working day"),
        required=False,
        help_text=_(
            "Tick for a make-up working day on a weekend; leave unticked for a public holiday."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=100, required=False)
    confirm = forms.BooleanField(
        label=_("Save it anyway"), required=False, widget=forms.HiddenInput
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date"), data.get("end") or data.get("date")
        if not start or not end:
            return data
        if end < start:
            self.add_error("end", _("The range must end on or after the day it starts."))
            return data
        if (end - start).days >= MAX_RANGE_DAYS:
            self.add_error("end", _("A range is at most %(max)d days.") % {"max": MAX_RANGE_DAYS})
            return data
        data["end"] = end
        self.warnings = warnings_for(start, end, data.get("is_workday", False))
        if self.warnings and not data.get("confirm"):
            # Shown once; saving again with the same entry confirms it.
            self.fields["confirm"].widget = forms.CheckboxInput()
            raise ValidationError(self.warnings)
        return data


class HolidayImportForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        help_text=_("For dates written without a year, such as 2月10日."),
    )
    text = forms.CharField(
        label=_("Rows of the notice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "One row per line: name, date or range, and 休 (days off) or 班 (make-up working "
            "day), separated by tabs, commas or spaces. For example: 春节 2月10日至17日 休"
        ),
    )
    file = forms.FileField(
        label=_("Or an Excel file (.xlsx)"),
        required=False,
        help_text=_("Columns after a heading row: name, date or range, 休 or 班."),
    )
    confirm = forms.BooleanField(label=_("Import anyway"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": county_today().year})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("file"):
            raise ValidationError(_("Paste the rows of the notice, or choose an .xlsx file."))
        return data
