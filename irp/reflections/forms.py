from django import forms

from .services import MAX_LENGTH


class ReflectionForm(forms.Form):
    body = forms.CharField(
        label="Your reflection",
        widget=forms.Textarea(attrs={"rows": 12, "data-draft": "true"}),
        max_length=MAX_LENGTH,
        strip=False,
        error_messages={"required": "There is nothing written yet."},
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search your reflections", max_length=200, required=False)
