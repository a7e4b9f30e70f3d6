"""Staff screens for live discussions: sessions are plain models edited in the admin.
Saving goes through the services, so capacity changes promote people waiting and a
cancellation emails everyone registered."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from irp.accounts import roles
from irp.core import registry
from irp.core.panels import Cell, DashboardPanel, Row, Summary, dashboard_panel
from irp.core.reports import Report, ReportMenuItem, Table, respond

from . import data_register, demo, notices, selectors, services, tasks
from .admin_forms import LiveSessionAdminForm
from .models import LiveSession
from .times import format_span


class _RefusalsAsFormErrors:
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as refusal:
            if hasattr(refusal, "error_dict"):
                for field, errors in refusal.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, refusal)
            return self.form_invalid(form)


class SessionCreateView(_RefusalsAsFormErrors, generic.CreateView):
    def save_instance(self):
        form = self.form
        made = services.create_sessions(
            session=form.instance,
            facilitators=form.cleaned_data.get("facilitators") or [],
            weekly_count=form.cleaned_data.get("weekly_count") or 1,
            meets_on_holidays=bool(form.cleaned_data.get("meets_on_holidays")),
        )
        return made[0]


class SessionEditView(_RefusalsAsFormErrors, generic.EditView):
    def save_instance(self):
        form = self.form
        return services.update_session(
            session=form.instance, facilitators=form.cleaned_data.get("facilitators")
        )


class SessionDeleteView(generic.DeleteView):
    """Only a session nobody has registered for may be deleted (one made by mistake).
    Once people have places it is cancelled instead, which tells them, and it stays on
    record with its attendance."""

    def get(self, request, *args, **kwargs):
        return self._refusal() or super().get(request, *args, **kwargs)

    def form_valid(self, form):
        return self._refusal() or super().form_valid(form)

    def _refusal(self):
        registered = self.object.places.count()
        if not registered:
            return None
        people = "1 person has" if registered == 1 else f"{registered} people have"
        messages.error(
            self.request,
            f"{people} registered for “{self.object.title}”, so it cannot be deleted. "
            "To call it off, set its status to Cancelled: everyone registered is told.",
        )
        return redirect("live_sessions:edit", self.object.pk)


class SessionIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Places taken beside the capacity, counted in the same query as the list.
        return selectors.sessions_for_staff()


class LiveSessionViewSet(ModelViewSet):
    model = LiveSession
    icon = "date"
    menu_label = "Live discussions"
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    delete_view_class = SessionDeleteView
    list_display = [
        "title",
        "starts_at",
        "time_zone",
        "format",
        Column("places_taken", label="Places taken / capacity"),
        "status",
    ]
    list_filter = ["status", "format"]
    search_fields = ["title"]
    inspect_view_enabled = False
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            # Checkboxes, each with its own label: the multiple select failed axe.
            FieldPanel("facilitators", widget=forms.CheckboxSelectMultiple),
            MultiFieldPanel(
                [FieldPanel("format"), FieldPanel("join_link"), FieldPanel("venue_address")],
                heading="Where",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("time_zone"),
                    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                    FieldPanel("weekly_count"),
                    FieldPanel("meets_on_holidays"),
                ],
                heading="When",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("capacity"),
                    FieldRowPanel(
                        [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                    ),
                ],
                heading="Places",
            ),
            FieldPanel("series"),
            FieldPanel("cpd_hours"),
            FieldPanel("status", help_text="Cancelling emails everyone registered."),
        ],
        base_form_class=LiveSessionAdminForm,
    )


@hooks.register("register_admin_viewset")
def register_viewset():
    return LiveSessionViewSet("live_sessions")


@hooks.register("enquiries_next_steps")
def next_open_sessions_for_enquirers(enquiry):
    """Someone who got in touch sees the next open live discussions, on the thank-you page
    and in the acknowledgement email. Times are in each session's own zone, named."""
    sessions = selectors.next_open_sessions(limit=3)
    if not sessions:
        return None
    return {"template": "live_discussions/enquiry_next_steps", "context": {"sessions": sessions}}


@hooks.register(registry.PERIODIC_TASKS)
def send_due_reminders_every_minute():
    return registry.Periodic(task=tasks.send_due_reminders, seconds=60)


hooks.register(registry.DEMO_CONTENT, demo.load, order=40)
hooks.register(registry.EXPORT_PERSONAL_DATA, services.export_for, order=20)
hooks.register(registry.ERASE_PERSONAL_DATA, services.erase_for, order=20)
hooks.register(registry.KEY_ROTATIONS, services.rotate_join_link_keys)


@hooks.register(registry.NAVIGATION, order=10)
def live_discussions_link():
    return registry.NavLink("Live discussions", "live_discussions:upcoming")


@hooks.register(registry.NAVIGATION, order=30)
def facilitate_link():
    # Facilitators (and staff) find the sessions they run, soonest first. The role the
    # two-step rule already read for this request comes first, so a practitioner's
    # pages ask nothing more.
    return registry.NavLink(
        "Facilitate",
        "live_discussions:facilitated",
        shown_to=lambda user: (
            roles.sees_other_peoples_data(user) and selectors.is_facilitator(user)
        ),
    )


@hooks.register(registry.HOME_LISTINGS)
def next_live_discussions():
    return registry.Listing(
        key="live_discussions",
        title="The next live discussions",
        template="live_discussions/includes/home_listing.html",
        items=lambda count: list(selectors.upcoming_sessions()[:count]),
    )


@dashboard_panel
class NextSessionsPanel(DashboardPanel):
    """The next 14 days of live discussions: places taken and the waiting lists."""

    title = "Live discussions in the next 14 days"
    order = 20
    columns = ["Session", "When", "Places taken", "Waiting list"]
    empty_message = "No live discussion is published for the next 14 days."
    days = 14

    def shown_to(self, user) -> bool:
        return user.is_active and user.has_perm("live_discussions.view_livesession")

    def rows(self) -> list[Row]:
        return [
            Row(
                [
                    Cell(session.title, url=reverse("live_sessions:edit", args=[session.pk])),
                    Cell(format_span(session.starts_at, session.ends_at, session.zone)),
                    Cell(f"{session.confirmed_count} of {session.capacity}"),
                    Cell(str(session.waiting_count)),
                ]
            )
            for session in selectors.sessions_in_the_next(self.days)[:20]
        ]

    def summary(self) -> Summary:
        return Summary(link_url=reverse("live_sessions:index"), link_text="All live discussions")


hooks.register(registry.EMAILS, notices.declared_emails)


@hooks.register(registry.PERSON_SUMMARY)
def places_on_the_people_screen(person):
    """The person's places: which session, its status and their attendance."""
    facts = []
    for place in selectors.place_history_of(person):
        session = place.session
        attendance = f", {place.get_attendance_display().lower()}" if place.attendance else ""
        facts.append(
            registry.PersonFact(
                section="Live discussions",
                text=f"{session.title} ({session.starts_at:%-d %b %Y}): "
                f"{place.get_status_display()}{attendance}",
                url=reverse("live_sessions:edit", args=[session.pk]),
            )
        )
    return facts


def may_see_sessions(user) -> bool:
    return user.is_active and user.has_perm("live_discussions.view_livesession")


def attendance_report(request):
    """Attendance by month (registered, attended, no-show), on screen and as CSV."""
    if not may_see_sessions(request.user):
        raise PermissionDenied
    report = Report(
        title="Live discussions attendance",
        intro="Confirmed places in sessions that have taken place, by the month of the "
        "session, and what facilitators recorded.",
        tables=[
            Table(
                "Attendance by month",
                ["Month", "Registered", "Attended", "Did not attend", "Not recorded"],
                [list(r) for r in selectors.attendance_by_month()],
                slug="attendance-by-month",
            )
        ],
    )
    return respond(request, report)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/attendance/", attendance_report, name="attendance_report")]


@hooks.register("register_reports_menu_item")
def attendance_report_menu_item():
    return ReportMenuItem(
        "Live discussions attendance",
        reverse("attendance_report"),
        shown_to=may_see_sessions,
        order=510,
    )


hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)
