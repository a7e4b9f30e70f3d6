"""Staff screens for CPD (the professional bodies' rules, certificates issued and their
revocation, hours delivered per month) and what CPD declares to the shared machinery.

Staff never see anyone's activities, evidence or reflective accounts: those are in no
admin screen. Certificates are shown as the facts the public verify page shows."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from irp.core import registry

from . import data_register, demo, notices, selectors, services
from .models import BodyRule, Certificate


class BodyRuleViewSet(ModelViewSet):
    model = BodyRule
    icon = "list-ul"
    menu_label = "CPD body rules"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "cycle_years", "hours_required", "participatory_hours_required",
                    "reflective_accounts_required", "updated_at"]  # fmt: skip
    inspect_view_enabled = False
    copy_view_enabled = False
    form_fields = ["code", "name", "cycle_years", "hours_required", "participatory_hours_required",
                   "reflective_accounts_required", "categories", "guidance"]  # fmt: skip


class CertificatePolicy(ModelPermissionPolicy):
    """Certificates are issued by the platform, never added or deleted by hand; the one
    change staff make is revoking one, with a reason."""

    REFUSED = frozenset({"add", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.REFUSED and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in self.REFUSED]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


certificate_policy = CertificatePolicy(Certificate)
register_permission_policy(Certificate, certificate_policy)


class RevokeView(generic.EditView):
    """The edit screen of a certificate revokes it, through the service (audited)."""

    page_title = "Revoke certificate"

    def save_instance(self):
        reason = self.form.cleaned_data.get("revoked_reason", "")
        fresh = Certificate.objects.get(pk=self.object.pk)
        return services.revoke_certificate(certificate=fresh, reason=reason, by=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as refusal:
            if hasattr(refusal, "error_dict"):
                for field, errors in refusal.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, refusal)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class CertificateViewSet(ModelViewSet):
    model = Certificate
    name = "cpd_certificates"
    icon = "doc-full"
    menu_label = "Certificates"
    menu_order = 321
    add_to_admin_menu = True
    edit_view_class = RevokeView
    permission_policy = certificate_policy
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["title", "source", "held_on", "hours", "facilitators", "holder_name",
                           "issued_at", "revoked_at", "revoked_reason"]  # fmt: skip
    list_display = [
        Column("title", label="For"),
        Column("holder_name", label="Holder"),
        DateColumn("held_on", label="Date", sort_key="held_on"),
        DateColumn("issued_at", label="Issued", sort_key="issued_at"),
        DateColumn("revoked_at", label="Revoked", sort_key="revoked_at"),
    ]
    list_filter = ["source"]
    search_fields = ["title", "holder_name", "code"]
    ordering = ["-issued_at"]
    edit_handler = ObjectList(
        [FieldPanel("revoked_reason", heading="Why is it revoked?",
                    help_text="Shown on the public verify page. Revoking cannot be undone.")]
    )  # fmt: skip


class HoursReportView(ReportView):
    """CPD hours the platform delivered per month: counts only, no names."""

    page_title = "CPD hours per month"
    header_icon = "time"
    index_url_name = "cpd_hours_report"
    index_results_url_name = "cpd_hours_report_results"
    paginate_by = 24
    columns = [
        Column("month_label", label="Month"),
        Column("hours", label="Hours attended"),
        Column("attendances", label="Places attended"),
        Column("certificates", label="Certificates issued"),
    ]
    list_export = ["month_label", "hours", "attendances", "certificates"]
    export_headings = {
        "month_label": "Month", "hours": "Hours attended", "attendances": "Places attended",
        "certificates": "Certificates issued",
    }  # fmt: skip

    def get_queryset(self):
        return [
            SimpleNamespace(month_label=row["month"].strftime("%B %Y"), **row)
            for row in selectors.hours_delivered_by_month(months=24)
        ]


@hooks.register("register_admin_viewset")
def register_body_rules():
    return BodyRuleViewSet("cpd_body_rules")


@hooks.register("register_admin_viewset")
def register_certificates():
    return CertificateViewSet()


@hooks.register("register_admin_urls")
def hours_report_urls():
    return [
        path("reports/cpd-hours/", HoursReportView.as_view(), name="cpd_hours_report"),
        path(
            "reports/cpd-hours/results/",
            HoursReportView.as_view(results_only=True),
            name="cpd_hours_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def hours_report_menu_item():
    return MenuItem("CPD hours per month", reverse("cpd_hours_report"), icon_name="time", order=800)


hooks.register(registry.DEMO_CONTENT, demo.load, order=80)
hooks.register(registry.EXPORT_PERSONAL_DATA, services.export_for, order=40)
hooks.register(registry.ERASE_PERSONAL_DATA, services.erase_for, order=40)
hooks.register(registry.KEY_ROTATIONS, services.rotate_keys)
hooks.register(registry.EMAILS, notices.declared_emails)
hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)


@hooks.register(registry.NAVIGATION, order=40)
def cpd_link():
    return registry.NavLink("CPD", "cpd:home", shown_to=registry.signed_in)
