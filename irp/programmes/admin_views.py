"""Staff screens for programmes in the Wagtail admin: cohorts (a ModelViewSet whose
saves go through the services), the application queue (accept or decline with a note,
bulk accept), and each cohort's people: members, waiting list, moves. Registered from
wagtail_hooks.py. Reviewing needs `programmes.review_applications`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from irp.enquiries.models import Enquiry

from . import selectors, services
from .forms import DecisionForm
from .models import Cohort, Enrolment

REVIEW = "programmes.review_applications"
ANSWER_ENQUIRIES = "enquiries.answer_enquiries"


def _may_review(user) -> bool:
    return user.is_active and user.has_perm(REVIEW)


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
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class CohortCreateView(_RefusalsAsFormErrors, generic.CreateView):
    def save_instance(self):
        return services.save_cohort(
            cohort=self.form.instance, facilitators=self.form.cleaned_data.get("facilitators")
        )


class CohortEditView(_RefusalsAsFormErrors, generic.EditView):
    def save_instance(self):
        return services.save_cohort(
            cohort=self.form.instance, facilitators=self.form.cleaned_data.get("facilitators")
        )


class CohortDeleteView(generic.DeleteView):
    """Only a cohort nobody has applied to may be deleted; otherwise cancel it."""

    def get(self, request, *args, **kwargs):
        return self._refusal() or super().get(request, *args, **kwargs)

    def form_valid(self, form):
        return self._refusal() or super().form_valid(form)

    def _refusal(self):
        if not self.object.enrolments.exists():
            return None
        messages.error(
            self.request,
            "People have applied to this cohort, so it cannot be deleted. "
            "Set its status to Cancelled instead.",
        )
        return redirect("programme_cohorts:edit", self.object.pk)


class CohortPeopleView(WagtailAdminTemplateMixin, TemplateView):
    """One cohort's people: members, the waiting list, applications; moves."""

    template_name = "programmes/admin/cohort_people.html"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not _may_review(request.user):
            raise PermissionDenied
        self.cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"People of {self.cohort}"

    def get_context_data(self, **kwargs):
        cohort = self.cohort
        services.note_cohort_people_viewed(
            cohort=cohort, viewer=self.request.user, action="programmes.cohort_people_viewed"
        )
        others = (
            Cohort.objects.filter(programme=cohort.programme)
            .exclude(pk=cohort.pk)
            .exclude(status=Cohort.Status.CANCELLED)
        )
        return super().get_context_data(
            cohort=cohort,
            members=selectors.member_rows(cohort),
            waiting=selectors.waiting_list(cohort),
            applied=cohort.enrolments.filter(state=Enrolment.State.APPLIED).select_related(
                "person"
            ),
            other_cohorts=others,
            step_total=selectors.step_count(cohort.programme),
            **kwargs,
        )


class ApplicationQueueView(WagtailAdminTemplateMixin, TemplateView):
    """Applications waiting for a reply, oldest first, with their answers."""

    template_name = "programmes/admin/applications.html"
    page_title = "Applications"
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not _may_review(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            applications=selectors.applications_waiting()[:200],
            decision_form=DecisionForm(),
            **kwargs,
        )


def _enrolment_ids(request) -> list[int]:
    ids = []
    for raw in request.POST.getlist("enrolment"):
        if raw.isascii() and raw.isdigit() and len(raw) <= 18:
            ids.append(int(raw))
    return ids


@require_POST
def decide(request):
    """Accept or decline the ticked applications (or one), with an optional note."""
    if not _may_review(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, "The note is too long (2,000 characters at most).")
        return redirect("programme_cohorts:applications")
    enrolments = list(
        Enrolment.objects.filter(pk__in=_enrolment_ids(request)).select_related("person")
    )
    if not enrolments:
        messages.error(request, "Tick at least one application first.")
        return redirect("programme_cohorts:applications")
    if request.POST.get("decision") == "decline":
        declined = 0
        for enrolment in enrolments:
            try:
                services.decline_application(enrolment=enrolment, note=note)
                declined += 1
            except ValidationError as refusal:
                messages.error(request, f"{enrolment.person}: {' '.join(refusal.messages)}")
        if declined:
            messages.success(request, f"Declined {declined}; each person is told by email.")
    else:
        accepted, refusals = services.accept_applications(enrolments=enrolments, note=note)
        for refusal in refusals:
            messages.error(request, refusal)
        if accepted:
            waiting = sum(1 for e in accepted if e.state == Enrolment.State.WAITING)
            text = f"Accepted {len(accepted)}; each person is told by email."
            if waiting:
                text += f" {waiting} joined the waiting list, as the cohort is full."
            messages.success(request, text)
    return redirect("programme_cohorts:applications")


@require_POST
def move(request, pk):
    """Move one person to another cohort of the same programme."""
    if not _may_review(request.user):
        raise PermissionDenied
    enrolment = get_object_or_404(Enrolment.objects.select_related("cohort"), pk=pk)
    raw = request.POST.get("to", "")
    target = None
    if raw.isascii() and raw.isdigit() and len(raw) <= 18:
        target = Cohort.objects.filter(pk=int(raw)).first()
    if target is None:
        messages.error(request, "Choose the cohort to move the person to.")
    else:
        try:
            services.move_to_cohort(enrolment=enrolment, cohort=target)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, f"Moved to {target}; the person is told by email.")
    return redirect("programme_cohorts:people", enrolment.cohort_id)


class PeopleColumn(Column):
    cell_template_name = "programmes/admin/people_cell.html"


@require_POST
def invite(request, enquiry_id):
    """From an enquiry's screen in the inbox: invite the enquirer to apply."""
    if not (_may_review(request.user) and request.user.has_perm(ANSWER_ENQUIRIES)):
        raise PermissionDenied
    enquiry = get_object_or_404(Enquiry, pk=enquiry_id)
    raw = request.POST.get("cohort", "")
    cohort = None
    if raw.isascii() and raw.isdigit() and len(raw) <= 18:
        cohort = selectors.cohort_open_for_applications(int(raw))
    if cohort is None:
        messages.error(request, "Choose a cohort that is taking applications.")
    else:
        try:
            services.invite_to_apply(enquiry=enquiry, cohort=cohort, by=request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, f"Invitation to apply for {cohort} sent to {enquiry.email}.")
    return redirect("enquiries:inspect", enquiry.pk)


def enquiry_action(*, enquiry):
    """What programmes add to an enquiry's screen in the inbox (the enquiries hook)."""
    cohorts = selectors.cohorts_open_for_applications()
    if not cohorts:
        return None
    return {
        "template": "programmes/admin/enquiry_invite.html",
        "context": {"enquiry": enquiry, "cohorts": cohorts},
    }


class CohortViewSet(ModelViewSet):
    model = Cohort
    name = "programme_cohorts"
    url_prefix = "programmes/cohorts"
    icon = "group"
    menu_label = "Cohorts"
    menu_order = 310
    add_to_admin_menu = True
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    delete_view_class = CohortDeleteView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = [
        Column("programme", label="Programme"),
        "title",
        "starts_on",
        "capacity",
        "status",
        PeopleColumn("people", label="People"),
    ]
    list_filter = ["status", "programme"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldPanel("title"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("starts_on"), FieldPanel("zone")])], heading="When"
            ),
            FieldPanel("capacity"),
            FieldPanel("facilitators"),
            FieldPanel("application_questions"),
            FieldPanel("status"),
        ]
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("applications/", ApplicationQueueView.as_view(), name="applications"),
            path("applications/decide/", decide, name="decide"),
            path("<int:pk>/people/", CohortPeopleView.as_view(), name="people"),
            path("enrolments/<int:pk>/move/", move, name="move"),
            path("invite/<int:enquiry_id>/", invite, name="invite"),
        ]
