"""The audit log viewer at /admin/audit/: for holders of `audit.view_audit_log`
(auditors) only. It lists and exports; nothing here adds, edits or deletes an entry.
An export is itself recorded. Retention runs daily from the worker's schedule."""

import django_filters
from django.db.models import Q
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from irp.core import registry
from irp.core.spreadsheets import safe_cell

from . import data_register, selectors, services, tasks
from .models import AuditEvent

VIEW_AUDIT_LOG = "audit.view_audit_log"
# Counting a million rows for the page numbers would cost more than the page itself.
COUNT_AT_MOST = 10_000


class AuditPermissionPolicy(ModelPermissionPolicy):
    """Auditors see the log; nobody adds, changes or deletes an entry from any screen."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm(VIEW_AUDIT_LOG)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Permission

        people = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return people.none()
        granted = Permission.objects.filter(
            codename="view_audit_log", content_type__app_label="audit"
        )
        return people.filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=granted)
            | Q(user_permissions__in=granted)
        ).distinct()


policy = AuditPermissionPolicy(AuditEvent)
register_permission_policy(AuditEvent, policy)


class CappedPaginator(WagtailPaginator):
    """Counts at most COUNT_AT_MOST + 1 rows; beyond that the filters narrow it."""

    @cached_property
    def count(self):
        return self.object_list[: COUNT_AT_MOST + 1].count()

    @cached_property
    def items_count_label(self):
        if self.count > COUNT_AT_MOST:
            return f"more than {COUNT_AT_MOST:,} entries"
        return f"{self.count:,} entr{'y' if self.count == 1 else 'ies'}"


class AuditFilterSet(WagtailFilterSet):
    actor = django_filters.CharFilter(label="Who (email address)", method="keep")
    person = django_filters.CharFilter(label="Whose data (email address)", method="keep")
    action = django_filters.ChoiceFilter(label="What", choices=[], method="keep")
    occurred_at = django_filters.DateFromToRangeFilter(
        label="When", widget=DateRangePickerWidget, method="keep"
    )

    class Meta:
        model = AuditEvent
        fields = ["actor", "person", "action", "occurred_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["action"].extra["choices"] = [(a, a) for a in selectors.recorded_actions()]

    def keep(self, queryset, name, value):
        # Applied together by the selector (filter_queryset below).
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        dates = data.get("occurred_at")
        return selectors.audit_log(
            actor=data.get("actor") or "",
            person=data.get("person") or "",
            action=data.get("action") or "",
            since=dates.start.date() if dates and dates.start else None,
            until=dates.stop.date() if dates and dates.stop else None,
        )


class AuditIndexView(IndexView):
    paginator_class = CappedPaginator
    page_title = "Audit log"
    no_results_message = "Nothing recorded matches these filters."

    def get_base_queryset(self):
        return selectors.audit_log()

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV else value

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            filters = {
                key: value
                for key, value in self.request.GET.items()
                if key in ("actor", "person", "action", "occurred_at_from", "occurred_at_to")
                and value
            }
            services.record_event(
                actor=self.request.user,
                action="audit.exported",
                detail={"count": len(context["object_list"]), "filters": filters},
            )
        return super().render_to_response(context, **response_kwargs)


class AuditViewSet(ModelViewSet):
    model = AuditEvent
    name = "audit"
    icon = "history"
    menu_label = "Audit log"
    menu_order = 900
    add_to_admin_menu = True
    index_view_class = AuditIndexView
    filterset_class = AuditFilterSet
    inspect_view_enabled = False
    copy_view_enabled = False
    form_fields = ["action"]  # never offered: the policy allows no add or edit
    ordering = ["-occurred_at"]
    list_per_page = 50
    list_display = [
        DateColumn("occurred_at", label="When"),
        Column("actor_label", label="Who"),
        Column("action", label="What"),
        Column("whose", label="Whose data"),
        Column("record", label="Record"),
        Column("ip_address", label="From address"),
        Column("detail_text", label="Detail"),
    ]
    list_export = [
        "occurred_at",
        "actor_label",
        "action",
        "whose",
        "subject_type",
        "subject_id",
        "ip_address",
        "detail_text",
    ]
    export_headings = {
        "occurred_at": "When",
        "actor_label": "Who",
        "action": "What",
        "whose": "Whose data",
        "subject_type": "Record type",
        "subject_id": "Record id",
        "ip_address": "From address",
        "detail_text": "Detail",
    }
    export_filename = "audit-log"

    def get_permissions_to_register(self):
        from django.contrib.auth.models import Permission

        return Permission.objects.filter(codename="view_audit_log", content_type__app_label="audit")

    def get_urlpatterns(self):
        # Only the list (and its results for the filters): no add, edit or delete exists.
        keep = {"index", "index_results"}
        return [p for p in super().get_urlpatterns() if p.name in keep]


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditViewSet()


@hooks.register(registry.PERIODIC_TASKS)
def purge_old_audit_events_daily():
    return registry.Periodic(task=tasks.purge_old_audit_events, seconds=24 * 60 * 60)


hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)
