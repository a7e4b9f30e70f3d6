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
