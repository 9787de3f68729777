from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.rules import media_center_staff
from gongkai.interviews.models import (
    Interview,
    InterviewStatus,
    PersonRole,
    ReceiptForm,
    SpeakerKind,
)
from gongkai.lib.text import SingleLineField
from gongkai.lib.uploads import validate_document, validate_image, validate_scan, validate_video
from gongkai.units.models import Unit


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _upload_check(validator):
    def check(upload):
        if upload:
            validator(upload)
        return upload

    return check


class BookForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), initial=90, min_value=15, max_value=480
    )
    topic = SingleLineField(label=_("Topic"), max_length=200, required=False)
    venue = SingleLineField(label=_("Venue"), max_length=100, required=False)

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme is not None:
            self.fields["unit"].queryset = Unit.objects.filter(
                pk__in=[
                    su.unit_id for slot in programme.slots.all() for su in slot.slot_units.all()
                ]
            )


class MoveForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("New start time"), widget=DateTimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480
    )


def crew_choices():
    return media_center_staff()


class CrewForm(forms.ModelForm):
    """Venue and crew. Each role by name; the account is optional (a freelance camera
    operator has none) and, chosen alone, gives the name."""

    class Meta:
        model = Interview
        fields = [
            "venue",
            "host_name",
            "host",
            "camera_name",
            "camera",
            "editor_name",
            "editor",
        ]
        field_classes = {
            "venue": SingleLineField,
            "host_name": SingleLineField,
            "camera_name": SingleLineField,
            "editor_name": SingleLineField,
        }
        labels = {
            "host_name": _("Host"),
            "camera_name": _("Camera operator"),
            "editor_name": _("Editor"),
            "host": _("Host's account (optional)"),
            "camera": _("Camera operator's account (optional)"),
            "editor": _("Editor's account (optional)"),
        }
        help_texts = {
            "host_name": _("Type the name; leave empty to use the account's name."),
            "camera_name": _("A freelance camera operator without an account: type the name only."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("host", "camera", "editor"):
            self.fields[name].queryset = crew_choices()
            self.fields[name].empty_label = _("No account")


class ReceiptFormForm(forms.ModelForm):
    topic = SingleLineField(label=_("Interview topic"), max_length=200)
    scan = forms.FileField(
        label=_("Signed and stamped scan"),
        required=False,
        help_text=_("PDF, JPEG or PNG, signed by the unit head and stamped."),
    )

    class Meta:
        model = ReceiptForm
        fields = ["contact_name", "contact_phone", "contact_email", "unit_head", "notes"]

    def __init__(self, *args, has_scan: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_scan = has_scan
        self.order_fields(["topic"])

    def clean_scan(self):
        upload = self.cleaned_data.get("scan")
        if upload:
            validate_scan(upload)
        elif not self.has_scan:
            raise ValidationError(_("Please attach the signed and stamped scan of the form."))
        return upload


class PersonForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Please choose")), *PersonRole.choices]
    )
    name = forms.CharField(label=_("Name"), max_length=50)
    title = forms.CharField(label=_("Position"), max_length=60, required=False)
    introduction = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


# A posted TOTAL_FORMS of 10**22 would otherwise build 2,000 forms; an interview has a handful.
PersonFormSet = forms.formset_factory(
    PersonForm,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=30,
    absolute_max=30,
    validate_max=True,
)


class OutlineForm(forms.Form):
    text = forms.CharField(
        label=_("Outline text"), widget=forms.Textarea(attrs={"rows": 12}), required=False
    )
    file = forms.FileField(
        label=_("Or attach the outline"),
        required=False,
        help_text=_("PDF or Word, or a photo of the paper."),
        validators=[_upload_check(validate_document)],
    )


class OutlineReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("changes", _("Ask for changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "changes" and not data.get("comment", "").strip():
            self.add_error("comment", _("Please say what should change."))
        return data


class GuestPhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Guest photo"),
        help_text=_("JPEG or PNG, a portrait the guest agreed to show on the portal."),
        validators=[_upload_check(validate_image)],
    )


class VideoForm(forms.Form):
    video = forms.FileField(label=_("Video record"), validators=[_upload_check(validate_video)])


class FeedLineForm(forms.Form):
    speaker = forms.ChoiceField(label=_("Speaker"))
    text = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, interview: Interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.speakers = speaker_options(interview)
        self.fields["speaker"].choices = [
            (key, label) for key, (_k, label) in self.speakers.items()
        ]

    def speaker_kind_name(self) -> tuple[str, str]:
        kind, name = self.speakers[self.cleaned_data["speaker"]]
        return kind, name if kind == SpeakerKind.GUEST else ""


def speaker_options(interview: Interview) -> dict[str, tuple[str, str]]:
    """The host and the interview's guests (from the receipt form, else the notice's guest)."""
    options = {"host": (SpeakerKind.HOST, str(SpeakerKind.HOST.label))}
    guests = interview.guests()
    for person in guests:
        options[f"guest-{person.pk}"] = (SpeakerKind.GUEST, person.label)
    if not guests:
        guest = interview.programme.guests.filter(unit=interview.unit).first()
        if guest is not None:
            options["guest"] = (SpeakerKind.GUEST, f"{guest.unit.name}{guest.title}")
    return options


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Photo"), validators=[_upload_check(validate_image)])
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class StatusStepForm(forms.Form):
    """One step of the interview status: the actual time for going live or archiving (empty:
    now), the reason for a step back."""

    at = forms.DateTimeField(
        required=False,
        widget=DateTimeInput(),
        help_text=_("Leave empty for now; fill in only if the button is pressed late."),
    )
    reason = forms.CharField(
        label=_("Reason for the step back"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the interview's history and in the audit log."),
    )

    def __init__(self, *args, to: str, forward: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if forward and to == InterviewStatus.LIVE:
            self.fields["at"].label = _("Actual start")
        elif forward and to == InterviewStatus.ARCHIVED:
            self.fields["at"].label = _("Actual end")
        else:
            del self.fields["at"]
        if forward:
            del self.fields["reason"]


class PublicationForm(forms.Form):
    stream_url = forms.URLField(label=_("Live stream URL"), required=False, assume_scheme="https")
    links = forms.CharField(
        label=_("Related documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: the title, a space, then the address (https://...)."),
    )

    def clean_links(self) -> list[tuple[str, str]]:
        validator = forms.URLField(assume_scheme="https")
        out = []
        for number, raw in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            title, _sep, url = line.rpartition(" ")
            if not title.strip():
                raise ValidationError(
                    _("Line %(n)d: please write the title, a space, then the address.")
                    % {"n": number}
                )
            try:
                url = validator.clean(url)
            except ValidationError as exc:
                raise ValidationError(
                    _("Line %(n)d: the address is not a valid web address.") % {"n": number}
                ) from exc
            out.append((title.strip(), url))
        return out
