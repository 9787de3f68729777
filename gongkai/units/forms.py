from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.units.models import Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "head_title", "phone", "sort_order", "is_demo"]


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "One unit per row below a heading row, columns in this order: unit name, kind, "
            "head's title, office phone, order, demo unit. Units are matched by name: an "
            "existing unit is updated, a new name adds a unit. Start from an export."
        ),
    )
