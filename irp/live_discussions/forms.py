from django import forms

from .models import Place, SessionMessage


class RegisterForm(forms.Form):
    wants_reminders = forms.BooleanField(
        required=False,
        label="Email me a reminder 24 hours and 1 hour before",
    )


class RemindersForm(forms.Form):
    wants_reminders = forms.BooleanField(required=False)


class MessageForm(forms.ModelForm):
    class Meta:
        model = SessionMessage
        fields = ["subject", "body"]
        labels = {"body": "Message"}
        error_messages = {
            "subject": {"required": "Give the message a subject."},
            "body": {"required": "Write the message you want to send."},
        }


ATTENDANCE_CHOICES = [
    ("", "Not recorded"),
    (Place.Attendance.ATTENDED, "Attended"),
    (Place.Attendance.DID_NOT_ATTEND, "Did not attend"),
]


def attendance_marks(data, places) -> dict[int, str]:
    """Read `attendance-<place id>` radio values for the given places."""
    allowed = {value for value, _ in ATTENDANCE_CHOICES}
    marks = {}
    for place in places:
        value = data.get(f"attendance-{place.pk}")
        if value is not None and value in allowed:
            marks[place.pk] = value
    return marks
