"""What people type, checked with messages a person can act on. The services check
the same rules again, so nothing depends on a form alone."""

from django import forms

from .models import Preferences
from .services import MAX_BODY
from .services.moderation import MAX_REASON, MUTE_DAYS

BODY_HELP = (
    "Markdown works: *emphasis*, **strong**, > quotations, lists and links. "
    "Mention a member with @ and their name without spaces, e.g. @SamRivers."
)
_too_long = (
    "This is %(show_value)s characters long; the most is %(limit_value)s. Please shorten it."
)


def _body(label="Your post"):
    return forms.CharField(
        label=label,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
        error_messages={"required": "Write something before posting.", "max_length": _too_long},
    )


class ThreadForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Give the thread a title.", "max_length": _too_long},
    )
    body = _body()


class PostForm(forms.Form):
    body = _body()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Please give a reason.", "max_length": _too_long},
    )


class ReportForm(ReasonForm):
    reason = forms.CharField(
        label="What worries you about this post?",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the space's facilitators and staff see this.",
        error_messages={"required": "Please say what worries you.", "max_length": _too_long},
    )


class HideForm(ReasonForm):
    reason = forms.CharField(
        label="Why is it hidden? The author is told this.",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Please give a reason.", "max_length": _too_long},
    )


class MuteForm(ReasonForm):
    days = forms.TypedChoiceField(
        label="For how long",
        coerce=int,
        choices=[(days, f"{days} day{'s' if days > 1 else ''}") for days in MUTE_DAYS],
        error_messages={"invalid_choice": "Choose how long, from the list."},
    )
    reason = forms.CharField(
        label="Why? The member is told this.",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Please give a reason.", "max_length": _too_long},
    )


class LockForm(forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=MAX_REASON, required=False,
        error_messages={"max_length": _too_long},
    )  # fmt: skip


class MoveForm(forms.Form):
    to_space = forms.TypedChoiceField(
        label="Move to",
        coerce=int,
        error_messages={"invalid_choice": "Choose a space from the list."},
    )
    reason = forms.CharField(
        label="Reason", max_length=MAX_REASON, required=False,
        error_messages={"max_length": _too_long},
    )  # fmt: skip

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_space"].choices = [(space.pk, space.name) for space in spaces]


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = ["digest", "on_erasure"]
        widgets = {"digest": forms.RadioSelect, "on_erasure": forms.RadioSelect}
        labels = {"digest": "Digest email", "on_erasure": "When I erase my account"}


class SearchForm(forms.Form):
    q = forms.CharField(label="Search this space", max_length=200, required=False)
