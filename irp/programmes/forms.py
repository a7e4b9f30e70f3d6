from django import forms

from .models import CohortMessage
from .services import MAX_ANSWER


class ApplicationForm(forms.Form):
    """The cohort's own questions, one box each; what was typed is kept on any error."""

    def __init__(self, *args, questions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions):
            self.fields[f"answer_{number}"] = forms.CharField(
                label=question,
                widget=forms.Textarea(attrs={"rows": 5}),
                max_length=MAX_ANSWER,
                error_messages={
                    "required": "Please write a few words here.",
                    "max_length": f"Please keep this under {MAX_ANSWER:,} characters.",
                },
            )

    def answers(self) -> dict[str, str]:
        return {q: self.cleaned_data[f"answer_{n}"] for n, q in enumerate(self.questions)}


class MessageForm(forms.ModelForm):
    class Meta:
        model = CohortMessage
        fields = ["subject", "body"]
        labels = {"body": "Message"}
        error_messages = {
            "subject": {"required": "Give the message a subject."},
            "body": {"required": "Write the message you want to send."},
        }


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_ANSWER,
        error_messages={"required": "There is nothing written yet."},
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="Note for the email (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
