from django import forms

from gongkai.workdays.models import DayOverride


class DayOverrideForm(forms.ModelForm):
    class Meta:
        model = DayOverride
        fields = ["date", "is_workday", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
