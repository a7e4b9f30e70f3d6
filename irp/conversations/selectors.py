"""Every read: scoped to who asks. A space's content is for its members and staff only;
each selector that returns a space, thread or post returns None (the view answers 404)
for anyone else, so nobody learns whether a space they cannot see exists.

Membership of a cohort's space is asked of the programmes app (`cohorts.py`), never
copied here.
"""

from django.db import connection
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from . import cohorts
from .models import (
    PER_PAGE,
    Follow,
    GuidelinesAcceptance,
    Mute,
    Post,
    Preferences,
    Report,
    Space,
    Thread,
    ThreadRead,
)


def is_staff(person) -> bool:
    return bool(person.is_authenticated and person.is_active and person.is_staff)


def is_member(person, space: Space) -> bool:
    """May `person` read and take part in `space`? Staff may read every space."""
    if not person.is_authenticated:
        return False
    if is_staff(person) or can_moderate(person, space):
        return True
    if space.kind == Space.Kind.EVERYONE:
        return True
    if space.kind == Space.Kind.INVITATION:
        return space.invited.filter(pk=person.pk).exists()
    return cohorts.is_member(person, space.cohort_id)


def space_facilitator_ids(space: Space) -> set[int]:
    """The ids of the space's own facilitators, asked once per space object (a request)."""
    if not hasattr(space, "_facilitator_ids"):
        through = Space.facilitators.through.objects.filter(space_id=space.pk)
        space._facilitator_ids = set(through.values_list("user_id", flat=True))
    return space._facilitator_ids


def can_moderate(person, space: Space) -> bool:
    """Staff, and the facilitators of the space (or of its cohort)."""
    if not person.is_authenticated:
        return False
    if is_staff(person):
        return True
    if person.pk in space_facilitator_ids(space):
        return True
    return space.kind == Space.Kind.COHORT and cohorts.can_facilitate(person, space.cohort_id)


def spaces_for(person) -> list[Space]:
    """The spaces `person` belongs to (every space, for staff), by name."""
    if not person.is_authenticated:
        return []
    spaces = Space.objects.all()
    if not is_staff(person):
        spaces = spaces.filter(
            Q(kind=Space.Kind.EVERYONE)
            | Q(invited=person)
            | Q(facilitators=person)
            | Q(kind=Space.Kind.COHORT, cohort_id__in=cohorts.cohort_ids_of(person))
        ).distinct()
    return list(spaces.order_by("name", "id"))


def moderated_spaces(person) -> list[Space]:
    return [space for space in spaces_for(person) if can_moderate(person, space)]


def space_for(person, space_id) -> Space | None:
    space = Space.objects.filter(pk=space_id).first()
    if space is None or not is_member(person, space):
        return None
    return space


def thread_for(person, thread_id) -> Thread | None:
    """The thread, with what `person` needs to read it in the same query: how far they
    have read it (`last_read`), whether they follow it (`following`) and whether they
    have accepted the space's current guidelines (`accepted`)."""
    if not person.is_authenticated:
        return None
    thread = (
        Thread.objects.select_related("space", "author")
        .annotate(
            last_read=Subquery(
                ThreadRead.objects.filter(thread=OuterRef("pk"), person=person).values(
                    "last_read_number"
                )[:1]
            ),
            following=Exists(
                Follow.objects.filter(thread=OuterRef("pk"), person=person, following=True)
            ),
            accepted=Exists(
                GuidelinesAcceptance.objects.filter(
                    space=OuterRef("space"),
                    person=person,
                    version=OuterRef("space__guidelines_version"),
                )
            ),
        )
        .filter(pk=thread_id)
        .first()
    )
    if thread is None or not is_member(person, thread.space):
        return None
    return thread


def post_for(person, post_id) -> Post | None:
    """A post its reader may see: waiting and hidden posts only for their author and
    the space's moderators."""
    post = (
        Post.objects.select_related("thread__space", "author", "quote_of__author")
        .filter(pk=post_id)
        .first()
    )
    if post is None or not is_member(person, post.thread.space):
        return None
    kept_back = post.state in (Post.State.WAITING, Post.State.HIDDEN)
    if kept_back and post.author_id != person.pk and not can_moderate(person, post.thread.space):
        return None
    return post


def roles_named(space: Space, authors) -> dict[int, str]:
    """The role named beside a post's author: "facilitator" or "staff", nothing for
    members. Facilitators' posts look like everyone's otherwise. `authors` are users
    already loaded (with the posts), so this asks at most the cohort's facilitators."""
    authors = [author for author in authors if author is not None]
    named = {author.pk: "staff" for author in authors if author.is_staff}
    facilitators = space_facilitator_ids(space)
    if space.kind == Space.Kind.COHORT and authors:
        facilitators = facilitators | cohorts.facilitator_ids(space.cohort_id)
    named.update({a.pk: "facilitator" for a in authors if a.pk in facilitators})
    return named


def has_accepted_guidelines(person, space: Space) -> bool:
    return GuidelinesAcceptance.objects.filter(
        space=space, person=person, version=space.guidelines_version
    ).exists()


def mute_of(person, space: Space):
    """The mute in force for `person` in `space`, if any."""
    return (
        Mute.objects.filter(space=space, person=person, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )


def threads_page(*, space: Space, person, page: int) -> tuple[list[Thread], bool]:
    """One page of a space's threads by last activity, each with `last_read` (how far
    `person` has read it, None if never opened), and whether a next page exists.
    Two queries, whatever the number of threads."""
    read = ThreadRead.objects.filter(thread=OuterRef("pk"), person=person)
    offset = (page - 1) * PER_PAGE
    threads = list(
        Thread.objects.filter(space=space)
        .select_related("author")
        .annotate(last_read=Subquery(read.values("last_read_number")[:1]))
        .order_by("-last_activity_at", "-id")[offset : offset + PER_PAGE + 1]
    )
    return threads[:PER_PAGE], len(threads) > PER_PAGE


def posts_page(*, thread: Thread, person, page: int, moderator: bool) -> list[Post]:
    """Posts numbered within one page of a thread (30 a page), with their quoted posts.
    Posts waiting for approval are left out except for their author and moderators."""
    first = (page - 1) * PER_PAGE + 1
    posts = (
        Post.objects.filter(thread=thread, number__gte=first, number__lt=first + PER_PAGE)
        .select_related("author", "quote_of__author")
        .order_by("number")
    )
    if not moderator:
        posts = posts.filter(~Q(state=Post.State.WAITING) | Q(author=person))
    return list(posts)


def last_read_number(person, thread: Thread) -> int:
    read = ThreadRead.objects.filter(person=person, thread=thread).first()
    return read.last_read_number if read else 0


def is_following(person, thread: Thread) -> bool:
    return Follow.objects.filter(person=person, thread=thread, following=True).exists()


def preferences_of(person) -> Preferences:
    """The person's choices, or the defaults (weekly digest, keep posts) if never made."""
    return Preferences.objects.filter(person=person).first() or Preferences(person=person)


def search(*, space: Space, person, query: str, limit: int = 30) -> list[Post]:
    """Published posts in `space` whose words or thread title match `query`, newest
    first. PostgreSQL's full-text search (an index on each post's words, see the
    migrations), or a plain containment match on SQLite."""
    query = " ".join(query.replace("\x00", "").split())[:200]
    if not query:
        return []
    posts = Post.objects.filter(thread__space=space, state=Post.State.PUBLISHED).select_related(
        "thread", "author"
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        from .search import PostWords, TitleWords

        words = SearchQuery(query, config="english", search_type="plain")
        titled = list(
            Thread.objects.filter(space=space)
            .annotate(words=TitleWords("title"))
            .filter(words=words)
            .values_list("pk", flat=True)[:limit]
        )
        found = posts.annotate(words=PostWords("body")).filter(
            Q(words=words) | Q(number=1, thread_id__in=titled)
        )
    else:
        condition = Q()
        for word in query.split()[:8]:
            condition &= Q(body__icontains=word) | Q(number=1, thread__title__icontains=word)
        found = posts.filter(condition)
    return list(found.order_by("-created_at")[:limit])


def report_queue(person) -> list[Report]:
    """Open reports on posts in the spaces `person` moderates, oldest first."""
    spaces = [space.pk for space in moderated_spaces(person)]
    return list(
        Report.objects.filter(resolved_at__isnull=True, post__thread__space__in=spaces)
        .select_related("post__thread__space", "post__author", "reporter")
        .order_by("created_at", "id")[:200]
    )


def waiting_posts(person) -> list[Post]:
    """Posts waiting for approval in the spaces `person` moderates, oldest first."""
    spaces = [space.pk for space in moderated_spaces(person)]
    return list(
        Post.objects.filter(state=Post.State.WAITING, thread__space__in=spaces)
        .select_related("thread__space", "author")
        .order_by("created_at", "id")[:200]
    )


def posts_of(person):
    """Everything `person` wrote, for their own archive."""
    return Post.objects.filter(author=person).select_related("thread__space").order_by("pk")


def spaces_facilitated_by(person) -> list[Space]:
    """The spaces naming `person` among their facilitators, by name."""
    return list(Space.objects.filter(facilitators=person).order_by("name"))


def pauses_in_force(person) -> list[Mute]:
    """Pauses on `person`'s posting that have not ended, soonest end first."""
    return list(
        Mute.objects.filter(person=person, until__gt=timezone.now())
        .select_related("space")
        .order_by("until")
    )
