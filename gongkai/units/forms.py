from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.counties.forms import CountyModelFormMixin
from gongkai.units.models import Unit


class UnitForm(CountyModelFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "head_title", "phone", "sort_order", "is_demo"]

    def __init__(self, *args, name_is_history: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if name_is_history:
            # A published year names this unit: its name is history (use “Rename” instead).
            self.fields["name"].disabled = True
            self.fields["name"].help_text = _(
                "A published year names this unit under this name. To change the name from now "
                "on, use “Rename”: the published years keep the old name."
            )


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "One unit per row below a heading row, columns in this order: unit name, kind, "
            "head's title, office phone, order, demo unit. Units are matched by name: an "
            "existing unit is updated, a new name adds a unit. Start from an export."
        ),
    )


class UnitRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=100)

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if name == self.unit.name:
            raise forms.ValidationError(_("This is the unit's name already."))
        if Unit.objects.filter(name=name).exists():
            raise forms.ValidationError(
                _("A unit with this name exists already. To join the two, merge this unit into it.")
            )
        return name


class UnitMergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merged into"),
        queryset=Unit.objects.none(),
        help_text=_("The unit that carries on this unit's work from now on."),
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["into"].queryset = Unit.objects.active().exclude(pk=unit.pk)
