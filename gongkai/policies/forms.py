from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import User
from gongkai.accounts.rules import media_center_staff
from gongkai.interviews.models import Interview
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.lib.text import SingleLineField
from gongkai.policies.models import (
    DocumentStatus,
    InterpretationKind,
    InterpretationPlan,
    InterpretationRules,
    PlannedForm,
    PolicyDocument,
)
from gongkai.policies.rules import can_create_for_any_unit
from gongkai.policies.services.documents import DOCUMENT_FIELDS, interview_choices
from gongkai.programmes.models import Programme
from gongkai.units.models import Unit


class DateInput(forms.DateInput):
    """An HTML date input wants ISO dates whatever the page's language."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class InterviewChoiceField(forms.ModelMultipleChoiceField):
    """Each interview as "unit · topic · date", the way the portal lists them."""

    def label_from_instance(self, obj: Interview) -> str:
        parts = [obj.unit.name, obj.topic]
        if obj.starts_at:
            parts.append(timezone.localtime(obj.starts_at, COUNTY_TZ).date().isoformat())
        label = " · ".join(p for p in parts if p)
        if not obj.is_public:
            label += " (" + str(_("not on the portal")) + ")"
        return label


class DocumentForm(forms.ModelForm):
    """Unit staff always draft for their own unit; coordinators choose the unit."""

    related_interviews = InterviewChoiceField(
        label=_("Related online interviews"),
        queryset=Interview.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Published interviews of this year's programme; the document's page on the portal "
            "links to the ones you tick."
        ),
    )

    class Meta:
        model = PolicyDocument
        fields = [*DOCUMENT_FIELDS, "related_interviews"]
        field_classes = {"title": SingleLineField}
        widgets = {"signed_on": DateInput()}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["related_interviews"].queryset = interview_choices(
            self.instance if self.instance.pk else None
        )
        self.fields["drafting_unit"].queryset = Unit.objects.active()
        if not can_create_for_any_unit(user):
            self.fields["drafting_unit"].queryset = Unit.objects.filter(pk=user.unit_id)
            self.fields["drafting_unit"].initial = user.unit_id
            self.fields["drafting_unit"].disabled = True

    def validate_unique(self) -> None:
        # The service gives the document-number message; the model check would duplicate it.
        pass


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label=_("Date published"),
        widget=DateInput(),
        help_text=_("Today unless the document went out on another day."),
    )
    confirm_without_interpretation = forms.BooleanField(
        label=_("I confirm: publish without any interpretation"), required=False
    )
    reason = forms.CharField(
        label=_("Reason for publishing without interpretation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded on the document and shown to the service center."),
    )

    def __init__(self, *args: Any, needs_reason: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_reason = needs_reason
        if not needs_reason:
            del self.fields["confirm_without_interpretation"]
            del self.fields["reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.needs_reason:
            if not data.get("confirm_without_interpretation"):
                self.add_error(
                    "confirm_without_interpretation",
                    _(
                        "This document has no interpretation yet. Tick the box to publish it "
                        "anyway, or add the written interpretation first."
                    ),
                )
            if not (data.get("reason") or "").strip():
                self.add_error(
                    "reason", _("Say why the document is published without interpretation.")
                )
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (DocumentStatus.REVISED, DocumentStatus.REVISED.label),
            (DocumentStatus.REPEALED, DocumentStatus.REPEALED.label),
            (DocumentStatus.PUBLISHED, DocumentStatus.PUBLISHED.label),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class AttachmentForm(forms.Form):
    title = SingleLineField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF or Word, or a photo of the paper; at most 30 MB.")
    )


class InterpretationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Form"), choices=InterpretationKind.choices)
    title = SingleLineField(label=_("Title"), max_length=300)
    interpreter = forms.CharField(
        label=_("Interpreter"),
        max_length=100,
        required=False,
        help_text=_("Leave empty for the drafting unit's head."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea,
        help_text=_(
            "For a written interpretation: background, main measures, what changes for people. "
            "Copying the document's main points is not an interpretation."
        ),
    )
    image = forms.FileField(
        label=_("Graphic (图解)"), required=False, help_text=_("JPEG, PNG, GIF or WebP.")
    )
    video = forms.FileField(
        label=_("Video or animation"), required=False, help_text=_("MP4, MOV, WebM or AVI.")
    )
    audio = forms.FileField(label=_("Audio"), required=False, help_text=_("MP3, M4A or WAV."))
    url = forms.URLField(label=_("H5 page address"), required=False, assume_scheme="https")
    qa_pairs = forms.CharField(
        label=_("Questions and answers (简明问答)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One pair per line: the question, a vertical bar |, the answer. For example: "
            "谁可以申请？| 本县农户均可申请。"
        ),
    )

    def clean_qa_pairs(self) -> list[dict[str, str]]:
        try:
            return parse_qa(self.cleaned_data.get("qa_pairs") or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


def parse_qa(text: str) -> list[dict[str, str]]:
    """简明问答 typed one pair per line ("question | answer"; a full-width ｜ works too)."""
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        question, bar, answer = line.replace("｜", "|").partition("|")
        if not bar or not question.strip() or not answer.strip():
            raise ValueError(
                _(
                    "Line %(line)d has no answer. Write each pair on one line as the question, "
                    "a vertical bar | and the answer."
                )
                % {"line": number}
            )
        pairs.append({"q": question.strip(), "a": answer.strip()})
    return pairs


def qa_as_text(pairs: list[dict[str, str]]) -> str:
    return "\n".join(f"{p.get('q', '')} | {p.get('a', '')}" for p in pairs)


class PlanForm(forms.ModelForm):
    """The 解读方案 entered by the drafting unit."""

    forms = forms.MultipleChoiceField(
        label=_("Forms of interpretation"),
        choices=PlannedForm.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every form the plan provides; several are allowed."),
        error_messages={"required": _("Choose at least one form of interpretation.")},
    )

    class Meta:
        model = InterpretationPlan
        fields = [
            "outline",
            "forms",
            "channels",
            "planned_on",
            "interpreter_name",
            "interpreter_title",
            "signed_on",
        ]
        field_classes = {"channels": SingleLineField}
        widgets = {
            "planned_on": DateInput(),
            "signed_on": DateInput(),
            "outline": forms.Textarea(attrs={"rows": 6}),
        }


class WaivePlanForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for accepting without an interpretation plan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the document's staff page and kept in the audit log."),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and publish")), ("reject", _("Reject"))],
    )
    reason = forms.CharField(
        label=_("Reason for rejection"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VideoRequestForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Preferred recording time"), widget=DateTimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=10, max_value=480, initial=60
    )
    interpreter = forms.CharField(
        label=_("Interpreter"),
        max_length=100,
        required=False,
        help_text=_("Leave empty for the drafting unit's head."),
    )
    note = forms.CharField(
        label=_("Note for the media center"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def media_staff() -> Any:
    return media_center_staff()


class ScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Recording starts at"), widget=DateTimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=10, max_value=480
    )
    venue = SingleLineField(label=_("Venue"), max_length=100)
    host = forms.ModelChoiceField(label=_("Host"), queryset=User.objects.none(), required=False)
    camera = forms.ModelChoiceField(label=_("Camera"), queryset=User.objects.none(), required=False)
    editor = forms.ModelChoiceField(label=_("Editor"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("host", "camera", "editor"):
            self.fields[name].queryset = media_staff()


class UploadVideoForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    video = forms.FileField(label=_("Video"), help_text=_("MP4, MOV, WebM or AVI."))


class RulesForm(forms.ModelForm):
    programme = forms.ModelChoiceField(
        label=_("Programme year"),
        queryset=Programme.objects.all(),
        required=False,
        empty_label=_("Default for every year"),
    )

    class Meta:
        model = InterpretationRules
        fields = [
            "programme",
            "written_days",
            "video_days",
            "remind_days",
            "repeat_warning_percent",
        ]

    def validate_unique(self) -> None:
        # set_rules updates the existing row for that year instead of refusing a second one.
        pass
