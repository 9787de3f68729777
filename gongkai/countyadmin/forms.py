from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.counties.models import County
from gongkai.countyadmin import services
from gongkai.lib.uploads import validate_image


class NewCountyForm(forms.ModelForm):
    template = forms.ChoiceField(
        label=_("Start from"),
        help_text=_(
            "Its units, programme settings, windows and deadlines (moved to the year below) and "
            "its indicator tree are copied; the notice itself starts unpublished."
        ),
    )
    year = forms.IntegerField(label=_("Programme year"), min_value=2000, max_value=2100)

    class Meta:
        model = County
        fields = ["name", "slug", "hosts"]
        widgets = {"hosts": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = services.template_choices()
        self.fields["year"].initial = dt.date.today().year


class BrandingForm(forms.ModelForm):
    logo_file = forms.ImageField(
        label=_("New logo"),
        required=False,
        help_text=_("A square PNG or JPEG, shown left of the portal name."),
        validators=[validate_image],
    )
    clear_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    site_code = forms.CharField(
        label=_("website identification code"), max_length=20, required=False
    )
    icp_number = forms.CharField(label=_("ICP filing number"), max_length=60, required=False)
    police_number = forms.CharField(
        label=_("public security filing number"), max_length=60, required=False
    )

    class Meta:
        model = County
        fields = ["site_name", "colour", "organiser", "operator"]


class DisableForm(forms.Form):
    notice = forms.CharField(
        label=_("Notice shown on its portal"),
        max_length=200,
        required=False,
        help_text=_("For example: 本站正在迁移，请访问县政府门户网站。"),
    )
