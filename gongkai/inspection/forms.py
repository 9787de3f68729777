from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.inspection import services
from gongkai.inspection.columns import COLUMNS
from gongkai.inspection.models import Category, InspectionSettings


class ThresholdsForm(forms.ModelForm):
    """The numbers of the inspection rules, and each column's category."""

    class Meta:
        model = InspectionSettings
        fields = list(services.NUMBER_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in COLUMNS:
            self.fields[f"category_{spec.key}"] = forms.ChoiceField(
                label=_("Category of %(column)s") % {"column": spec.title},
                choices=Category.choices,
                initial=services.category_of(self.instance, spec),
                help_text=_("Decides how many days the column may go without an update."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        values = self.values()
        try:
            services.check_thresholds(values)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in services.NUMBER_FIELDS}
        values["categories"] = {spec.key: data[f"category_{spec.key}"] for spec in COLUMNS}
        return values
