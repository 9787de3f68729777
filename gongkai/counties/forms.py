"""Forms of county-owned rows: uniqueness is checked within the county (the ``county`` field is
not on the form, so Django would otherwise skip every constraint that names it)."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.counties import scope
from gongkai.counties.models import default_county_id


class CountyModelFormMixin(forms.ModelForm):
    def _get_validation_exclusions(self) -> set[str]:
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("county")
        return exclusions

    def _post_clean(self) -> None:
        instance: Any = self.instance
        if instance.county_id is None and not scope.is_all():
            instance.county_id = default_county_id()
        super()._post_clean()
