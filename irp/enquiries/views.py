"""The contact page's form and its thank-you page, served for every visit to a ContactPage
(through the before_serve_page hook in wagtail_hooks.py)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from irp.core.http import client_ip

from . import services
from .forms import EnquiryForm

TEMPLATE = "enquiries/contact_page.html"


@never_cache
@csrf_protect
def contact_page(request, *, page, sent: bool = False):
    context = {"page": page, "self": page, "request": request}
    if sent:
        context["next_steps_extras"] = services.next_steps_extras(enquiry=None)
        return TemplateResponse(request, "enquiries/contact_page_sent.html", context)

    if request.method != "POST":
        context["form"] = EnquiryForm(consent_text=page.consent_text)
        return TemplateResponse(request, TEMPLATE, context)

    form = EnquiryForm(request.POST, consent_text=page.consent_text)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.check_rate_limits(
                client_address=client_ip(request),
                email=data["email"],
                limit=settings.ENQUIRY_RATE_LIMIT_PER_HOUR,
            )
            services.submit_enquiry(
                name=data["name"],
                email=data["email"],
                role=data["role"],
                role_other=data["role_other"],
                organisation=data["organisation"],
                hopes=data["hopes"],
                heard_from=data["heard_from"],
                consent_text=page.consent_text,
                consent_version=page.consent_version,
                spam_reasons=form.spam_reasons(),
                response_time=page.response_time,
            )
        except services.RateLimited as refusal:
            form.add_error(None, refusal)
            status = 429
        except ValidationError as refusal:
            form.add_error(None, " ".join(refusal.messages))
        else:
            return redirect(page.get_url(request) + "sent/")
    context["form"] = form
    return TemplateResponse(request, TEMPLATE, context, status=status)
