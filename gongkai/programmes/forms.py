"""Forms for setting up the annual programme in the browser.

Every message says what to do next; formsets check the rows together (a guest unit twice, a
track twice, a slot outside the interviews window) so nothing is stored half-way.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from gongkai.counties.forms import CountyModelFormMixin
from gongkai.lib.params import IdMultipleChoiceField
from gongkai.programmes.models import (
    Deadline,
    DeadlineKind,
    Guest,
    InterviewSlot,
    NoticeAttachment,
    Programme,
    Track,
    TrackKind,
)
from gongkai.units.models import Unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ProgrammeCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty when copying: last year's title is used with the new year."),
    )
    copy_from = forms.ModelChoiceField(
        label=_("Copy the structure of"),
        queryset=Programme.objects.order_by("-year"),
        required=False,
        empty_label=_("Start empty"),
        help_text=_(
            "Copies windows, deadlines, interview slots with their units, guests, implementing "
            "units, attachments and the assessment indicators, with every date moved to the new "
            "year. You can change everything afterwards; check it on the review page before "
            "publishing."
        ),
    )

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if Programme.objects.filter(year=year).exists():
            raise ValidationError(
                _(
                    "A programme for %(year)d already exists. Open it from the programme list to "
                    "change it, or choose another year."
                ),
                params={"year": year},
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("title") and not data.get("copy_from"):
            self.add_error(
                "title", _("Give the programme a title, or choose a programme to copy from.")
            )
        return data


class ProgrammeForm(CountyModelFormMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "title",
            "notice_number",
            "notice_title",
            "notice_issuer",
            "notice_date",
            "notice_printed_date",
            "service_center_phone",
            "representative_target",
            "representative_tolerance",
            "min_activities",
            "notice_text",
        ]
        widgets = {
            "notice_date": DateInput(),
            "notice_printed_date": DateInput(),
            "notice_text": forms.Textarea(attrs={"rows": 16}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # A published notice keeps what it needs; publishing itself goes through the review
        # page (``services.publish_notice``).
        if self.instance.notice_published:
            missing = [
                str(self.fields[name].label)
                for name in ("notice_title", "notice_date", "notice_text")
                if not data.get(name)
            ]
            if missing:
                raise ValidationError(
                    _("The notice is published: %(fields)s cannot be emptied."),
                    params={"fields": "、".join(missing)},
                )
        return data


class ProgrammeRowsFormSet(BaseModelFormSet):
    """A formset of one programme's rows; ``unique_field`` may appear once per programme."""

    unique_field: str = ""
    repeatable_values: tuple[str, ...] = ()
    duplicate_message: Any = ""

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        self.programme = programme
        kwargs.setdefault("queryset", self.model.objects.filter(programme=programme))
        super().__init__(*args, **kwargs)

    def kept_forms(self) -> list[forms.Form]:
        return [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
            if form.cleaned_data
        ]

    def clean(self) -> None:
        super().clean()
        if not self.unique_field or any(form.errors for form in self.forms):
            return
        seen: dict[Any, int] = {}
        for number, form in enumerate(self.kept_forms(), start=1):
            value = form.cleaned_data.get(self.unique_field)
            if value is None or value in self.repeatable_values:
                continue
            if value in seen:
                form.add_error(
                    self.unique_field,
                    self.duplicate_message % {"value": _display(form, self.unique_field)},
                )
            seen[value] = number


def _display(form: forms.Form, name: str) -> str:
    value = form.cleaned_data.get(name)
    field = form.fields[name]
    if isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
        field, forms.ModelChoiceField
    ):
        return str(dict(field.choices).get(value, value))
    return str(value)


class TrackRowsFormSet(ProgrammeRowsFormSet):
    unique_field = "kind"
    duplicate_message = _("“%(value)s” has two windows. Keep one row for it and delete the other.")

    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        for form in self.kept_forms():
            if form.cleaned_data.get("kind") != TrackKind.INTERVIEWS:
                continue
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            outside = [
                slot for slot in self.programme.slots.all() if slot.start < start or slot.end > end
            ]
            if outside:
                form.add_error(
                    None,
                    _(
                        "The interview slot %(slots)s would fall outside this window. Change "
                        "the interview slots first, or keep the window around them."
                    )
                    % {
                        "slots": "、".join(
                            f"{s.start.isoformat()} – {s.end.isoformat()}" for s in outside
                        )
                    },
                )


class DeadlineRowsFormSet(ProgrammeRowsFormSet):
    unique_field = "kind"
    repeatable_values = (DeadlineKind.OTHER,)
    duplicate_message = _(
        "“%(value)s” has two deadlines. Keep one, or use “Other” for an extra deadline."
    )


class GuestRowsFormSet(ProgrammeRowsFormSet):
    unique_field = "unit"
    duplicate_message = _(
        "%(value)s is listed twice: each unit sends one guest. Delete one of the two rows."
    )


class AttachmentRowsFormSet(ProgrammeRowsFormSet):
    unique_field = "number"
    duplicate_message = _(
        "Attachment %(value)s appears twice. Give each attachment its own number."
    )


class GuestForm(forms.ModelForm):
    class Meta:
        model = Guest
        fields = ["unit", "title", "name", "introduction", "order"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(active=True) | Unit.objects.filter(
            pk=self.instance.unit_id or 0
        )


# A posted TOTAL_FORMS of 10**22 would otherwise build Django's default 2,000 forms (25 s per
# request); a programme never has more than a few dozen rows of a kind.
ROW_LIMIT = {"max_num": 100, "absolute_max": 100, "validate_max": True}

TrackFormSet = modelformset_factory(
    Track,
    fields=["kind", "start", "end"],
    widgets={"start": DateInput(), "end": DateInput()},
    formset=TrackRowsFormSet,
    extra=1,
    can_delete=True,
    **ROW_LIMIT,
)
DeadlineFormSet = modelformset_factory(
    Deadline,
    fields=["kind", "label", "due_date", "submit_to"],
    widgets={"due_date": DateInput()},
    formset=DeadlineRowsFormSet,
    extra=1,
    can_delete=True,
    **ROW_LIMIT,
)
GuestFormSet = modelformset_factory(
    Guest, form=GuestForm, formset=GuestRowsFormSet, extra=1, can_delete=True, **ROW_LIMIT
)
AttachmentFormSet = modelformset_factory(
    NoticeAttachment,
    fields=["number", "title", "note"],
    widgets={"note": forms.Textarea(attrs={"rows": 3})},
    formset=AttachmentRowsFormSet,
    extra=1,
    can_delete=True,
    **ROW_LIMIT,
)

UNIT_SEPARATORS = re.compile(r"[\n\r,，、;；]+")


class SlotForm(forms.ModelForm):
    units_text = forms.CharField(
        label=_("Units, in interview order"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One unit name per line, exactly as in the units directory."),
    )

    class Meta:
        model = InterviewSlot
        fields = ["start", "end", "note", "order"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args: Any, window: Track | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.window = window
        if self.instance.pk:
            self.initial["units_text"] = "\n".join(u.name for u in self.instance.ordered_units())

    def clean_units_text(self) -> list[Unit]:
        names = [n.strip() for n in UNIT_SEPARATORS.split(self.cleaned_data["units_text"])]
        names = [n for n in names if n]
        if not names:
            raise ValidationError(_("Name at least one unit for this slot."))
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValidationError(
                _("%(names)s is listed twice in this slot. Keep it once."),
                params={"names": "、".join(repeated)},
            )
        found = {u.name: u for u in Unit.objects.filter(name__in=names)}
        unknown = [n for n in names if n not in found]
        if unknown:
            raise ValidationError(
                _(
                    "No unit is called %(names)s. Copy the name from the units directory, or add "
                    "the unit there first."
                ),
                params={"names": "、".join(f"“{n}”" for n in unknown)},
            )
        return [found[n] for n in names]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (
            start
            and end
            and self.window
            and not (self.window.contains(start) and self.window.contains(end))
        ):
            raise ValidationError(
                _(
                    "This slot (%(start)s – %(end)s) is outside the online interviews window "
                    "(%(window_start)s – %(window_end)s). Move the slot inside the window, or "
                    "change the window on the windows page first."
                ),
                params={
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "window_start": self.window.start.isoformat(),
                    "window_end": self.window.end.isoformat(),
                },
            )
        return data


class SlotRowsFormSet(ProgrammeRowsFormSet):
    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        window = programme.tracks.filter(kind=TrackKind.INTERVIEWS).first()
        kwargs.setdefault("form_kwargs", {"window": window})
        kwargs.setdefault(
            "queryset",
            InterviewSlot.objects.filter(programme=programme).prefetch_related("slot_units__unit"),
        )
        super().__init__(*args, programme=programme, **kwargs)

    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        owner: dict[int, str] = {}
        for form in self.kept_forms():
            for unit in form.cleaned_data.get("units_text", []):
                if unit.pk in owner:
                    form.add_error(
                        "units_text",
                        _(
                            "%(unit)s is already in another slot. A unit is interviewed in one "
                            "slot only: remove it from one of them."
                        )
                        % {"unit": unit.name},
                    )
                owner[unit.pk] = form.prefix


SlotFormSet = modelformset_factory(
    InterviewSlot, form=SlotForm, formset=SlotRowsFormSet, extra=1, can_delete=True, **ROW_LIMIT
)


class ParticipantsForm(forms.Form):
    participants = IdMultipleChoiceField(
        label=_("Implementing units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The units that must hold visit activities this year."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = list(programme.participants.values_list("pk", flat=True))
        self.fields["participants"].queryset = Unit.objects.implementing() | Unit.objects.filter(
            pk__in=current
        )
        self.initial.setdefault("participants", current)


class PublishForm(forms.Form):
    """Publishing asks first; with warnings left, the coordinator says they were read."""

    warnings_read = forms.BooleanField(
        label=_("I have read the warnings above and publish the notice as it is."),
        required=False,
    )

    def __init__(self, *args: Any, warnings: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.warnings = warnings
        if not warnings:
            del self.fields["warnings_read"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.warnings and not data.get("warnings_read"):
            self.add_error(
                "warnings_read",
                _("There are %(count)d warnings. Correct them, or tick the box to publish anyway.")
                % {"count": self.warnings},
            )
        return data
