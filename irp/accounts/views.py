"""Profile, "your data" (download) and erasing an account. Thin: forms and services."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from . import services
from .adapters import VERIFICATION_SENT_TO
from .forms import EraseAccountForm, ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(person=request.user, **form.cleaned_data)
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_safe
def your_data(request):
    return render(request, "accounts/your_data.html")


@login_required
@require_POST
def download_data(request):
    archive = services.build_data_archive(person=request.user)
    name = f"infinite-recovery-data-{timezone.localdate():%Y-%m-%d}.zip"
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required
def erase(request):
    form = EraseAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = request.user
        logout(request)
        services.erase_account(person=person)
        messages.success(request, "Your account and everything in it have been erased.")
        return redirect("/")
    return render(request, "accounts/erase.html", {"form": form})


def verification_sent(request):
    """After sign-up, or signing in before confirming: where the email went, send it again
    (POST, rate limited), and how to reach a person. Anyone may see it; it shows only the
    address this browser typed."""
    email = request.session.get(VERIFICATION_SENT_TO, "")
    if request.method == "POST" and email:
        if services.send_confirmation_again(request=request, email=email):
            messages.success(request, f"We have sent the email to {email} again.")
        else:
            messages.info(
                request,
                "We sent you one only a few minutes ago. Please give it a little longer, "
                "and look in your spam or junk folder, before asking again.",
            )
        return redirect("account_email_verification_sent")
    response = render(request, "accounts/verification_sent.html", {"email": email})
    response["Cache-Control"] = "no-store"
    return response
