"""The failed emails screen in the Wagtail admin: what the worker gave up on, why, and
a way to send each one again. Only for holders of `emails.see_failed_emails` (staff
admins)."""

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from irp.core import registry
from irp.core.panels import Action, Cell, DashboardPanel, Row, Summary, age, dashboard_panel

from . import data_register, demo, selectors, services, tasks
from .models import EmailText, OutgoingEmail

logger = logging.getLogger(__name__)
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


# --- Email texts --------------------------------------------------------------------

EDIT_EMAIL_TEXTS = "emails.change_emailtext"


class EmailTextPermissionPolicy(ModelPermissionPolicy):
    """Staff who may edit email texts see and change them; nobody adds or deletes one
    (every declared email has exactly one, made by `services.ensure_email_texts`)."""

    def user_has_permission(self, user, action):
        return action in ("view", "change") and user.is_active and user.has_perm(EDIT_EMAIL_TEXTS)


email_text_policy = EmailTextPermissionPolicy(EmailText)
register_permission_policy(EmailText, email_text_policy)


class EmailTextIndexView(SnippetIndexView):
    def get_base_queryset(self):
        # Every declared email is listed, including those added since the last visit.
        services.ensure_email_texts()
        return super().get_base_queryset()


class FollowsDefaultMixin:
    """Saving (or restoring an older version) keeps a revision; texts that match the
    code's own keep following the code."""

    def form_valid(self, form):
        form.instance.uses_default = services.matches_default(form.instance)
        return super().form_valid(form)


class EmailTextEditView(FollowsDefaultMixin, SnippetEditView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        declared = self.object.declared
        context["declared_email"] = declared
        context["placeholders"] = sorted(declared.placeholders.items()) if declared else []
        context["send_test_url"] = reverse("email_texts:send_test", args=[self.object.pk])
        context["reset_url"] = reverse("email_texts:reset", args=[self.object.pk])
        return context


def _email_text_action(view):
    @require_POST
    def wrapped(request, pk):
        if not email_text_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        email_text = get_object_or_404(EmailText, pk=pk)
        if email_text.declared is None:
            messages.error(request, "This email is no longer sent by the site.")
        else:
            view(request, email_text)
        return redirect("email_texts:edit", pk)

    return wrapped


@_email_text_action
def send_test(request, email_text):
    try:
        services.send_test_email(email_text=email_text, to=request.user.email)
    except Exception as mistake:  # a saved text always renders; this is a safety net
        logger.exception("Could not send a test of %s", email_text.template)
        messages.error(request, f"The test could not be written: {mistake}")
        return
    messages.success(
        request,
        f"A test of “{email_text}”, with sample data, is on its way to {request.user.email}. "
        "It shows the text as last saved.",
    )


@_email_text_action
def reset(request, email_text):
    services.reset_email_text(email_text=email_text, user=request.user)
    messages.success(
        request, f"“{email_text}” is back to the default text. Your version is in its history."
    )


class UsesDefaultColumn(Column):
    def get_value(self, instance):
        return "Default text" if instance.uses_default else "Edited by staff"


class EmailTextViewSet(SnippetViewSet):
    model = EmailText
    icon = "mail"
    menu_label = "Email texts"
    menu_name = "email_texts"
    menu_order = 170
    add_to_admin_menu = True
    url_prefix = "email-texts"
    admin_url_namespace = "email_texts"
    index_view_class = EmailTextIndexView
    edit_view_class = EmailTextEditView
    edit_template_name = "emails/admin/email_text_edit.html"
    copy_view_enabled = False
    # The first column links each email to its editor.
    list_display = [
        "__str__",
        Column("template", label="Template"),
        UsesDefaultColumn("uses_default", label="Text"),
        DateColumn("updated_at", label="Changed"),
    ]
    search_fields = ["template", "subject"]
    panels = [FieldPanel("subject"), FieldPanel("text"), FieldPanel("html")]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/send-test/", send_test, name="send_test"),
            path("<int:pk>/reset/", reset, name="reset"),
        ]


register_snippet(EmailTextViewSet)


hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)

hooks.register(registry.DEMO_CONTENT, demo.load, order=90)
