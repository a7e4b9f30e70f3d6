"""Spaces: the open Practitioners' room, one per cohort, and those staff make."""

from django.db import transaction

from .. import cohorts
from ..models import Space

OPEN_ROOM = "Practitioners' room"
DEFAULT_GUIDELINES = """\
This is a space between peers. Nobody here is the expert on anyone else's life.

- Speak from your own experience, and let others speak from theirs.
- Keep what people share about their clients or themselves inside this space.
- Disagree with ideas, gently; never label, diagnose or judge a person.
- If something here is hard to read, you can step away and come back when you choose.
- If a post worries you, report it: a facilitator will look at it with care.
"""


def ensure_open_room() -> Space:
    """The open space for every signed-in practitioner; made once, found after."""
    room = Space.objects.filter(kind=Space.Kind.EVERYONE, name=OPEN_ROOM).first()
    if room is None:
        room = create_space(
            name=OPEN_ROOM,
            description="An open room for every practitioner on the platform.",
            kind=Space.Kind.EVERYONE,
            guidelines=DEFAULT_GUIDELINES,
            holds_first_posts=True,
        )
    return room


def create_space(
    *,
    name: str,
    kind: str,
    guidelines: str = DEFAULT_GUIDELINES,
    description: str = "",
    cohort_id: int | None = None,
    holds_first_posts: bool = False,
    invited=(),
    facilitators=(),
) -> Space:
    """A new space, checked whole before it is saved."""
    space = Space(
        name=name,
        kind=kind,
        guidelines=guidelines,
        description=description,
        cohort_id=cohort_id,
        holds_first_posts=holds_first_posts,
    )
    space.full_clean()
    with transaction.atomic():
        space.save()
        space.invited.set(invited)
        space.facilitators.set(facilitators)
    return space


def update_space(*, space: Space, invited=None, facilitators=None) -> Space:
    """Save a space staff edited. Guidelines whose text changed become a new version,
    so everyone accepts them again before their next post."""
    space.full_clean()
    with transaction.atomic():
        before = Space.objects.select_for_update().filter(pk=space.pk).first()
        if before is not None and before.guidelines.strip() != space.guidelines.strip():
            space.guidelines_version = before.guidelines_version + 1
        space.save()
        if invited is not None:
            space.invited.set(invited)
        if facilitators is not None:
            space.facilitators.set(facilitators)
    return space


def space_for_cohort(*, cohort_id: int, name: str) -> Space:
    """The one space of a cohort (made when first asked for)."""
    space = Space.objects.filter(cohort_id=cohort_id).first()
    if space is None:
        space = create_space(
            name=name,
            kind=Space.Kind.COHORT,
            cohort_id=cohort_id,
            description="A space for the members and facilitators of this cohort.",
        )
    return space


def ensure_cohort_spaces() -> list[Space]:
    """A space for every cohort that has none yet (cohorts made since the last run)."""
    known = Space.objects.filter(cohort_id__isnull=False).values_list("cohort_id", flat=True)
    return [
        space_for_cohort(cohort_id=cohort.pk, name=str(cohort))
        for cohort in cohorts.cohorts_without_space(list(known))
    ]
