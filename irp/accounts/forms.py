from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth.hashers import make_password

from .models import User
from .security_log import log_event


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = list(User.PROFILE_FIELDS)
        labels = {"display_name": "Your name, as you would like to be addressed"}
        help_texts = {
            "time_zone": "Your browser may suggest one; the choice is always yours.",
            "profession_other": "Only if you chose “Something else”.",
        }

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


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up, costing the same whether or not the address is known.

    With ACCOUNT_PREVENT_ENUMERATION an address that already has an account gets the
    same page as a new one (and an email saying so), but only a new account hashes
    its password: the answer for a known address came back ~100 ms sooner. Hashing
    here too, and throwing the hash away, makes both take the same time."""

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """allauth's reset form, writing the request to the security log (the address as
    typed; whether it is known is not written, nor anything from the email)."""

    def save(self, request, **kwargs):
        log_event("password.reset_requested", request=request, email=self.cleaned_data["email"])
        return super().save(request, **kwargs)
