from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.lib.text import SingleLineField
from gongkai.units.models import Unit
from gongkai.visits.models import (
    TOWN_KINDS,
    Activity,
    PoolRules,
    RepresentativeCategory,
    Satisfaction,
    SuggestionOutcome,
    SuggestionStatus,
)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "has_tour",
            "has_symposium",
            "leader",
            "contact_name",
            "contact_phone",
            "contact_email",
            "capacity",
            "note",
        ]
        # Titles and places go into the calendar feed and 附件1: one line, no control characters.
        field_classes = {"title": SingleLineField, "place": SingleLineField}
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        if data.get("capacity") is not None and data["capacity"] < 1:
            self.add_error("capacity", _("At least one representative must be able to come."))
        if not data.get("has_tour") and not data.get("has_symposium"):
            self.add_error("has_tour", _("Choose at least one part: the tour or the symposium."))
        return data


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        min_length=18,
        help_text=_("18 characters, as on the resident ID card. It is checked at the door."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("The confirmation and the reminder are sent here by SMS."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    workplace = forms.CharField(label=_("Workplace"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=200)
    consent = forms.BooleanField(
        label=_(
            "I agree that my name, ID number, address and phone are kept for this activity and used only to contact me and check me in."
        ),
        error_messages={"required": _("We can only register you with your consent.")},
    )


class SelfRegistrationForm(PersonForm):
    lives_in_county = forms.BooleanField(
        label=_("I live in Jingbian County."),
        error_messages={"required": _("Self-registration is open to residents of the county.")},
    )


class PoolFieldsForm(forms.Form):
    """代表库: category, town (镇/街道) and field of a representative."""

    category = forms.ChoiceField(
        label=_("Category"),
        choices=RepresentativeCategory.choices,
        initial="other",
        required=False,  # an older form (or a script) without it keeps the person's category
    )
    town = forms.ModelChoiceField(
        label=_("Town or subdistrict where the person lives"),
        queryset=Unit.objects.filter(kind__in=TOWN_KINDS, active=True).order_by(
            "sort_order", "name"
        ),
        required=False,
    )
    sector = forms.CharField(
        label=_("Field (optional)"),
        max_length=50,
        required=False,
        help_text=_(
            "e.g. 农业, 教育, 医疗: people whose field matches an activity are suggested first."
        ),
    )


class InviteForm(PersonForm, PoolFieldsForm):
    field_order = [
        "name",
        "id_number",
        "phone",
        "email",
        "workplace",
        "address",
        "category",
        "town",
        "sector",
        "consent",
    ]


class PoolRulesForm(forms.ModelForm):
    class Meta:
        model = PoolRules
        fields = ["max_activities_per_year", "min_categories_per_activity", "notice_days"]


class CheckInForm(forms.Form):
    id_number = forms.CharField(
        label=_("ID number"), max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class RecordForm(forms.Form):
    leader_stayed = forms.TypedChoiceField(
        label=_("Did the main leader stay throughout?"),
        choices=[("yes", _("Yes, the whole activity")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    attendance = forms.IntegerField(
        label=_("Attendance"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to use the number checked in."),
    )
    held_note = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ResponseForm(forms.Form):
    question = forms.CharField(
        label=_("Question raised on the spot"), widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(label=_("Answer given"), widget=forms.Textarea(attrs={"rows": 2}))
    answered_by = forms.CharField(label=_("Answered by"), max_length=100, required=False)


class OpinionFormForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you with the unit's work?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    suggestion_1 = forms.CharField(
        label=_("Opinion or suggestion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    suggestion_2 = forms.CharField(
        label=_("Another opinion or suggestion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    suggestion_3 = forms.CharField(
        label=_("Another opinion or suggestion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    nonce = forms.CharField(widget=forms.HiddenInput, required=False)

    def suggestions(self) -> list[str]:
        return [self.cleaned_data.get(f"suggestion_{i}", "") for i in (1, 2, 3)]


class PaperOpinionForm(OpinionFormForm):
    scan = forms.FileField(
        label=_("Scan or photo of the paper form"), help_text=_("PDF, JPEG or PNG.")
    )


class MediaUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or video"),
        help_text=_(
            "Photos up to 20 MB (JPEG, PNG); video up to 1 GB (MP4, MOV). The type is checked from the file's content."
        ),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class AssignForm(forms.Form):
    responsible_unit = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.active()
    )
    due_date = forms.DateField(
        label=_("Answer due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=SuggestionOutcome.choices, required=False
    )
    reason = forms.CharField(
        label=_("Reason (if not or partly adopted)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishSuggestionForm(forms.Form):
    text = forms.CharField(
        label=_("Text for the public (remove any name, phone number or address)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BulkStatusForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    status = forms.ChoiceField(label=_("New status"), choices=SuggestionStatus.choices)

    def __init__(self, *args, ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(i, i) for i in ids]
        self.fields["ids"].error_messages["required"] = _("Tick at least one suggestion.")


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=16,
        help_text=_(
            "The registration code from your SMS or registration page, or the code shown after "
            "you sent the opinion form."
        ),
    )


class RegistrationLookupForm(forms.Form):
    """No code at hand: the mobile number and the ID number's last four characters."""

    phone = forms.CharField(label=_("Mobile number"), max_length=20)
    id_last4 = forms.CharField(
        label=_("Last four characters of the ID number"),
        min_length=4,
        max_length=4,
        help_text=_("For example 123X."),
    )
