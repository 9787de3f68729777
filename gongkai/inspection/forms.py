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

    GROUPS = (
        (
            _("How long a column may go without an update"),
            ("home_days", "news_days", "notice_days", "policy_days", "interaction_days"),
        ),
        (_("When the inspection fails on columns"), ("stale_columns_limit", "empty_columns_limit")),
        (_("Unanswered netizen messages"), ("message_warn_days", "message_fail_days")),
        (_("Daily warnings"), ("warn_ahead_days",)),
    )

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The fields in fieldsets, the columns' categories last."""
        result = [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]
        categories = [self[f"category_{spec.key}"] for spec in COLUMNS]
        result.append((_("Category of each column"), categories))
        return result

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
