"""What the enquiries app adds to the admin and to the shared machinery: the staff
inbox (admin_views.py), its permission policy, retention, demo content, and the
contact page's form."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from irp.core import registry
from irp.core.panels import Cell, DashboardPanel, Row, Summary, age, dashboard_panel
from irp.core.reports import Report, ReportMenuItem, Table, respond

from . import data_register, demo, notices, selectors, tasks, views
from .admin_views import EnquiryViewSet
from .models import ContactPage, Enquiry
from .permissions import ANSWER_ENQUIRIES, policy

register_permission_policy(Enquiry, policy)


@hooks.register("register_admin_viewset")
def register_enquiry_viewset():
    return EnquiryViewSet()


@hooks.register(registry.PERIODIC_TASKS)
def purge_enquiries_daily():
    return registry.Periodic(task=tasks.purge_enquiries, seconds=24 * 60 * 60)


hooks.register(registry.DEMO_CONTENT, demo.load, order=30)


@hooks.register("before_serve_page")
def serve_the_contact_form(page, request, serve_args, serve_kwargs):
    """The contact page handles its form (and its thank-you page at sent/) in
    views.contact_page: the page model only holds what editors write."""
    if isinstance(page, ContactPage):
        return views.contact_page(request, page=page, sent=serve_kwargs.get("sent", False))
    return None


@dashboard_panel
class UnansweredEnquiriesPanel(DashboardPanel):
    """New enquiries nobody has answered, the longest waiting first."""

    title = "Enquiries waiting for a reply"
    order = 10
    columns = ["From", "Role or profession", "Waiting"]
    empty_message = "No enquiry is waiting: every new one has been answered."
    shown = 10

    def shown_to(self, user) -> bool:
        return user.is_active and user.has_perm(ANSWER_ENQUIRIES)

    def rows(self) -> list[Row]:
        return [
            Row(
                [
                    Cell(enquiry.name, url=reverse("enquiries:inspect", args=[enquiry.pk])),
                    Cell(enquiry.role_label),
                    Cell(age(enquiry.received_at)),
                ]
            )
            for enquiry in selectors.unanswered_enquiries()[: self.shown]
        ]

    def summary(self) -> Summary:
        count = selectors.unanswered_enquiries().count()
        text = "1 new enquiry." if count == 1 else f"{count} new enquiries."
        return Summary(text=text, link_url=reverse("enquiries:index"), link_text="Open the inbox")


hooks.register(registry.EMAILS, notices.declared_emails)


@hooks.register(registry.PERSON_SUMMARY)
def enquiries_on_the_people_screen(person):
    """The person's enquiries (sent from their address), for staff who manage people."""
    return [
        registry.PersonFact(
            section="Enquiries",
            text=f"{enquiry.received_at:%-d %b %Y}: {enquiry.get_status_display()}",
            url=reverse("enquiries:inspect", args=[enquiry.pk]),
        )
        for enquiry in selectors.enquiries_from(person.email)
    ]


def may_answer(user) -> bool:
    return user.is_active and user.has_perm(ANSWER_ENQUIRIES)


def enquiries_report(request):
    """Enquiries by month and by how people heard of us, on screen and as CSV."""
    if not may_answer(request.user):
        raise PermissionDenied
    report = Report(
        title="Enquiries report",
        intro="Counts of enquiries received (suspected spam left out).",
        tables=[
            Table(
                "By month",
                ["Month", "Enquiries"],
                [list(r) for r in selectors.enquiries_by_month()],
                slug="enquiries-by-month",
            ),
            Table(
                "By how they heard of us",
                ["How they heard of us", "Enquiries"],
                [list(r) for r in selectors.enquiries_by_heard_from()],
                slug="enquiries-by-how-heard",
            ),
        ],
    )
    return respond(request, report)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/enquiries/", enquiries_report, name="enquiries_report")]


@hooks.register("register_reports_menu_item")
def enquiries_report_menu_item():
    return ReportMenuItem("Enquiries", reverse("enquiries_report"), shown_to=may_answer, order=500)


hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)
