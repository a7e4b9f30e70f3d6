"""Demo prompt collections, in the project's own words. Idempotent."""

from django.db import transaction

from .models import Prompt, PromptCollection

COLLECTIONS = [
    (
        "This begins with you",
        "You can only guide others as far as you have gone yourself. These questions "
        "turn the inquiry towards your own experience first.",
        [
            ("When you are quiet for a moment, what do you notice about your own well-being?", ""),
            (
                "Which of your beliefs about mental health did you learn, and which "
                "have you looked at for yourself?",
                "There is no right answer; notice what comes up.",
            ),
            (
                "What might lie beneath diagnosis and treatment, if you looked a little further?",
                "",
            ),
            ("When have you seen someone find their own way back to balance?", ""),
        ],
    ),
    (
        "Questions from the work",
        "Questions many practitioners carry from their day-to-day work.",
        [
            ("What do you make of people returning to old habits after treatment ends?", ""),
            (
                "When does a technique you offer seem to help only for a while? Why might that be?",
                "",
            ),
            ("What do you think creates suffering in the first place?", ""),
        ],
    ),
]


@transaction.atomic
def load(*, stdout) -> None:
    for title, introduction, prompts in COLLECTIONS:
        collection, _ = PromptCollection.objects.get_or_create(
            title=title, defaults={"introduction": introduction}
        )
        for order, (text, note) in enumerate(prompts):
            Prompt.objects.get_or_create(
                collection=collection, text=text, defaults={"note": note, "sort_order": order}
            )
