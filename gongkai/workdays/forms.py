from django import forms
from django.utils.translation import gettext_lazy as _


class DayOverrideForm(forms.Form):
    """Setting a date that is already listed replaces its entry."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    is_workday = forms.BooleanField(
        label=_("Working day"),
        required=False,
        help_text=_(
            "Tick for a make-up working day on a weekend; leave unticked for a public holiday."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=100, required=False)
