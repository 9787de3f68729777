from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.assessment.models import Indicator, descendant_ids
from gongkai.assessment.registry import rule_choices


class AdjustmentForm(forms.Form):
    points = forms.DecimalField(
        label=_("Points"), min_value=Decimal("0"), max_digits=6, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are the scores unlocked?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Kept with the lock history and in the audit log; assessors and units can ask."
        ),
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


class IndicatorForm(forms.ModelForm):
    """One node of the indicator tree: a group (no rule) or an assessment point (a rule)."""

    rule = forms.ChoiceField(label=_("Rule"), required=False)

    class Meta:
        model = Indicator
        fields = ["name", "parent", "order", "weight", "rule", "source", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "parent": _("Leave empty for a top-level group."),
            "order": _("Smaller numbers come first."),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        nodes = programme.indicators.all()
        if self.instance.pk:
            nodes = nodes.exclude(pk__in=descendant_ids(self.instance))
        self.fields["parent"].queryset = nodes.filter(rule="")
        self.fields["parent"].empty_label = _("— none: a top-level group —")
        self.fields["rule"].choices = [("", _("— none: it groups other indicators —"))] + (
            rule_choices()
        )
        self.fields["rule"].help_text = Indicator._meta.get_field("rule").help_text
        self.fields["weight"].widget.attrs.update({"min": "0", "max": "1000", "step": "0.5"})
