from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.rules import unit_work
from gongkai.consultations.models import Adoption, ConsultationKind, Item, ItemKind, Template
from gongkai.consultations.rules import can_create_for_any_unit
from gongkai.interviews.models import Interview
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.lib.phones import is_phone_number
from gongkai.lib.text import SingleLineField
from gongkai.policies.models import PolicyDocument
from gongkai.policies.rules import documents_for
from gongkai.questions import captcha
from gongkai.units.models import Unit


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class InterviewField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Interview) -> str:
        parts = [obj.unit.name, obj.topic]
        if obj.starts_at:
            parts.append(timezone.localtime(obj.starts_at, COUNTY_TZ).date().isoformat())
        return " · ".join(p for p in parts if p)


class ConsultationForm(forms.Form):
    """Creating (with ``creating=True``: the kind and the built-in kind) and editing a draft.
    Unit staff always draft for their own unit; coordinators choose it."""

    template = forms.ChoiceField(
        label=_("Built-in kind"),
        choices=Template.choices,
        required=False,
        help_text=_("A built-in kind fills in the questions; you can change them while drafting."),
    )
    kind = forms.ChoiceField(label=_("Kind of consultation"), choices=ConsultationKind.choices)
    unit = forms.ModelChoiceField(label=_("Organising unit"), queryset=Unit.objects.none())
    title = SingleLineField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Introduction"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the consultation is about and how results are used."),
    )
    draft_text = forms.CharField(
        label=_("Draft for comments (征求意见稿)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("For a call for comments: the full text of the draft."),
    )
    interpretation = forms.CharField(
        label=_("Interpretation of the draft"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opens_at = forms.DateTimeField(label=_("Opens at (Beijing time)"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Closes at (Beijing time)"), widget=DateTimeInput())
    phone_verification = forms.BooleanField(
        label=_("Ask for a phone number verified by SMS (one response per phone)"),
        required=False,
    )
    policy = forms.ModelChoiceField(
        label=_("Policy document"),
        queryset=PolicyDocument.objects.none(),
        required=False,
        help_text=_("The document the draft becomes; its page links to this consultation."),
    )
    interview = InterviewField(
        label=_("Online interview"),
        queryset=Interview.objects.none(),
        required=False,
        help_text=_("The interview this consultation feeds; its page links here."),
    )

    def __init__(self, *args: Any, user: Any, programme: Any, creating: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["template"]
            del self.fields["kind"]
            del self.fields["unit"]
        else:
            units = Unit.objects.active().order_by("name")
            if not can_create_for_any_unit(user):
                units = Unit.objects.filter(pk=user.unit_id)
                self.fields["unit"].initial = user.unit_id
                self.fields["unit"].disabled = True
            self.fields["unit"].queryset = units
        # Another unit's drafts are not shown: only its published documents and interviews.
        documents = PolicyDocument.objects.all()
        self.fields["policy"].queryset = documents.filter(
            Q(pk__in=documents_for(user, documents)) | Q(pk__in=documents.public())
        ).order_by("-id")
        interviews = Interview.objects.filter(programme=programme)
        self.fields["interview"].queryset = (
            interviews.filter(Q(pk__in=unit_work(user, interviews)) | Q(pk__in=interviews.public()))
            .select_related("unit")
            .order_by("starts_at", "id")
        )


class AttachmentForm(forms.Form):
    title = SingleLineField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF or Word, or a photo of the paper; at most 30 MB.")
    )


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of question"), choices=ItemKind.choices)
    text = SingleLineField(label=_("Question text"), max_length=300)
    choices = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for single and multiple choice."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class TakeForm(forms.Form):
    """A citizen's response: a field per question (``item_<pk>``), the general comment on a
    draft, the phone and its code when asked for, and the CAPTCHA."""

    comment = forms.CharField(
        label=_("Your comments and suggestions"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Up to 2000 characters. Published after review, with the unit's answer."),
    )
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    sms_code = forms.CharField(label=_("SMS code"), max_length=6, required=False)
    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_answer = forms.CharField(
        label=_("Check that you are a person"), required=False, max_length=10
    )

    def __init__(self, *args: Any, consultation: Any, items: list[Item], **kwargs: Any):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.items = items
        self.challenge: captcha.Challenge | None = None
        fields: dict[str, forms.Field] = {}
        for item in items:
            fields[item.field_name] = self._field_for(item)
        # The questions first, then the comment, the phone and the check.
        self.fields = {**fields, **self.fields}
        if consultation.kind == ConsultationKind.OPINION:
            self.fields["comment"].required = True
            self.fields["comment"].min_length = 5
        else:
            del self.fields["comment"]
        if not consultation.phone_verification:
            del self.fields["phone"]
            del self.fields["sms_code"]
        else:
            self.fields["phone"].required = True
            self.fields["sms_code"].required = True
            self.fields["phone"].help_text = _(
                "Only to make sure each person answers once. Never published."
            )
        if not self.is_bound:
            self.new_challenge()

    @staticmethod
    def _field_for(item: Item) -> forms.Field:
        label = item.text
        if item.kind == ItemKind.SINGLE:
            return forms.ChoiceField(
                label=label,
                required=item.required,
                choices=[(c.pk, c.label) for c in item.choices.all()],
                widget=forms.RadioSelect,
            )
        if item.kind == ItemKind.MULTIPLE:
            help_text = (
                _("Choose up to %(n)s.") % {"n": item.max_choices} if item.max_choices else ""
            )
            return forms.MultipleChoiceField(
                label=label,
                required=item.required,
                choices=[(c.pk, c.label) for c in item.choices.all()],
                widget=forms.CheckboxSelectMultiple,
                help_text=help_text,
            )
        if item.kind == ItemKind.RATING:
            return forms.TypedChoiceField(
                label=label,
                required=item.required,
                coerce=int,
                empty_value=None,
                choices=[
                    (5, _("5 – very good")),
                    (4, _("4 – good")),
                    (3, _("3 – fair")),
                    (2, _("2 – poor")),
                    (1, _("1 – very poor")),
                ],
                widget=forms.RadioSelect,
            )
        return forms.CharField(
            label=label,
            required=item.required,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Published after review."),
        )

    def new_challenge(self, variant: str = captcha.TEXT) -> None:
        self.challenge = captcha.new_challenge(variant)
        if self.is_bound:
            self.data = self.data.copy()
            self.data["captcha_token"] = self.challenge.token
            self.data["captcha_answer"] = ""
        self.initial["captcha_token"] = self.challenge.token

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not is_phone_number(phone):
            raise forms.ValidationError(
                _("Please give a mobile number of digits only, e.g. 13800000000.")
            )
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for item in self.items:
            value = cleaned.get(item.field_name)
            if item.kind == ItemKind.MULTIPLE and item.max_choices and value:
                if len(value) > item.max_choices:
                    self.add_error(
                        item.field_name,
                        _("Please choose at most %(n)s.") % {"n": item.max_choices},
                    )
        if not captcha.verify(cleaned.get("captcha_token", ""), cleaned.get("captcha_answer", "")):
            self.add_error(
                "captcha_answer",
                _("The check answer was wrong or has expired. Please answer the new check below."),
            )
        return cleaned


class SendCodeForm(forms.Form):
    phone = forms.CharField(label=_("Mobile phone"), max_length=20)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not is_phone_number(phone):
            raise forms.ValidationError(
                _("Please give a mobile number of digits only, e.g. 13800000000.")
            )
        return phone


class AdoptionForm(forms.Form):
    adoption = forms.ChoiceField(label=_("Adoption decision"), choices=Adoption.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the suggestion is not or only partly adopted."),
    )


class FeedbackForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the feedback"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("How many took part, what was adopted and what changes as a result."),
    )
