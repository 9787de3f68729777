from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class AdjustmentForm(forms.Form):
    points = forms.DecimalField(
        label=_("Points"), min_value=Decimal("0"), max_digits=6, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ObjectionForm(forms.Form):
    indicator = forms.TypedChoiceField(
        label=_("Assessment point"), coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(
        label=_("Your objection"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("The score as a whole"))] + [
            (i.pk, i.name) for i in indicators
        ]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
