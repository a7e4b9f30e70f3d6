"""Two-step sign-in for everyone who can see other people's data.

A person passes when they have an authenticator app or a passkey AND this session
used it: allauth writes an "mfa" record into the session when the second step is
taken at sign-in (or to confirm it is them again), read here through its public
`get_authentication_records`. Having an authenticator is not enough on its own: a
session that began with a password only (the person set up their app afterwards)
is asked for a code once.

Two ways in, one rule:

- `TwoStepMiddleware` asks anyone holding such a role (`roles.sees_other_peoples_data`)
  at their next request, whatever the page, and guards the admins by URL.
- `two_step_required` marks a screen that shows other people's data, so the screen
  refuses on its own even for someone outside those roles (a session's facilitator).

Setting up, confirming, signing out, public pages and static files stay open, so
nobody is sent round in a loop.
"""

from functools import wraps

from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .security_log import log_event
from .selectors import has_strong_sign_in

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_LOGIN_PATHS = ("/admin/login/", "/django-admin/login/")
# Views that stay open before the second step: allauth's own (sign-in, sign-out,
# setting up and confirming the second step, password and address), public pages
# served by Wagtail, and the load balancer's probe. Static files never reach Django's
# views (WhiteNoise answers them first).
OPEN_VIEW_MODULES = ("allauth.",)
# Public pages and files, and the "check your email" page of sign-up (allauth's own
# pages are open by module above; ours stands in for one of them).
OPEN_VIEW_NAMES = {
    "wagtail_serve",
    "healthz",
    "robots_txt",
    "sitemap",
    "security_txt",
    "media",
    "verification_sent",
}

SET_UP_MESSAGE = (
    "Your role lets you see other people's details, so it asks for a second step at "
    "sign-in. Please set up an authenticator app or a passkey to carry on."
)
CONFIRM_MESSAGE = (
    "Your role lets you see other people's details. Please confirm it is you with "
    "your authenticator app or passkey to carry on."
)


def passed_two_steps(request) -> bool:
    """True when the signed-in person has an authenticator app or passkey and this
    session's sign-in (or a later confirmation) used it."""
    user = request.user
    if not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    if not any(record.get("method") == "mfa" for record in records):
        return False
    return has_strong_sign_in(user)


def ask_for_second_step(request):
    """The redirect for someone who has not passed two steps: set one up, or, with
    one already set up, confirm it and come back."""
    log_event("access.refused", request=request, user=request.user, reason="two_step")
    if not has_strong_sign_in(request.user):
        messages.info(request, SET_UP_MESSAGE)
        return redirect("mfa_index")
    messages.info(request, CONFIRM_MESSAGE)
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('mfa_reauthenticate')}?{query}")


def two_step_required(view):
    """For views that show or act on other people's data: signed in, and with two
    steps. Anonymous visitors go to sign-in, as with `login_required`."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not passed_two_steps(request):
            return ask_for_second_step(request)
        return view(request, *args, **kwargs)

    guarded.two_step_required = True
    return guarded
