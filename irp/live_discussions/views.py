"""Thin views: find, call one service or selector, respond. Rules live in services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from irp.accounts.selectors import has_verified_email
from irp.accounts.two_step import two_step_required
from irp.core.spreadsheets import csv_writer

from . import selectors, services
from .calendars import feed_ics, session_ics
from .forms import ATTENDANCE_CHOICES, MessageForm, RegisterForm, RemindersForm, attendance_marks
from .models import Place


def _session_or_404(request, session_id):
    session = selectors.session_for_viewer(session_id=session_id, viewer=request.user)
    if session is None:
        raise Http404("No such session.")
    return session


def _viewer_zone(request):
    user = request.user
    return user.time_zone if user.is_authenticated else None


PER_PAGE = 20


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 500))
    except ValueError:
        return 1


@require_safe
def session_list(request):
    # One row more than a page tells whether there is a next page, without a COUNT.
    number = _page_number(request)
    offset = (number - 1) * PER_PAGE
    sessions = list(selectors.upcoming_sessions()[offset : offset + PER_PAGE + 1])
    has_next, sessions = len(sessions) > PER_PAGE, sessions[:PER_PAGE]
    places = selectors.places_by_session(request.user, [s.pk for s in sessions])
    rows = [(session, places.get(session.pk)) for session in sessions]
    return render(
        request,
        "live_discussions/session_list.html",
        {
            "rows": rows,
            "page_number": number,
            "has_next": has_next,
            "viewer_zone": _viewer_zone(request),
        },
    )


@never_cache
@require_safe
def session_detail(request, session_id):
    session = _session_or_404(request, session_id)
    place = selectors.place_of(request.user, session)
    context = {
        "session": session,
        "place": place,
        "position": selectors.waiting_position(place) if place else None,
        "join_link": selectors.join_link_for(person=request.user, session=session, place=place),
        "join_opens_at": session.starts_at - selectors.JOIN_OPENS_BEFORE,
        "can_facilitate": selectors.can_facilitate(request.user, session),
        "viewer_zone": _viewer_zone(request),
        "has_verified_email": has_verified_email(request.user),
        "register_form": RegisterForm(),
        "is_over": session.ends_at <= timezone.now(),
    }
    return render(request, "live_discussions/session_detail.html", context)


@login_required
@require_POST
def register(request, session_id):
    session = _session_or_404(request, session_id)
    form = RegisterForm(request.POST)
    wants_reminders = form.is_valid() and form.cleaned_data["wants_reminders"]
    try:
        place = services.register_for_session(
            session=session, person=request.user, wants_reminders=wants_reminders
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(session.get_absolute_url())
    if place.is_confirmed:
        messages.success(request, "Your place is confirmed. We have emailed you the details.")
    else:
        position = selectors.waiting_position(place)
        messages.success(
            request, f"The session is full: you are number {position} on the waiting list."
        )
    return redirect(session.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, session_id):
    """Give up a place or leave the waiting list: the GET page asks once, the POST does it."""
    session = _session_or_404(request, session_id)
    place = selectors.place_of(request.user, session)
    back_to_mine = request.GET.get("next", request.POST.get("next")) == "mine"
    if place is None:
        messages.error(request, "You have no place in this session to give up.")
        return redirect(session.get_absolute_url())
    if request.method == "GET":
        context = {
            "session": session,
            "place": place,
            "back_to_mine": back_to_mine,
            "viewer_zone": _viewer_zone(request),
        }
        response = render(request, "live_discussions/cancel.html", context)
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        services.cancel_place(place=place)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, "You have given up your place. Thank you for letting us know.")
    if back_to_mine:
        return redirect("live_discussions:mine")
    return redirect(session.get_absolute_url())


@login_required
@require_POST
def reminders(request, session_id):
    session = _session_or_404(request, session_id)
    place = selectors.place_of(request.user, session)
    if place is None:
        raise Http404("No place in this session.")
    form = RemindersForm(request.POST)
    wants = form.is_valid() and form.cleaned_data["wants_reminders"]
    services.set_reminders(place=place, wants_reminders=wants)
    messages.success(
        request, "We will email you reminders." if wants else "We will not send you reminders."
    )
    return redirect(session.get_absolute_url())


@require_safe
def session_calendar(request, session_id):
    session = _session_or_404(request, session_id)
    # A calendar file is for a place you have: someone waiting is not offered one, and
    # would otherwise put a session in their calendar that they may not get to.
    place = selectors.place_of(request.user, session) if request.user.is_authenticated else None
    if place is not None and place.is_waiting:
        raise Http404("No calendar file while you are on the waiting list.")
    response = HttpResponse(session_ics(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="live-discussion-{session.pk}.ics"'
    return response


@login_required
@require_safe
def mine(request):
    places = selectors.places_of(request.user)[:100]
    rows = [(place, place.position if place.is_waiting else None) for place in places]
    return render(
        request,
        "live_discussions/mine.html",
        {
            # Paths inside the loop are built from this prefix: reversing three URLs for
            # each of up to 100 places was a third of the page's time.
            "live": reverse("live_discussions:upcoming"),
            "rows": rows,
            "past": selectors.past_places_of(request.user),
            "viewer_zone": request.user.time_zone,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed(request):
    if request.method == "POST":
        services.revoke_calendar_feed(person=request.user)
        messages.success(request, "Your old calendar address no longer works; here is a new one.")
        return redirect("live_discussions:calendar_feed")
    feed = services.calendar_feed_for(person=request.user)
    # The address a calendar app will fetch: the site's public one (SITE_URL), not the
    # Host this request happened to arrive with.
    url = settings.SITE_URL.rstrip("/") + feed.get_absolute_url()
    response = render(request, "live_discussions/calendar_feed.html", {"feed_url": url})
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def feed(request, token):
    from .models import CalendarFeed

    subscription = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if subscription is None:
        raise Http404("No such calendar.")
    body = feed_ics(selectors.feed_sessions(subscription.person))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def cant_come(request, token):
    """From an email: a page that asks first; only the POST gives the place up."""
    place = services.place_for_cant_come_token(token)
    if place is None:
        raise Http404("This link is not valid.")
    has_started = place.session.starts_at <= timezone.now()
    if request.method == "POST" and place.status != Place.Status.CANCELLED:
        try:
            services.cancel_place(place=place)
        except ValidationError as refusal:
            place.refresh_from_db()
            if place.status != Place.Status.CANCELLED:  # not a second click: refused
                context = {"place": place, "refusal": " ".join(refusal.messages)}
                return render(request, "live_discussions/cant_come.html", context, status=409)
        place.refresh_from_db()
        return render(request, "live_discussions/cant_come.html", {"place": place, "done": True})
    context = {"place": place, "has_started": has_started}
    response = render(request, "live_discussions/cant_come.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


# --- Facilitators -------------------------------------------------------------------
# These screens show other people's names and addresses: two-step sign-in only.


@two_step_required
@require_safe
def facilitated(request):
    if not selectors.is_facilitator(request.user):
        raise PermissionDenied
    # What is coming comes first, soonest at the top; what has passed pages below it.
    upcoming = list(selectors.facilitated_upcoming(request.user)[:100])
    page = Paginator(selectors.facilitated_past(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request, "live_discussions/facilitated.html", {"upcoming": upcoming, "page_obj": page}
    )


def _facilitated_session(request, session_id):
    session = selectors.session_for_viewer(session_id=session_id, viewer=request.user)
    # Somebody else's session answers as if it did not exist: nothing about who
    # facilitates it, or that it has a list of people, is given away.
    if session is None or not selectors.can_facilitate(request.user, session):
        raise Http404("No such session.")
    return session


@two_step_required
@require_http_methods(["GET", "POST"])
def attendees(request, session_id):
    session = _facilitated_session(request, session_id)
    people = selectors.attendees(session)
    has_started = session.starts_at <= timezone.now()
    if request.method == "POST":
        try:
            services.record_attendance(
                session=session,
                marks=attendance_marks(request.POST, people["confirmed"]),
                by=request.user,
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, "Attendance saved.")
        return redirect("live_discussions:attendees", session_id=session.pk)
    services.note_attendee_list_viewed(
        session=session, viewer=request.user, action="live_discussions.attendees_viewed"
    )
    response = render(
        request,
        "live_discussions/attendees.html",
        {
            "session": session,
            **people,
            "has_started": has_started,
            "attendance_choices": ATTENDANCE_CHOICES,
            "message_form": MessageForm(),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@two_step_required
@require_safe
def attendees_csv(request, session_id):
    session = _facilitated_session(request, session_id)
    services.note_attendee_list_viewed(
        session=session, viewer=request.user, action="live_discussions.attendees_exported"
    )
    people = selectors.attendees(session)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}-people.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv_writer(response)
    writer.writerow(["name", "email", "place", "waiting position", "attendance", "registered"])
    for place in people["confirmed"]:
        writer.writerow(_csv_row(place, ""))
    for position, place in enumerate(people["waiting"], start=1):
        writer.writerow(_csv_row(place, position))
    return response


def _csv_row(place, position):
    return [
        place.person.get_full_name(),
        place.person.email,
        place.get_status_display(),
        position,
        place.get_attendance_display() if place.attendance else "",
        place.created_at.isoformat(),
    ]


@two_step_required
@require_POST
def send_message(request, session_id):
    session = _facilitated_session(request, session_id)
    form = MessageForm(request.POST)
    if not form.is_valid():
        for name in form.errors:  # tie each message to its field for screen readers
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
            )
        people = selectors.attendees(session)
        return render(
            request,
            "live_discussions/attendees.html",
            {
                "session": session,
                **people,
                "has_started": session.starts_at <= timezone.now(),
                "attendance_choices": ATTENDANCE_CHOICES,
                "message_form": form,
            },
            status=400,
        )
    services.send_message_to_registered(
        session=session,
        author=request.user,
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
    )
    messages.success(request, "Your message is on its way to everyone registered.")
    return redirect("live_discussions:attendees", session_id=session.pk)
