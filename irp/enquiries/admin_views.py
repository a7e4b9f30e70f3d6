"""The staff inbox in the Wagtail admin: list, filters, search, CSV export, and each
enquiry's screen with its timeline and actions. Only `enquiries.answer_enquiries`.
Registered from wagtail_hooks.py."""

import re

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from irp.accounts.models import Profession
from irp.audit.services import record_event
from irp.core.spreadsheets import safe_cell
from irp.emails import selectors as email_selectors
from irp.emails import services as email_services
from irp.emails.models import OutgoingEmail

from . import selectors, services
from .models import ContactPage, Enquiry
from .permissions import answer_permission, policy

# Control characters XML 1.0 cannot hold (an XLSX file is XML).
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class EnquiryFilterSet(WagtailFilterSet):
    box = django_filters.ChoiceFilter(
        label="Box",
        choices=[("inbox", "Inbox"), ("spam", "Suspected spam")],
        empty_label="Inbox",
        method="keep",  # applied in the view, so a bad filter never mixes spam in
    )
    status = django_filters.ChoiceFilter(choices=Enquiry.Status.choices)
    role = django_filters.ChoiceFilter(label="Role", choices=Profession.choices)
    received_at = django_filters.DateFromToRangeFilter(
        label="Received", widget=DateRangePickerWidget
    )
    has_failed_email = django_filters.BooleanFilter(label="An email failed")

    class Meta:
        model = Enquiry
        fields = ["box", "status", "role", "received_at", "has_failed_email"]

    def keep(self, queryset, name, value):
        return queryset


class EnquiryIndexView(IndexView):
    def get_base_queryset(self):
        spam = self.request.GET.get("box") == "spam"
        return selectors.inbox_enquiries(suspected_spam=spam)

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        # XLSX cells are typed (Wagtail stores would-be formulas as text); CSV needs this.
        if export_format == self.FORMAT_CSV:
            return safe_cell(value)
        # XML 1.0 cannot hold most control characters: a name typed with one would
        # otherwise break the whole spreadsheet.
        return XLSX_ILLEGAL.sub("", value) if isinstance(value, str) else value

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            record_event(
                actor=self.request.user,
                action="enquiry.exported",
                detail={"count": len(context["object_list"])},
            )
        return super().render_to_response(context, **response_kwargs)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Enquiry.Status.choices)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=selectors.people_who_answer_enquiries(), required=False, empty_label="Nobody"
    )


class NoteForm(forms.Form):
    text = forms.CharField(label="Internal note", widget=forms.Textarea(attrs={"rows": 3}))


class EnquiryInspectView(InspectView):
    template_name = "enquiries/admin/inspect.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Every opening of an enquiry is recorded: who, and when.
        services.record_opening(enquiry=self.object, actor=request.user)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enquiry = self.object
        context.update(
            enquiry=enquiry,
            timeline=selectors.enquiry_timeline(enquiry),
            status_form=StatusForm(initial={"status": enquiry.status}),
            assign_form=AssignForm(initial={"assignee": enquiry.assignee_id}),
            note_form=NoteForm(),
            staff_actions=services.staff_actions(enquiry=enquiry),
            urls={
                name: reverse(f"enquiries:{name}", args=[enquiry.pk])
                for name in ("status", "assign", "note", "spam", "not_spam")
            },
        )
        return context


def _guarded(view):
    """Inbox actions: POST only, and only for holders of the enquiries permission."""

    @require_POST
    def wrapped(request, pk, **kwargs):
        if not policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        enquiry = get_object_or_404(Enquiry, pk=pk)
        try:
            view(request, enquiry, **kwargs)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        return redirect("enquiries:inspect", enquiry.pk)

    return wrapped


def _response_time() -> str:
    page = ContactPage.objects.live().first()
    return page.response_time if page else ""


@_guarded
def change_status(request, enquiry):
    form = StatusForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Please choose one of the statuses listed.")
    services.change_status(enquiry=enquiry, status=form.cleaned_data["status"], actor=request.user)
    messages.success(request, "Status changed.")


@_guarded
def assign(request, enquiry):
    form = AssignForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Please choose someone who answers enquiries.")
    services.assign_enquiry(
        enquiry=enquiry, assignee=form.cleaned_data["assignee"], actor=request.user
    )
    messages.success(request, "Assignee changed.")


@_guarded
def add_note(request, enquiry):
    services.add_note(enquiry=enquiry, text=request.POST.get("text", ""), actor=request.user)
    messages.success(request, "Note added.")


@_guarded
def mark_spam(request, enquiry):
    services.mark_spam(enquiry=enquiry, actor=request.user)
    messages.success(request, "Marked as spam: it is now in the suspected-spam box.")


@_guarded
def mark_not_spam(request, enquiry):
    services.mark_not_spam(enquiry=enquiry, actor=request.user, response_time=_response_time())
    messages.success(request, "Marked as not spam: it is back in the inbox.")


@require_POST
def send_email_again(request, pk, email_pk):
    if not policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    enquiry = get_object_or_404(Enquiry, pk=pk)
    try:
        outgoing = email_selectors.email_about(enquiry, pk=email_pk)
    except OutgoingEmail.DoesNotExist as missing:
        raise Http404 from missing
    email_services.send_again(outgoing=outgoing)
    messages.success(request, "The email is queued to be sent again.")
    return redirect("enquiries:inspect", enquiry.pk)


class EnquiryViewSet(ModelViewSet):
    model = Enquiry
    name = "enquiries"
    icon = "mail"
    menu_label = "Enquiries"
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = EnquiryIndexView
    inspect_view_class = EnquiryInspectView
    inspect_view_enabled = True
    filterset_class = EnquiryFilterSet
    # Never offered: the permission policy allows no add or edit (see permissions.py).
    form_fields = ["status"]
    search_fields = ["name", "email", "organisation", "hopes"]
    ordering = ["-received_at"]
    list_per_page = 50
    list_display = [
        "name",
        "email",
        Column("role_label", label="Role"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("assignee", label="Assignee"),
        DateColumn("received_at", label="Received", sort_key="received_at"),
        Column("has_failed_email", label="Email failed", accessor="failed_label"),
    ]
    list_export = [
        "received_at",
        "name",
        "email",
        "role_label",
        "organisation",
        "hopes",
        "heard_from",
        "status",
        "assignee",
        "consent_version",
        "consented_at",
    ]
    export_headings = {"role_label": "Role or profession", "hopes": "What they hope to explore"}
    export_filename = "enquiries"

    def get_permissions_to_register(self):
        return answer_permission()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/status/", change_status, name="status"),
            path("<int:pk>/assign/", assign, name="assign"),
            path("<int:pk>/note/", add_note, name="note"),
            path("<int:pk>/spam/", mark_spam, name="spam"),
            path("<int:pk>/not-spam/", mark_not_spam, name="not_spam"),
            path("<int:pk>/emails/<int:email_pk>/again/", send_email_again, name="email_again"),
        ]
