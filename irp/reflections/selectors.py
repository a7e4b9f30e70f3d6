"""Reads of the journal. Every one takes the person asking; nothing lists all journals."""

import datetime

from django.conf import settings
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404

from .models import Draft, Prompt, PromptCollection, Reflection


def reflections_of(person):
    """The person's own entries, newest first, with their prompts."""
    return Reflection.objects.filter(author=person).select_related("prompt")


def reflection_for_reader(*, reader, pk: int) -> Reflection:
    """The entry `pk` if `reader` may read it, else 404 (never 403: no hint it exists).

    Today only the author may. Sharing one entry with a facilitator (cohorts, later)
    adds its check here, and nowhere else."""
    return get_object_or_404(reflections_of(reader), pk=pk)


def prompts_answered_by(person):
    """The prompts the person has answered, with how many times and when last."""
    return (
        Prompt.objects.filter(reflections__author=person)
        .annotate(answers=Count("reflections"), last_written=Max("reflections__written_at"))
        .select_related("collection")
        .order_by("-last_written")
    )


def prompt_collections():
    """Every collection with its prompts, for browsing."""
    return PromptCollection.objects.prefetch_related("prompts")


def todays_prompt(*, today: datetime.date | None = None) -> Prompt | None:
    """One prompt offered today: the same for everyone on a day, moving on each day."""
    today = today or datetime.date.today()
    ids = list(
        Prompt.objects.filter(offer_as_today=True)
        .order_by("collection__title", "sort_order", "pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return None
    return Prompt.objects.select_related("collection").get(pk=ids[today.toordinal() % len(ids)])


def then_and_now(*, person, prompt: Prompt) -> dict:
    """The person's oldest and newest answers to `prompt` and how many there are.
    Two indexed queries plus a count, whatever the number of entries."""
    answers = reflections_of(person).filter(prompt=prompt)
    oldest = answers.order_by("written_at", "pk").first()
    newest = answers.order_by("-written_at", "-pk").first()
    count = answers.count() if oldest else 0
    return {"oldest": oldest, "newest": newest if newest != oldest else None, "count": count}


def draft_for(*, person, place: str) -> Draft | None:
    return Draft.objects.filter(author=person, place=place).first()


def search_reflections(*, person, query: str, limit: int | None = None) -> tuple[list, bool]:
    """The person's entries whose text contains `query` (case-insensitive), newest first.

    Bodies are encrypted, so the database cannot search them. We decrypt the owner's
    own newest entries in memory and filter here, never storing or logging plaintext
    or a searchable derivative of it. Bounded: at most REFLECTION_SEARCH_LIMIT entries
    are read; the second value says whether older entries were left unsearched.
    """
    limit = limit or settings.REFLECTION_SEARCH_LIMIT
    needle = query.casefold().strip()
    if not needle:
        return [], False
    entries = list(reflections_of(person)[: limit + 1])
    truncated = len(entries) > limit
    matches = [e for e in entries[:limit] if needle in e.body.casefold()]
    return matches, truncated
