"""Reads of the journal. Every one takes the person asking; nothing lists all journals."""

import datetime

from django.conf import settings
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail import hooks

from .models import Draft, Prompt, PromptCollection, Reflection, ReflectionShare

# Hook another app registers to let an entry answer one of its steps:
# `describe(person, step_id) -> dict | None` with "title", "prompt" and "url" (where
# the step is), or None when the person may not write to that step (unknown, not
# theirs, not open yet). The journal stores only the step's id.
STEP_CONTEXT_HOOK = "reflections_step_context"


def reflections_of(person):
    """The person's own entries, newest first, with their prompts."""
    return Reflection.objects.filter(author=person).select_related("prompt")


def own_reflection(*, author, pk: int) -> Reflection:
    """The author's own entry `pk`, else 404: for everything only the author may do
    (read in the journal, edit, delete, keep a draft of)."""
    return get_object_or_404(reflections_of(author), pk=pk)


def reflection_for_reader(*, reader, pk: int) -> Reflection:
    """The entry `pk` if `reader` may read it, else 404 (never 403: no hint it exists).

    The author may; so may a reader the author shared this one entry with, for as
    long as the share row exists. This is the only place a share grants anything."""
    if not getattr(reader, "is_authenticated", False):
        raise Http404("No such entry.")
    return get_object_or_404(
        Reflection.objects.filter(Q(author=reader) | Q(shares__reader=reader))
        .select_related("author", "prompt")
        .distinct(),
        pk=pk,
    )


def shares_with(*, reader, context: str):
    """The shares made to `reader` in `context` (e.g. "cohort:12"), newest first, each
    with its entry and the entry's author: what a facilitator may read, and no more."""
    return ReflectionShare.objects.filter(reader=reader, context=context).select_related(
        "reflection__author"
    )


def shares_of(*, author, reflection_ids):
    """The author's shares of the given entries: who each is shown to."""
    return ReflectionShare.objects.filter(
        reflection__author=author, reflection_id__in=list(reflection_ids)
    ).select_related("reader")


def reflections_for_step(*, person, step_id: int):
    """The person's own entries that answer one step, newest first."""
    return reflections_of(person).filter(step_id=step_id)


def step_context(*, person, step_id: int) -> dict | None:
    """What the app owning steps says about `step_id` for this person, or None."""
    for describe in hooks.get_hooks(STEP_CONTEXT_HOOK):
        found = describe(person, step_id)
        if found:
            return found
    return None


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
