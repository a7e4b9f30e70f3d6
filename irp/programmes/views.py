"""Thin views: find, call one service or selector, respond. Rules live in services.

Someone else's cohort or step answers 404, never 403: nothing says it exists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from irp.accounts.two_step import two_step_required
from irp.reflections import selectors as reflection_selectors

from . import selectors, services
from .forms import ApplicationForm, MessageForm, ReplyForm
from .models import Enrolment


def _private(response):
    # Steps, applications and shared reflections must not linger in shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _member_or_404(request, cohort_id) -> Enrolment:
    enrolment = selectors.membership(request.user, cohort_id)
    if enrolment is None:
        raise Http404("No such cohort.")
    return enrolment


def _refused(request, refusal: ValidationError) -> None:
    messages.error(request, " ".join(refusal.messages))


# --- The list of programmes ---------------------------------------------------------------


@require_safe
def index(request):
    """/programmes/: the programmes open for applications. The index page in the tree
    holds its title and introduction, so editors change them like any page."""
    index_page = selectors.programmes_index_page()
    return render(
        request,
        "programmes/programme_index_page.html",
        {"page": index_page, "programmes": selectors.open_programmes()},
    )


# --- Applying and my programmes ------------------------------------------------------------


@login_required
@require_safe
def mine(request):
    enrolments = list(selectors.enrolments_of(request.user))
    for enrolment in enrolments:
        enrolment.position = selectors.waiting_position(enrolment)
    return _private(
        render(
            request,
            "programmes/mine.html",
            {
                "enrolments": enrolments,
                "facilitated": selectors.facilitated_cohorts(request.user),
            },
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, cohort_id):
    cohort = selectors.cohort_open_for_applications(cohort_id)
    if cohort is None:
        raise Http404("This cohort is not taking applications.")
    existing = selectors.enrolment_of(request.user, cohort)
    if existing is not None:
        messages.info(request, "You have already applied for this cohort.")
        return redirect("programmes:mine")
    form = ApplicationForm(
        request.POST if request.method == "POST" else None, questions=cohort.questions
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_for_cohort(cohort=cohort, person=request.user, answers=form.answers())
        except ValidationError as refusal:
            form.add_error(None, " ".join(refusal.messages))
        else:
            messages.success(request, "Thank you: your application is in. We will reply by email.")
            return redirect("programmes:mine")
    return _private(
        render(
            request,
            "programmes/apply.html",
            {"cohort": cohort, "programme": cohort.programme, "form": form},
        )
    )


# --- A member's cohort and steps ------------------------------------------------------------


@login_required
@require_safe
def member_cohort(request, cohort_id):
    enrolment = _member_or_404(request, cohort_id)
    cohort = enrolment.cohort
    context = {
        "enrolment": enrolment,
        "cohort": cohort,
        "programme": cohort.programme,
        "sessions": selectors.cohort_sessions(cohort),
        "now": timezone.now(),
        **selectors.member_outline(enrolment=enrolment),
    }
    return _private(render(request, "programmes/member_cohort.html", context))


@login_required
@require_safe
def step(request, cohort_id, step_id):
    enrolment = _member_or_404(request, cohort_id)
    cohort = enrolment.cohort
    outline = selectors.member_outline(enrolment=enrolment)
    around = selectors.step_neighbours(outline["rows"], step_id)
    row = around["row"]
    if row is None or not row["is_open"]:
        raise Http404("This step is not open.")
    the_step = selectors.step_for_member(enrolment=enrolment, step_id=step_id)
    if the_step is None:
        raise Http404("This step is not open.")
    entries = list(
        reflection_selectors.reflections_for_step(person=request.user, step_id=the_step.pk)
    )
    sharing = selectors.my_shares_and_replies(
        person=request.user, reflection_ids=[e.pk for e in entries]
    )
    context = {
        "enrolment": enrolment,
        "cohort": cohort,
        "programme": cohort.programme,
        "step": the_step,
        "row": row,
        "previous": around["previous"],
        "next": around["next"],
        "taken_count": outline["taken_count"],
        "step_total": outline["step_total"],
        "entries": [(entry, sharing.get(entry.pk)) for entry in entries],
        "has_facilitator": cohort.facilitators.exists(),
        "next_session": selectors.next_cohort_session(cohort),
    }
    return _private(render(request, "programmes/step.html", context))


@login_required
@require_POST
def mark_taken(request, cohort_id, step_id):
    enrolment = _member_or_404(request, cohort_id)
    the_step = selectors.step_for_member(enrolment=enrolment, step_id=step_id)
    if the_step is None:
        raise Http404("This step is not open.")
    if request.POST.get("taken") == "no":
        services.unmark_step_taken(enrolment=enrolment, step=the_step)
        messages.success(request, "This step is no longer marked as taken.")
    else:
        try:
            services.mark_step_taken(enrolment=enrolment, step=the_step)
        except ValidationError as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, "Marked as taken.")
    return redirect("programmes:step", cohort_id=enrolment.cohort_id, step_id=the_step.pk)


def _reflection_id(request) -> int | None:
    raw = request.POST.get("reflection", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 18 else None


@login_required
@require_POST
def share(request, cohort_id, step_id):
    enrolment = _member_or_404(request, cohort_id)
    the_step = selectors.step_for_member(enrolment=enrolment, step_id=step_id)
    reflection_id = _reflection_id(request)
    if the_step is None or reflection_id is None:
        raise Http404("No such reflection.")
    try:
        if request.POST.get("action") == "stop":
            services.stop_sharing(enrolment=enrolment, reflection_id=reflection_id)
            messages.success(
                request, "You have stopped sharing it. Your facilitator can no longer read it."
            )
        else:
            services.share_with_facilitator(enrolment=enrolment, reflection_id=reflection_id)
            messages.success(
                request, "Shared with your facilitator. You can stop sharing at any time."
            )
    except ValidationError as refusal:
        _refused(request, refusal)
    return redirect("programmes:step", cohort_id=enrolment.cohort_id, step_id=the_step.pk)


# --- Pausing, leaving, the weekly email ------------------------------------------------------


def _active_or_404(request, cohort_id) -> Enrolment:
    enrolment = (
        selectors.enrolments_of(request.user)
        .filter(cohort_id=cohort_id, state__in=Enrolment.ACTIVE)
        .first()
    )
    if enrolment is None:
        raise Http404("No such cohort.")
    return enrolment


@login_required
@require_http_methods(["GET", "POST"])
def leave(request, cohort_id):
    """One page that asks once: leave the cohort, leave its waiting list, or withdraw
    an application, whichever the person has."""
    enrolment = _active_or_404(request, cohort_id)
    if request.method == "POST":
        try:
            if enrolment.state == Enrolment.State.APPLIED:
                services.withdraw_application(enrolment=enrolment)
                messages.success(request, "Your application is withdrawn.")
            else:
                services.leave_cohort(enrolment=enrolment)
                messages.success(request, "You have left. What you wrote stays in your journal.")
        except ValidationError as refusal:
            _refused(request, refusal)
        return redirect("programmes:mine")
    return _private(
        render(
            request,
            "programmes/leave.html",
            {"enrolment": enrolment, "cohort": enrolment.cohort},
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def pause(request, cohort_id):
    """Pause (or carry on after a pause), after a page that asks once."""
    enrolment = _member_or_404(request, cohort_id)
    if request.method == "POST":
        try:
            if enrolment.state == Enrolment.State.PAUSED:
                services.resume_enrolment(enrolment=enrolment)
                messages.success(request, "Welcome back. The weekly emails start again.")
            else:
                services.pause_enrolment(enrolment=enrolment)
                messages.success(
                    request, "Paused. Your place is kept; carry on whenever you are ready."
                )
        except ValidationError as refusal:
            _refused(request, refusal)
        return redirect("programmes:member_cohort", cohort_id=enrolment.cohort_id)
    return _private(
        render(
            request,
            "programmes/pause.html",
            {"enrolment": enrolment, "cohort": enrolment.cohort},
        )
    )


@login_required
@require_POST
def weekly_email(request, cohort_id):
    enrolment = _member_or_404(request, cohort_id)
    wants = request.POST.get("wants") == "yes"
    services.set_weekly_email(enrolment=enrolment, wants=wants)
    messages.success(request, "Weekly emails are on." if wants else "Weekly emails are off.")
    return redirect("programmes:member_cohort", cohort_id=enrolment.cohort_id)


# --- Facilitators ------------------------------------------------------------------------------


def _facilitated_or_404(request, cohort_id):
    cohort = selectors.cohort_for_facilitator(person=request.user, cohort_id=cohort_id)
    if cohort is None:
        raise Http404("No such cohort.")
    return cohort


def _facilitator_page(request, cohort, *, message_form=None, reply_forms=None, status=200):
    ended, attended = selectors.attendance_counts(cohort)
    members = selectors.member_rows(cohort)
    for row in members:
        row["attended"] = attended.get(row["person"].pk, 0)
    reply_forms = reply_forms or {}
    shares = [
        (share, reply_forms.get(share.pk) or ReplyForm(auto_id=f"reply-{share.pk}-%s"))
        for share in selectors.shared_reflections(reader=request.user, cohort=cohort)
    ]
    context = {
        "cohort": cohort,
        "programme": cohort.programme,
        "members": members,
        "sessions_ended": ended,
        "sessions": selectors.cohort_sessions(cohort),
        "step_total": selectors.step_count(cohort.programme),
        "waiting": selectors.waiting_list(cohort),
        "shares": shares,
        "message_form": message_form or MessageForm(),
    }
    return _private(render(request, "programmes/facilitate.html", context, status=status))


@two_step_required
@require_safe
def facilitate(request, cohort_id):
    cohort = _facilitated_or_404(request, cohort_id)
    services.note_cohort_people_viewed(
        cohort=cohort, viewer=request.user, action="programmes.cohort_viewed"
    )
    return _facilitator_page(request, cohort)


@two_step_required
@require_POST
def message(request, cohort_id):
    cohort = _facilitated_or_404(request, cohort_id)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _facilitator_page(request, cohort, message_form=form, status=400)
    services.send_message_to_cohort(
        cohort=cohort,
        author=request.user,
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
    )
    messages.success(request, "Your message is on its way to everyone in the cohort.")
    return redirect("programmes:cohort", cohort_id=cohort.pk)


@two_step_required
@require_POST
def reply(request, cohort_id, share_id):
    cohort = _facilitated_or_404(request, cohort_id)
    form = ReplyForm(request.POST, auto_id=f"reply-{share_id}-%s")
    if form.is_valid():
        try:
            services.reply_to_shared_reflection(
                share_id=share_id,
                cohort=cohort,
                author=request.user,
                body=form.cleaned_data["body"],
            )
        except ValidationError as refusal:
            if not hasattr(refusal, "error_dict"):
                raise Http404("No such reflection.") from refusal
            form.add_error("body", refusal.message_dict.get("body", refusal.messages))
        else:
            messages.success(request, "Your reply is saved; the author can read it now.")
            return redirect("programmes:cohort", cohort_id=cohort.pk)
    return _facilitator_page(request, cohort, reply_forms={share_id: form}, status=400)
