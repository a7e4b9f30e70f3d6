"""What people type about their CPD, checked with sentences that say what to change.
A refused form comes back with everything typed still in it."""

import datetime as dt

from django import forms
from django.conf import settings

from . import files
from .models import (
    EARLIEST_YEAR,
    HOURS_MAX,
    HOURS_STEP,
    NOTE_MAX,
    Activity,
    BodyRule,
    Export,
    Kind,
    ReflectiveAccount,
)

NOTE_HELP = {
    "reflect": "Reflect: what happened, in a few sentences.",
    "learned": "What you learned, or noticed, from it.",
    "plan": "Plan and act: how it changes your practice.",
    "evaluate": "Evaluate: how you will know it made a difference.",
}
DATE_ERRORS = {"invalid": "Please give a date as day, month and year, such as 31/03/2026."}


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if isinstance(value, dt.date) else value


def _date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(attrs={"min": f"{EARLIEST_YEAR}-01-01"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"required": "Please give the date.", **DATE_ERRORS},
        **kwargs,
    )


def _note_field(name: str, label: str, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX,
        help_text=NOTE_HELP[name],
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Please write something here.",
            "max_length": f"Please keep this part under {NOTE_MAX:,} characters.",
        },
    )


class ActivityForm(forms.ModelForm):
    done_on = _date_field("Date")
    hours = forms.DecimalField(
        label="Hours",
        min_value=HOURS_STEP,
        max_value=HOURS_MAX,
        max_digits=5,
        decimal_places=2,
        help_text="In quarters of an hour, such as 1.5 for an hour and a half.",
        widget=forms.NumberInput(attrs={"step": str(HOURS_STEP), "min": str(HOURS_STEP)}),
        error_messages={
            "required": "Please give the hours it took.",
            "invalid": "Please give the hours as a number, such as 1.5.",
            "min_value": "Please give the hours it took, more than zero.",
            "max_value": f"One activity can count for {HOURS_MAX:.0f} hours at most; "
            "log longer ones in parts.",
            "max_digits": "Please give the hours as a number, such as 1.5.",
            "max_decimal_places": "Please give hours in quarters of an hour, such as 1.25.",
        },
    )
    reflect = _note_field("reflect", "What happened")
    learned = _note_field("learned", "What I learned")
    plan = _note_field("plan", "How it changes my practice")
    evaluate = _note_field("evaluate", "How I will know")

    class Meta:
        model = Activity
        fields = ["done_on", "title", "kind", "category", "hours", "reflect", "learned", "plan",
                  "evaluate"]  # fmt: skip
        error_messages = {
            "title": {"required": "Please give the activity a title."},
            "kind": {"required": "Please choose a type."},
        }
        help_texts = {"category": "Optional: your professional body's own category."}

    def __init__(self, *args, person, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        self.fields["kind"].choices = Kind.choices
        self.fields["kind"].widget = forms.RadioSelect(choices=Kind.choices)
        self.fields["title"].max_length = 200
        if categories:
            choices = [("", "None"), *[(c, c) for c in categories]]
            current = self.initial.get("category") or getattr(self.instance, "category", "")
            if current and current not in categories:
                choices.append((current, current))
            self.fields["category"] = forms.ChoiceField(
                label="Category", choices=choices, required=False,
                help_text="Optional: your professional body's own category.",
            )  # fmt: skip


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Attach evidence",
        help_text=f"{files.ACCEPTED}; up to {settings.CPD_EVIDENCE_MAX_BYTES // (1024 * 1024)} MB.",
        error_messages={
            "required": "Please choose a file to attach.",
            "empty": "This file is empty.",
            "invalid": "Please choose a file to attach.",
        },
    )


class AccountForm(forms.ModelForm):
    written_on = _date_field("Date written")
    reflect = _note_field("reflect", "What happened", required=True)
    learned = _note_field("learned", "What I learned")
    plan = _note_field("plan", "How it changes my practice")
    evaluate = _note_field("evaluate", "How I will know")

    class Meta:
        model = ReflectiveAccount
        fields = ["title", "written_on", "activity", "reflect", "learned", "plan", "evaluate"]
        labels = {"activity": "About this activity (optional)"}
        error_messages = {"title": {"required": "Please give the account a title."}}

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        self.fields["activity"].queryset = Activity.objects.filter(person=person).only(
            "pk", "title", "done_on"
        )
        self.fields["activity"].error_messages["invalid_choice"] = (
            "Choose one of your own activities."
        )


class BodyForm(forms.Form):
    body = forms.ModelChoiceField(
        label="Your professional body",
        queryset=BodyRule.objects.all(),
        required=False,
        empty_label="None chosen",
    )


class PeriodForm(forms.Form):
    starts_on = _date_field("From")
    ends_on = _date_field("To")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        for name in ("starts_on", "ends_on"):
            day = cleaned.get(name)
            if day and day.year < EARLIEST_YEAR:
                self.add_error(name, f"Please give a date from {EARLIEST_YEAR} onwards.")
            elif day and day.year > 9000:
                self.add_error(name, "Please give a date in the past or near future.")
        if start and end and end < start:
            self.add_error("ends_on", "The end of the period must be on or after its start.")
        return cleaned


class ExportForm(PeriodForm):
    format = forms.ChoiceField(
        label="Format", choices=Export.Format.choices, widget=forms.RadioSelect
    )
