"""The contact form: what a person typed, checked with a clear message for each problem."""

import re
import time

from django import forms
from django.conf import settings
from django.core import signing

from irp.accounts.models import Profession

from . import limits

# Anything below a space (bar tab and newlines in long text), DEL, and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile(r"[\t\r\n]")
TIMESTAMP_SALT = "irp.enquiries.form-shown"


class PlainTextField(forms.CharField):
    """A text field with its own, specific messages for length and control characters."""

    def __init__(self, *, label, max_length, multiline=False, **kwargs):
        self.multiline = multiline
        self.limit = max_length
        super().__init__(label=label, **kwargs)
        # Our own check below covers NUL with a clearer message than Django's.
        self.validators = []

    def to_python(self, value):
        if value in self.empty_values:
            return ""
        value = str(value)
        if self.multiline:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value.strip()

    def validate(self, value):
        super().validate(value)
        name = self.label.lower()
        if CONTROL_CHARACTERS.search(value) or (not self.multiline and LINE_BREAKS.search(value)):
            raise forms.ValidationError(
                f"Your {name} contains hidden control characters (often from copying and "
                "pasting). Please retype it using ordinary letters and punctuation.",
                code="control_characters",
            )
        if len(value) > self.limit:
            raise forms.ValidationError(
                f"Please shorten your {name} to {self.limit:,} characters or fewer "
                f"(it is {len(value):,} now).",
                code="too_long",
            )


def sign_timestamp(now: float | None = None) -> str:
    """A tamper-proof note of when the form was shown, for the minimum-fill-time check."""
    return signing.dumps(int(now if now is not None else time.time()), salt=TIMESTAMP_SALT)


class EnquiryForm(forms.Form):
    name = PlainTextField(
        label="Name",
        max_length=limits.NAME_MAX,
        error_messages={"required": "Please tell us your name."},
    )
    email = forms.CharField(
        label="Email address",
        error_messages={"required": "Please give an email address so we can reply."},
    )
    role = forms.ChoiceField(
        label="Role or profession",
        choices=[("", "Choose one…"), *Profession.choices],
        error_messages={
            "required": "Please choose your role or profession, or 'Other'.",
            "invalid_choice": "Please choose one of the roles in the list, or 'Other'.",
        },
    )
    role_other = PlainTextField(
        label="Other role", max_length=limits.ROLE_OTHER_MAX, required=False
    )
    organisation = PlainTextField(
        label="Organisation", max_length=limits.ORGANISATION_MAX, required=False
    )
    hopes = PlainTextField(
        label="What you hope to explore",
        max_length=limits.HOPES_MAX,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Please tell us a little about what you hope to explore."},
    )
    heard_from = PlainTextField(
        label="How you heard of us", max_length=limits.HEARD_FROM_MAX, required=False
    )
    consent = forms.BooleanField(
        error_messages={
            "required": "Please tick the box to agree that we may keep what you send and "
            "contact you about it. Without it we cannot reply."
        },
    )
    # Spam signals: never errors, so people are never blocked by them (see spam_reasons).
    website = forms.CharField(required=False)
    shown = forms.CharField(required=False)

    def __init__(self, *args, consent_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text
        self.fields["email"].validators = []  # clean_email gives clearer messages
        if not self.is_bound:
            self.initial["shown"] = sign_timestamp()

    def clean_email(self):
        value = (self.cleaned_data.get("email") or "").strip()
        if CONTROL_CHARACTERS.search(value) or LINE_BREAKS.search(value):
            raise forms.ValidationError(
                "Your email address contains hidden control characters. Please retype it.",
                code="control_characters",
            )
        if len(value) > limits.EMAIL_MAX:
            raise forms.ValidationError(
                f"An email address can be at most {limits.EMAIL_MAX} characters; "
                f"this one is {len(value):,}.",
                code="too_long",
            )
        try:
            value = forms.EmailField().clean(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                "Please enter an email address in the form name@example.org.", code="invalid"
            ) from None
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("role") == Profession.OTHER
            and not cleaned.get("role_other")
            and ("role_other" not in self.errors)
        ):
            self.add_error("role_other", "Please tell us your role, since you chose 'Other'.")
        if cleaned.get("role") != Profession.OTHER:
            cleaned["role_other"] = ""
        return cleaned

    def spam_reasons(self, now: float | None = None) -> list[str]:
        """Why this submission looks automated, if it does. Call after is_valid()."""
        reasons = []
        if self.cleaned_data.get("website"):
            reasons.append("hidden field filled in")
        try:
            shown = signing.loads(self.cleaned_data.get("shown", ""), salt=TIMESTAMP_SALT)
            elapsed = (now if now is not None else time.time()) - int(shown)
            if elapsed < settings.ENQUIRY_MIN_FILL_SECONDS:
                reasons.append(f"sent {max(elapsed, 0):.0f} s after the form was shown")
        except (signing.BadSignature, TypeError, ValueError):
            reasons.append("form timing missing or altered")
        return reasons
