"""Reads about live discussions, each scoped to who asks."""

import datetime as dt
import zoneinfo

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from irp.accounts.models import User
from irp.accounts.roles import FACILITATORS

from .models import LONGEST_SESSION, LiveSession, Place
from .times import zone_or_default

JOIN_OPENS_BEFORE = dt.timedelta(minutes=15)


def _with_confirmed_count(sessions: QuerySet) -> QuerySet:
    confirmed = (
        Place.objects.filter(session=OuterRef("pk"), status=Place.Status.CONFIRMED)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return sessions.annotate(confirmed_count=Coalesce(Subquery(confirmed), 0))


_FACILITATORS = Prefetch("facilitators", queryset=User.objects.order_by("display_name", "pk"))


def sessions_for_staff() -> QuerySet[LiveSession]:
    """Every session, each with `confirmed_count`, for the staff list of sessions."""
    return _with_confirmed_count(LiveSession.objects.all())


def upcoming_sessions(*, now=None) -> QuerySet[LiveSession]:
    """Published and cancelled sessions that have not ended yet, soonest first, each with
    `confirmed_count`. Cancelled ones stay listed (marked) so nobody is left wondering."""
    now = now or timezone.now()
    sessions = LiveSession.objects.filter(
        status__in=[LiveSession.Status.PUBLISHED, LiveSession.Status.CANCELLED],
        # No session lasts longer than LONGEST_SESSION, so this bound lets the database
        # walk the start-time index from just before now instead of every past session.
        starts_at__gt=now - LONGEST_SESSION,
        ends_at__gt=now,
    ).select_related("series")
    # Each session names its facilitators: one query for all of them, not one per row.
    sessions = sessions.prefetch_related(_FACILITATORS)
    return _with_confirmed_count(sessions).order_by("starts_at", "pk")


def next_open_sessions(limit: int = 3, *, now=None) -> list[LiveSession]:
    """The next published sessions that take registrations now, for other pages and emails
    (e.g. the enquiry acknowledgement). Never carries the join link anywhere visible."""
    now = now or timezone.now()
    sessions = (
        LiveSession.objects.filter(status=LiveSession.Status.PUBLISHED, starts_at__gt=now)
        .filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now))
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        .order_by("starts_at", "pk")
    )
    return list(sessions[:limit])


def session_for_viewer(*, session_id: int, viewer) -> LiveSession | None:
    """A session as the viewer may see it: drafts only for staff and its facilitators."""
    session = _with_confirmed_count(
        LiveSession.objects.filter(pk=session_id).prefetch_related(_FACILITATORS)
    ).first()
    if session is None:
        return None
    if session.status == LiveSession.Status.DRAFT and not can_facilitate(viewer, session):
        return None
    return session


def places_of(person) -> QuerySet[Place]:
    """The person's own active places in sessions that have not ended, soonest first,
    each with `position` on the waiting list (None when confirmed), in one query."""
    ahead = (
        Place.objects.filter(
            session_id=OuterRef("session_id"),
            status=Place.Status.WAITING,
            queue_number__lte=OuterRef("queue_number"),
        )
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Place.objects.filter(
            person=person, status__in=Place.ACTIVE, session__ends_at__gt=timezone.now()
        )
        .select_related("session")
        .annotate(position=Subquery(ahead))
        .order_by("session__starts_at", "session_id")
    )


def past_places_of(person, limit: int = 20) -> list[Place]:
    return list(
        Place.objects.filter(
            person=person, status=Place.Status.CONFIRMED, session__ends_at__lte=timezone.now()
        )
        .select_related("session")
        .order_by("-session__starts_at")[:limit]
    )


def places_by_session(person, session_ids) -> dict[int, Place]:
    """The person's active places among the given sessions, keyed by session id."""
    if not person.is_authenticated:
        return {}
    places = Place.objects.filter(
        person=person, session_id__in=list(session_ids), status__in=Place.ACTIVE
    )
    return {place.session_id: place for place in places}


def place_of(person, session: LiveSession) -> Place | None:
    if not person.is_authenticated:
        return None
    return Place.objects.filter(person=person, session=session, status__in=Place.ACTIVE).first()


def waiting_position(place: Place) -> int | None:
    """1 for the first person waiting, and so on; None when not on the waiting list."""
    if not place.is_waiting:
        return None
    return Place.objects.filter(
        session_id=place.session_id,
        status=Place.Status.WAITING,
        queue_number__lte=place.queue_number,
    ).count()


def feed_sessions(person) -> list[LiveSession]:
    """What a person's private calendar feed holds: sessions they have a confirmed place
    in (or had, when the session was then cancelled), from 30 days ago onwards."""
    since = timezone.now() - dt.timedelta(days=30)
    return list(
        LiveSession.objects.filter(
            places__person=person,
            places__status=Place.Status.CONFIRMED,
            ends_at__gt=since,
        )
        .exclude(status=LiveSession.Status.DRAFT)
        .order_by("starts_at")
        .distinct()[:500]
    )


def is_facilitator(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or user.groups.filter(name=FACILITATORS).exists()


def can_facilitate(user, session: LiveSession) -> bool:
    """Staff, and the facilitators named on this session."""
    if not user.is_authenticated:
        return False
    return user.is_staff or session.facilitators.filter(pk=user.pk).exists()


def facilitated_sessions(user) -> QuerySet[LiveSession]:
    """Sessions the user runs (all sessions for staff), most recent and upcoming first."""
    sessions = LiveSession.objects.all()
    if not user.is_staff:
        sessions = sessions.filter(facilitators=user)
    return _with_confirmed_count(sessions).order_by("-starts_at")


def facilitated_upcoming(user, *, now=None) -> QuerySet[LiveSession]:
    """The sessions the user runs that have not ended, soonest first."""
    now = now or timezone.now()
    return facilitated_sessions(user).filter(ends_at__gt=now).order_by("starts_at", "pk")


def facilitated_past(user, *, now=None) -> QuerySet[LiveSession]:
    """The sessions the user ran that have ended, the most recent first."""
    now = now or timezone.now()
    return facilitated_sessions(user).filter(ends_at__lte=now).order_by("-starts_at", "-pk")


def attendees(session: LiveSession) -> dict[str, list[Place]]:
    places = session.places.filter(status__in=Place.ACTIVE).select_related("person")
    confirmed = [p for p in places if p.is_confirmed]
    waiting = sorted((p for p in places if p.is_waiting), key=lambda p: p.queue_number)
    return {"confirmed": confirmed, "waiting": waiting}


def join_link_for(*, person, session: LiveSession, place: Place | None, now=None) -> str | None:
    """The join link, for a confirmed person from 15 minutes before the start until the
    end; None for everyone and every moment else."""
    now = now or timezone.now()
    if (
        place is None
        or not place.is_confirmed
        or place.person_id != getattr(person, "pk", None)
        or not session.is_online
        or session.status != LiveSession.Status.PUBLISHED
        or not (session.starts_at - JOIN_OPENS_BEFORE <= now < session.ends_at)
    ):
        return None
    return session.join_link or None


def zone_of(person, session: LiveSession | None = None) -> zoneinfo.ZoneInfo:
    """The zone a person reads times in: their profile's, else the session's own."""
    default = session.time_zone if session is not None else "Europe/London"
    if getattr(person, "is_authenticated", False):
        return zone_or_default(person.time_zone, default)
    return zone_or_default(default)


def attended_places(person) -> QuerySet[Place]:
    """The person's places in sessions their facilitator marked attended and that carry
    CPD hours, oldest first, with the session and its facilitators. Read each time (never
    copied), so a corrected attendance is followed at once."""
    return (
        Place.objects.filter(
            person=person,
            attendance=Place.Attendance.ATTENDED,
            session__cpd_hours__isnull=False,
        )
        .exclude(session__status=LiveSession.Status.DRAFT)
        .select_related("session")
        .prefetch_related("session__facilitators")
        .order_by("session__starts_at", "pk")
    )


def attended_hours_by_month(*, since) -> list[dict]:
    """For staff reports: per calendar month (of the session's start, in the site's zone)
    from `since`, the CPD hours people were marked as attending and how many places.
    Counts only, never names."""
    rows = (
        Place.objects.filter(
            attendance=Place.Attendance.ATTENDED,
            session__cpd_hours__isnull=False,
            session__starts_at__date__gte=since,
        )
        .annotate(month=TruncMonth("session__starts_at"))
        .values("month")
        .annotate(hours=Sum("session__cpd_hours"), attendances=Count("pk"))
        .order_by("-month")
    )
    return [
        {"month": row["month"].date(), "hours": row["hours"], "attendances": row["attendances"]}
        for row in rows
    ]


def has_attended(*, person_id: int, session_id: int) -> bool:
    """Whether the person's place in the session is (still) marked attended."""
    return Place.objects.filter(
        person_id=person_id, session_id=session_id, attendance=Place.Attendance.ATTENDED
    ).exists()


def sessions_in_the_next(days: int = 14, *, now=None) -> QuerySet[LiveSession]:
    """Published sessions starting within `days`, soonest first, each with
    `confirmed_count` and `waiting_count`: for the staff dashboard."""
    now = now or timezone.now()
    waiting = (
        Place.objects.filter(session=OuterRef("pk"), status=Place.Status.WAITING)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sessions = LiveSession.objects.filter(
        status=LiveSession.Status.PUBLISHED,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(days=days),
    )
    return (
        _with_confirmed_count(sessions)
        .annotate(waiting_count=Coalesce(Subquery(waiting), 0))
        .order_by("starts_at", "pk")
    )


def place_history_of(person, *, limit: int = 30) -> QuerySet[Place]:
    """Every place the person has had, newest session first, with its session: for the
    staff people screen (status and attendance; never the join link)."""
    return (
        Place.objects.filter(person=person)
        .select_related("session")
        .order_by("-session__starts_at", "-pk")[:limit]
    )


def attendance_by_month(*, months: int = 24, now=None) -> list[tuple[str, int, int, int, int]]:
    """For sessions already started (not cancelled), by month of the session: confirmed
    places, attended, did not attend, not recorded. Newest month first."""
    from django.db.models.functions import TruncMonth

    now = now or timezone.now()
    rows = (
        Place.objects.filter(
            status=Place.Status.CONFIRMED,
            session__starts_at__lt=now,
            session__status=LiveSession.Status.PUBLISHED,
        )
        .annotate(month=TruncMonth("session__starts_at"))
        .values("month")
        .annotate(
            registered=Count("pk"),
            attended=Count("pk", filter=Q(attendance=Place.Attendance.ATTENDED)),
            no_show=Count("pk", filter=Q(attendance=Place.Attendance.DID_NOT_ATTEND)),
        )
        .order_by("-month")[:months]
    )
    return [
        (
            row["month"].strftime("%Y-%m"),
            row["registered"],
            row["attended"],
            row["no_show"],
            row["registered"] - row["attended"] - row["no_show"],
        )
        for row in rows
    ]
