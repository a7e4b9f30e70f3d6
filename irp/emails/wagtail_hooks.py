"""The failed emails screen in the Wagtail admin: what the worker gave up on, why, and
a way to send each one again. Only for holders of `emails.see_failed_emails` (staff
admins)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from irp.core import registry
from irp.core.panels import Action, Cell, DashboardPanel, Row, Summary, age, dashboard_panel

from . import selectors, services, tasks
from .models import OutgoingEmail

SEE_FAILED_EMAILS = "emails.see_failed_emails"


class FailedEmailPermissionPolicy(ModelPermissionPolicy):
    """One permission opens the screen. Messages are never added, edited or deleted
    through generic admin forms: the only action is "send again"."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm(SEE_FAILED_EMAILS)

    def users_with_any_permission(self, actions):
        people = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return people.none()
        granted = Q(codename="see_failed_emails", content_type__app_label="emails")
        return people.filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=_permissions(granted))
            | Q(user_permissions__in=_permissions(granted))
        ).distinct()


def _permissions(condition):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(condition)


policy = FailedEmailPermissionPolicy(OutgoingEmail)
register_permission_policy(OutgoingEmail, policy)


class SendAgainColumn(Column):
    cell_template_name = "emails/admin/send_again_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        # Cells are rendered without the request's context processors: bring the token.
        context["csrf_token"] = get_token(context["request"])
        context["send_again_url"] = reverse("failed_emails:send_again", args=[instance.pk])
        return context


class FailedEmailIndexView(IndexView):
    page_title = "Failed emails"
    no_results_message = "No email has failed: everything queued was delivered or is on its way."

    def get_base_queryset(self):
        return selectors.failed_emails()


@require_POST
def send_again(request, pk):
    if not policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    outgoing = get_object_or_404(OutgoingEmail, pk=pk, status=OutgoingEmail.Status.FAILED)
    if outgoing.content is None:
        messages.error(request, "This email cannot be sent again: its text is no longer kept.")
    else:
        services.send_again(outgoing=outgoing)
        messages.success(request, f"The email to {outgoing.to} is queued to be sent again.")
    # The dashboard's panel sends people back to the dashboard.
    if request.POST.get("next") == reverse("wagtailadmin_home"):
        return redirect("wagtailadmin_home")
    return redirect("failed_emails:index")


class FailedEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    name = "failed_emails"
    icon = "warning"
    menu_label = "Failed emails"
    menu_order = 160
    add_to_admin_menu = True
    index_view_class = FailedEmailIndexView
    copy_view_enabled = False
    # Never offered: the permission policy allows no add or edit.
    form_fields = ["status"]
    ordering = ["-created_at"]
    list_per_page = 50
    list_display = [
        Column("to", label="Recipient"),
        Column("subject", label="Subject"),
        Column("last_error", label="Reason"),
        DateColumn("claimed_at", label="Last tried", sort_key="claimed_at"),
        DateColumn("created_at", label="Queued", sort_key="created_at"),
        SendAgainColumn("send_again", label="Action"),
    ]

    def get_permissions_to_register(self):
        return _permissions(Q(codename="see_failed_emails", content_type__app_label="emails"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/again/", send_again, name="send_again"),
        ]


@hooks.register("register_admin_viewset")
def register_failed_email_viewset():
    return FailedEmailViewSet()


@hooks.register(registry.PERIODIC_TASKS)
def deliver_due_emails_every_minute():
    # Each commit that queues mail enqueues a run too; this one catches retries.
    return registry.Periodic(task=tasks.deliver_queued_email, seconds=60)


@hooks.register(registry.PERIODIC_TASKS)
def reduce_sent_emails_daily():
    return registry.Periodic(task=tasks.reduce_sent_emails, seconds=24 * 60 * 60)


@dashboard_panel
class FailedEmailsPanel(DashboardPanel):
    """Emails the worker gave up on, newest first, each with "send again"."""

    title = "Emails that could not be sent"
    order = 30
    columns = ["To", "Subject", "Failed", "Action"]
    has_actions = True
    empty_message = "No email has failed."

    def shown_to(self, user) -> bool:
        return policy.user_has_permission(user, "view")

    def rows(self) -> list[Row]:
        rows = []
        for outgoing in selectors.failed_emails()[:10]:
            action = None
            if outgoing.can_send_again:
                action = Action(
                    label=f"Send again: {outgoing.subject}, to {outgoing.to}",
                    text="Send again",
                    url=reverse("failed_emails:send_again", args=[outgoing.pk]),
                )
            failed_at = outgoing.claimed_at or outgoing.created_at
            rows.append(
                Row(
                    [Cell(outgoing.to), Cell(outgoing.subject), Cell(f"{age(failed_at)} ago")],
                    action=action,
                )
            )
        return rows

    def summary(self) -> Summary:
        return Summary(link_url=reverse("failed_emails:index"), link_text="All failed emails")
