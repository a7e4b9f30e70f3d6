"""What the enquiries app adds to the admin and to the shared machinery: the staff
inbox (admin_views.py), its permission policy, retention, demo content, and the
contact page's form."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from irp.core import registry

from . import demo, tasks, views
from .admin_views import EnquiryViewSet
from .models import ContactPage, Enquiry
from .permissions import policy

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
