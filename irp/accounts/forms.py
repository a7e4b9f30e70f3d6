from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.contrib.auth.hashers import make_password

from .models import User
from .security_log import log_event

# What an empty choice reads as, in place of Django's "---------".
NOT_GIVEN = {"profession": "I would rather not say", "country": "I would rather not say"}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = list(User.PROFILE_FIELDS)
        labels = {
            "display_name": "Your name, as you would like to be addressed",
            "profession_other": "Your profession, in your words",
            "wants_reminders": "Email me reminders of live discussions I have joined",
            "wants_news": "Email me occasional news from the project",
        }
        help_texts = {
            "time_zone": "Times of live discussions are shown in this zone. "
            "The choice is always yours.",
            "profession_other": "Only if you chose “Something else”.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, words in NOT_GIVEN.items():
            field = self.fields[name]
            field.choices = [(value, label if value else words) for value, label in field.choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("profession") == "other" and not cleaned.get("profession_other"):
            self.add_error("profession_other", "Please tell us your profession in your words.")
        return cleaned


class EraseAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account, profile and every reflection will be "
        "removed for good, and cannot be brought back.",
        error_messages={"required": "Please tick the box to confirm, or leave this page."},
    )


# Our words for allauth's fields: (label, hint under the label, message when left empty).
# allauth's own are in Title Case, end labels with colons and say "This field is
# required."; ours say what to do. A hint of None keeps allauth's (the password rules).
HINT_FOR_NEW_ONE = "At least 8 characters. A few unrelated words make a strong one."
WORDS = {
    "email": ("Email address", "", "Enter your email address."),
    "login": ("Email address", "", "Enter your email address."),
    "email2": ("Email address again", "", "Enter your email address again."),
    "password": ("Password", "", "Enter your password."),
    "oldpassword": ("Current password", "", "Enter your current password."),
    "password1": ("Password", HINT_FOR_NEW_ONE, "Choose a password."),
    "password2": ("Password again", "Type it once more, to be sure.", "Enter the password again."),
    "remember": ("Keep me signed in on this device", "", ""),
    "code": (
        "Code",
        "The 6 digits your authenticator app shows now, or one of your recovery codes.",
        "Enter the code.",
    ),
}
# The same words, where a form names its field differently from the others.
WORDS_BY_FORM = {
    "ChangePasswordForm": {
        "password1": ("New password", HINT_FOR_NEW_ONE, "Choose a new password."),
        "password2": ("New password again", "Type it once more, to be sure.", "Enter it again."),
    },
    "ResetPasswordKeyForm": {
        "password1": ("New password", HINT_FOR_NEW_ONE, "Choose a new password."),
        "password2": ("New password again", "Type it once more, to be sure.", "Enter it again."),
    },
    "ActivateTOTPForm": {
        "code": (
            "Authenticator code",
            "The 6 digits your app shows now.",
            "Enter the code from your authenticator app.",
        ),
    },
}


class OurWords:
    """Puts our labels, hints and messages on an allauth form's fields, and takes away
    placeholders: a hint under the label stays visible while a person types."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own = {}
        for klass in type(self).__mro__:
            own = {**WORDS_BY_FORM.get(klass.__name__, {}), **own}
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            label, hint, required = own.get(name) or WORDS.get(name) or (None, None, None)
            if label:
                field.label = label
            if hint is not None and (hint or name != "password1"):
                field.help_text = hint
            if required:
                field.error_messages["required"] = required
            if name == "code":
                field.widget.attrs.update(inputmode="numeric", autocomplete="one-time-code")


class LoginForm(OurWords, allauth_forms.LoginForm):
    pass


class AddEmailForm(OurWords, allauth_forms.AddEmailForm):
    pass


class ChangePasswordForm(OurWords, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(OurWords, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordKeyForm(OurWords, allauth_forms.ResetPasswordKeyForm):
    pass


class ReauthenticateForm(OurWords, allauth_forms.ReauthenticateForm):
    pass


class AuthenticateForm(OurWords, mfa_forms.AuthenticateForm):
    pass


class MFAReauthenticateForm(OurWords, mfa_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(OurWords, totp_forms.ActivateTOTPForm):
    pass


class SignupForm(OurWords, allauth_forms.SignupForm):
    """allauth's sign-up, costing the same whether or not the address is known.

    With ACCOUNT_PREVENT_ENUMERATION an address that already has an account gets the
    same page as a new one (and an email saying so), but only a new account hashes
    its password: the answer for a known address came back ~100 ms sooner. Hashing
    here too, and throwing the hash away, makes both take the same time."""

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class ResetPasswordForm(OurWords, allauth_forms.ResetPasswordForm):
    """allauth's reset form, writing the request to the security log (the address as
    typed; whether it is known is not written, nor anything from the email)."""

    def save(self, request, **kwargs):
        log_event("password.reset_requested", request=request, email=self.cleaned_data["email"])
        return super().save(request, **kwargs)
