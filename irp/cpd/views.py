"""CPD pages. Thin: reads through selectors, writes through services.

Everything but the verify page is the signed-in person's own: anyone else's activity,
evidence, account, export or certificate answers 404, for staff too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from irp.core.http import client_ip
from irp.reflections import selectors as reflections

from . import documents, selectors, services
from .forms import AccountForm, ActivityForm, BodyForm, EvidenceForm, ExportForm, PeriodForm
from .models import Export

PAGE_SIZE = 50
FORM_METHODS = ["GET", "HEAD", "POST"]


def _private(response):
    # Someone's record must not linger in shared or back-button caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _page(request, template, context):
    return _private(render(request, template, context))


def _posted(request):
    # An empty POST is still a POST: its form is bound and says what is missing.
    return request.POST if request.method == "POST" else None


def _refusal_to_form(form, refusal: ValidationError):
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


def _download(content, *, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


@login_required
@require_safe
def home(request):
    records = selectors.records_of(request.user)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "body": selectors.body_of(request.user)}
    return _page(request, "cpd/home.html", context)


def _categories(person):
    body = selectors.body_of(person)
    return body.category_list if body else []


@login_required
@require_http_methods(FORM_METHODS)
def activity_new(request):
    form = ActivityForm(_posted(request), person=request.user, categories=_categories(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.log_activity(person=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, "Your activity is logged. You can attach evidence here.")
            return redirect(activity)
    return _page(request, "cpd/activity_form.html", {"form": form, "title": "Log an activity"})


@login_required
@require_safe
def activity(request, pk):
    activity = selectors.activity_for_owner(person=request.user, pk=pk)
    context = {"activity": activity, "evidence_form": EvidenceForm()}
    return _page(request, "cpd/activity_detail.html", context)


@login_required
@require_http_methods(FORM_METHODS)
def activity_edit(request, pk):
    activity = selectors.activity_for_owner(person=request.user, pk=pk)
    form = ActivityForm(
        _posted(request),
        instance=activity,
        person=request.user,
        categories=_categories(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_activity(activity=activity, **form.cleaned_data)
        except ValidationError as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect(activity)
    context = {"form": form, "title": f"Change “{activity.title}”", "activity": activity}
    return _page(request, "cpd/activity_form.html", context)


@login_required
@require_http_methods(FORM_METHODS)
def activity_delete(request, pk):
    activity = selectors.activity_for_owner(person=request.user, pk=pk)
    if request.method == "POST":
        services.delete_activity(activity=activity)
        messages.success(request, "The activity and its evidence are deleted.")
        return redirect("cpd:home")
    return _page(request, "cpd/confirm_delete.html", {"thing": activity, "kind": "activity"})


@login_required
@require_POST
def evidence_upload(request, pk):
    activity = selectors.activity_for_owner(person=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_evidence(activity=activity, upload=form.cleaned_data["file"])
        except ValidationError as refusal:
            form.add_error("file", refusal)
        else:
            messages.success(request, "The file is attached. Only you can open it.")
            return redirect(activity)
    context = {"activity": activity, "evidence_form": form}
    return _private(render(request, "cpd/activity_detail.html", context, status=400))


@login_required
@require_safe
def evidence(request, key):
    evidence = selectors.evidence_for_owner(person=request.user, key=key)
    try:
        handle = evidence.file.open("rb")
    except OSError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name,
        content_type=evidence.content_type,
    )  # fmt: skip
    return _private(response)


@login_required
@require_POST
def evidence_delete(request, key):
    evidence = selectors.evidence_for_owner(person=request.user, key=key)
    activity = evidence.activity
    services.delete_evidence(evidence=evidence)
    messages.success(request, "The file is deleted.")
    return redirect(activity)


@login_required
@require_safe
def accounts(request):
    context = {
        "accounts": selectors.accounts_of(request.user),
        "entries": reflections.reflections_of(request.user)[:20],
    }
    return _page(request, "cpd/accounts.html", context)


@login_required
@require_http_methods(FORM_METHODS)
def account_new(request):
    initial = {"written_on": timezone.localdate()}
    source = request.GET.get("from", "")
    if request.method != "POST" and source:
        if not source.isdigit():
            raise Http404
        initial = services.draft_from_reflection(person=request.user, reflection_id=int(source))
    form = AccountForm(_posted(request), initial=initial, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.write_account(person=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, "Your reflective account is saved. Only you can read it.")
            return redirect(account)
    context = {"form": form, "title": "Write a reflective account", "from_journal": bool(source)}
    return _page(request, "cpd/account_form.html", context)


@login_required
@require_safe
def account(request, pk):
    account = selectors.account_for_owner(person=request.user, pk=pk)
    return _page(request, "cpd/account_detail.html", {"account": account})


@login_required
@require_http_methods(FORM_METHODS)
def account_edit(request, pk):
    account = selectors.account_for_owner(person=request.user, pk=pk)
    form = AccountForm(_posted(request), instance=account, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_account(account=account, **form.cleaned_data)
        except ValidationError as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect(account)
    context = {"form": form, "title": f"Change “{account.title}”", "account": account}
    return _page(request, "cpd/account_form.html", context)


@login_required
@require_http_methods(FORM_METHODS)
def account_delete(request, pk):
    account = selectors.account_for_owner(person=request.user, pk=pk)
    if request.method == "POST":
        services.delete_account(account=account)
        messages.success(request, "The reflective account is deleted.")
        return redirect("cpd:accounts")
    return _page(request, "cpd/confirm_delete.html", {"thing": account, "kind": "account"})


@login_required
@require_safe
def summary(request):
    rule = selectors.body_of(request.user)
    start, end = selectors.default_period(rule, today=timezone.localdate())
    period = PeriodForm(request.GET if request.GET else None, initial={"starts_on": start,
                                                                      "ends_on": end})  # fmt: skip
    if request.GET and period.is_valid():
        start, end = period.cleaned_data["starts_on"], period.cleaned_data["ends_on"]
    status = 400 if request.GET and not period.is_valid() else 200
    context = {
        "summary": selectors.summary_of(request.user, starts_on=start, ends_on=end, rule=rule),
        "period": period,
        "body_form": BodyForm(initial={"body": rule}),
        "export_form": ExportForm(initial={"starts_on": start, "ends_on": end, "format": "pdf"}),
        "rule": rule,
    }
    return _private(render(request, "cpd/summary.html", context, status=status))


@login_required
@require_POST
def choose_body(request):
    form = BodyForm(request.POST)
    if form.is_valid():
        services.choose_body(person=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Your summary now follows the body you chose.")
    else:
        messages.error(request, "Please choose one of the bodies listed.")
    return redirect("cpd:summary")


@login_required
@require_http_methods(FORM_METHODS)
def exports(request):
    form = ExportForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            export = services.request_export(person=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            _refusal_to_form(form, refusal)
        else:
            if export.status == Export.Status.READY:
                messages.success(request, "Your record is ready to download.")
            else:
                messages.success(
                    request,
                    "Your record is being made. This page shows when it is ready, and we "
                    "will email you too.",
                )
            return redirect("cpd:exports")
    context = {"form": form, "exports": selectors.exports_of(request.user)[:20]}
    status = 400 if form.errors else 200
    return _private(render(request, "cpd/exports.html", context, status=status))


@login_required
@require_safe
def export(request, key):
    export = selectors.export_for_owner(person=request.user, key=key)
    if export.status != Export.Status.READY or not export.file:
        raise Http404
    content_type = "text/csv; charset=utf-8" if export.format == "csv" else "application/pdf"
    try:
        handle = export.file.open("rb")
    except OSError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=export.filename, content_type=content_type
    )
    return _private(response)


@login_required
@require_http_methods(FORM_METHODS)
def certificates(request):
    if request.method == "POST":
        try:
            certificate = services.issue_certificate(
                person=request.user, source_key=request.POST.get("source", "")[:40]
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, f"Your certificate for “{certificate.title}” is ready.")
        return redirect("cpd:certificates")
    context = {"earned": selectors.earned_certificates(request.user)}
    return _page(request, "cpd/certificates.html", context)


@login_required
@require_safe
def certificate(request, pk):
    certificate = selectors.certificate_for_owner(person=request.user, pk=pk)
    content = documents.certificate_pdf(certificate)
    return _download(
        content, filename=f"certificate-{certificate.held_on}.pdf", content_type="application/pdf"
    )


@require_safe
def verify(request, code):
    """Public: what a certificate says and whether it stands. Any other code is a plain
    404, and look-ups are limited per address."""
    if not services.verify_allowed(client_address=client_ip(request)):
        response = render(request, "cpd/verify_slow_down.html", status=429)
        response["Retry-After"] = "60"
        return response
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        raise Http404
    context = {"certificate": certificate, "stands": selectors.certificate_stands(certificate)}
    response = render(request, "cpd/verify.html", context)
    response["Cache-Control"] = "no-cache"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
