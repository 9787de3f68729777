from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.lib.phones import is_phone_number
from gongkai.questions import captcha
from gongkai.questions.models import AnswerMode, QuestionKind, QuestionStatus, RejectReason

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class AskForm(forms.Form):
    nickname = forms.CharField(
        label=_("Nickname"),
        max_length=30,
        help_text=_("Shown with your question. Please do not use your real name."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices, initial="consult")
    text = forms.CharField(
        label=_("Your question"),
        max_length=1000,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Up to 1000 characters. It is published after review."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=20,
        help_text=_("Only for the reply office to call you back. Never published."),
    )
    is_public = forms.BooleanField(
        label=_("My question and its answer may be published"), required=False, initial=True
    )
    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_answer = forms.CharField(
        label=_("Check that you are a person"), required=False, max_length=10
    )

    def __init__(self, *args, captcha_variant: str = captcha.TEXT, **kwargs):
        super().__init__(*args, **kwargs)
        self.challenge = None
        if not self.is_bound:
            self.new_challenge(captcha_variant)

    def new_challenge(self, variant: str) -> None:
        """A fresh challenge for the next rendering (each one can be answered only once); a
        refused form gets one after validation."""
        self.challenge = captcha.new_challenge(variant)
        if self.is_bound:
            self.data = self.data.copy()
            self.data["captcha_token"] = self.challenge.token
            self.data["captcha_answer"] = ""
        self.initial["captcha_token"] = self.challenge.token

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not is_phone_number(phone):
            raise forms.ValidationError(
                _("Please give a phone number of digits only, e.g. 13800000000, or leave it empty.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if not captcha.verify(cleaned.get("captcha_token", ""), cleaned.get("captcha_answer", "")):
            self.add_error(
                "captcha_answer",
                _("The check answer was wrong or has expired. Please answer the new check below."),
            )
        return cleaned


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Lookup code"),
        max_length=20,
        help_text=_("The code you were given after asking, e.g. ABCD-EFGH-JKMN."),
    )


class RateForm(LookupForm):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the reply?"),
        coerce=int,
        choices=[
            (5, _("5 – very satisfied")),
            (4, _("4 – satisfied")),
            (3, _("3 – neither")),
            (2, _("2 – unsatisfied")),
            (1, _("1 – very unsatisfied")),
        ],
        widget=forms.RadioSelect,
    )


class QueueFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("pending", _("Waiting for review")),
        ("approved", _("Approved")),
        ("rejected", _("Rejected")),
        ("merged", _("Merged")),
        ("overdue", _("Reply overdue")),
        ("answer_draft", _("Answer waiting for approval")),
        ("all", _("All")),
    ]
    status = forms.ChoiceField(label=_("Show"), choices=STATUS_CHOICES, required=False)
    flagged = forms.BooleanField(label=_("Only flagged"), required=False)
    interview = forms.TypedChoiceField(
        label=_("Interview"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, interviews=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interview"].choices = [("", _("All interviews"))] + [
            (i.pk, str(i)) for i in interviews
        ]


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectReason.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("Required when the reason is “Other”."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == RejectReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", _("Please write the reason when you choose “Other”."))
        return cleaned


class CorrectForm(forms.Form):
    text = forms.CharField(
        label=_("Corrected text"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Keep this question"), coerce=int)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [
            (q.pk, f"#{q.pk} {q.nickname}: {q.text[:40]}") for q in candidates
        ]


class AnswerForm(forms.Form):
    speaker = forms.CharField(
        label=_("Answered by"),
        max_length=60,
        help_text=_("As shown to the public, e.g. the bureau head and his name."),
    )
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
    mode = forms.ChoiceField(label=_("How answered"), choices=AnswerMode.choices)
    publish_now = forms.BooleanField(
        label=_("Publish now (the reviewer approves it at once)"), required=False
    )


class BulkApproveForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any number is accepted here; the service approves only pending questions.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()  # type: ignore[method-assign]


class SensitiveWordsForm(forms.Form):
    words = forms.CharField(
        label=_("Words to add, one per line"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ReplyLimitForm(forms.Form):
    def __init__(self, *args, limits: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in QuestionKind.choices:
            self.fields[value] = forms.IntegerField(
                label=label, min_value=1, max_value=60, initial=limits.get(value)
            )


PUBLIC_STATUS_LABELS: dict[str, StrPromise] = {
    QuestionStatus.PENDING: _("Your question is waiting for review."),
    QuestionStatus.APPROVED: _("Your question has been accepted."),
    QuestionStatus.REJECTED: _("Your question was not accepted."),
    QuestionStatus.MERGED: _(
        "Your question was merged with the same question from another netizen; you see the shared answer."
    ),
}
