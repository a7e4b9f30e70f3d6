from django import forms

from .models import User


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
