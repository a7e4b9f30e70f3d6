"""What the enquiries app adds to the admin and to the shared machinery: the staff
inbox (admin_views.py), its permission policy, retention, demo content, and the
contact page's form."""

from django.urls import reverse
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from irp.core import registry
from irp.core.panels import Cell, DashboardPanel, Row, Summary, age, dashboard_panel

from . import demo, notices, selectors, tasks, views
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
