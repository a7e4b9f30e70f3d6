"""The people screen in the Wagtail admin (/admin/people/): find a person, see their
account (profile, roles, two-step state, and what other apps declare about them:
enquiries, places, cohorts; never their journal), and act for them: resend the
confirmation link, reset two-step sign-in (with a reason), change roles, download
their data, erase their account. Holders of `accounts.manage_people` only; every
opening and every act is written to the audit log. Registered from wagtail_hooks.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from irp.audit.services import record_event
from irp.core import registry

from . import selectors, services
from .models import User

MANAGE_PEOPLE = "accounts.manage_people"


def may_manage_people(user) -> bool:
    return user.is_active and user.has_perm(MANAGE_PEOPLE)


def _guard(request):
    if not may_manage_people(request.user):
        raise PermissionDenied


def _person(pk) -> User:
    try:
        return selectors.person_for_staff(pk)
    except User.DoesNotExist as missing:
        raise Http404("No such person.") from missing


class ResetTwoStepForm(forms.Form):
    reason = forms.CharField(
        label="Reason (recorded in the audit log)",
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Give the reason for resetting two-step sign-in."},
    )


def _role_choices():
    return [(name, name) for name in selectors.role_names()]


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Roles", choices=_role_choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class EraseForm(forms.Form):
    confirm_email = forms.CharField(
        label="Type the person's email address to confirm", max_length=254
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_confirm_email(self):
        typed = self.cleaned_data["confirm_email"].strip()
        if typed.lower() != self.person.email.lower():
            raise ValidationError("That is not this person's address: nothing was erased.")
        return typed


class PeopleView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/people.html"
    page_title = "People"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        _guard(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")[:200]
        context["query"] = query
        context["people"] = selectors.people_matching(query)
        return context


class PersonView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/person.html"
    header_icon = "user"
    forms: dict = {}

    def dispatch(self, request, *args, **kwargs):
        _guard(request)
        self.person = _person(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Person: {self.person.email}"

    def get(self, request, *args, **kwargs):
        record_event(actor=request.user, action="account.viewed", subject=self.person)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person
        held = [group.name for group in person.groups.all()]
        facts: dict[str, list] = {}
        for fact in registry.person_summary(person):
            facts.setdefault(fact.section, []).append(fact)
        context.update(
            person=person,
            roles_held=held,
            addresses=selectors.email_addresses(person),
            two_step=selectors.two_step_methods(person),
            facts=facts,
            is_self=person.pk == self.request.user.pk,
            reset_form=kwargs.get("reset_form") or ResetTwoStepForm(),
            roles_form=kwargs.get("roles_form") or RolesForm(initial={"roles": held}),
            erase_form=kwargs.get("erase_form") or EraseForm(person=person),
            urls={
                name: reverse(f"people:{name}", args=[person.pk])
                for name in ("resend", "reset_two_step", "roles", "export", "erase")
            },
        )
        return context


def _back(pk):
    return redirect("people:person", pk)


def _refused(request, refusal: ValidationError, pk):
    messages.error(request, " ".join(refusal.messages))
    return _back(pk)


@require_POST
def resend(request, pk):
    _guard(request)
    person = _person(pk)
    try:
        services.resend_verification(request=request, person=person, by=request.user)
    except ValidationError as refusal:
        return _refused(request, refusal, pk)
    messages.success(request, f"A new confirmation link is on its way to {person.email}.")
    return _back(pk)


def _form_again(request, pk, **forms):
    # A refused form is shown again with what was typed and the reason.
    view = PersonView()
    view.setup(request, pk=pk)
    view.person = _person(pk)
    return view.render_to_response(view.get_context_data(**forms))


@require_POST
def reset_two_step(request, pk):
    _guard(request)
    person = _person(pk)
    form = ResetTwoStepForm(request.POST)
    if not form.is_valid():
        return _form_again(request, pk, reset_form=form)
    try:
        removed = services.reset_two_step(
            person=person, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as refusal:
        return _refused(request, refusal, pk)
    messages.success(
        request,
        f"Two-step sign-in is reset for {person.email} ({removed} removed); they set it up "
        "again at their next sign-in.",
    )
    return _back(pk)


@require_POST
def change_roles(request, pk):
    _guard(request)
    person = _person(pk)
    form = RolesForm(request.POST)
    if not form.is_valid():
        return _form_again(request, pk, roles_form=form)
    try:
        change = services.change_roles(
            person=person, chosen=form.cleaned_data["roles"], by=request.user
        )
    except ValidationError as refusal:
        return _refused(request, refusal, pk)
    if change["added"] or change["removed"]:
        messages.success(request, f"Roles of {person.email} changed.")
    else:
        messages.info(request, "Nothing changed.")
    return _back(pk)


@require_POST
def export(request, pk):
    _guard(request)
    person = _person(pk)
    archive = services.build_data_archive(person=person, requested_by=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-data.zip"'
    response["Cache-Control"] = "no-store"
    return response


class EraseView(PersonView):
    template_name = "accounts/admin/person_erase.html"

    def get(self, request, *args, **kwargs):
        return TemplateView.get(self, request, *args, **kwargs)

    def get_page_title(self):
        return f"Erase {self.person.email}"

    def post(self, request, pk):
        form = EraseForm(request.POST, person=self.person)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(erase_form=form))
        if self.person.pk == request.user.pk:
            messages.error(request, "You cannot erase your own account from here.")
            return _back(pk)
        email = self.person.email
        services.erase_account(person=self.person, erased_by=request.user)
        messages.success(request, f"The account of {email} and its personal data are erased.")
        return redirect("people:index")
