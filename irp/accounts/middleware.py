"""One way into the admins, and two steps for everyone who sees other people's data.

The Wagtail and Django admins each have a sign-in form of their own; both are sent
to /accounts/login/ so that allauth's rate limits and second step always apply.
Anyone in a role that sees other people's data (`roles.sees_other_peoples_data`),
and anyone at all in the admins, who has not passed two steps this session is sent
to set them up or confirm them at their next request (rule: `two_step.py`).
"""

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .roles import sees_other_peoples_data
from .security_log import log_event
from .two_step import (
    ADMIN_LOGIN_PATHS,
    ADMIN_PREFIXES,
    OPEN_VIEW_MODULES,
    OPEN_VIEW_NAMES,
    ask_for_second_step,
    passed_two_steps,
)


def _is_open(request, view_func) -> bool:
    match = request.resolver_match
    if match is not None and match.url_name in OPEN_VIEW_NAMES:
        return True
    module = getattr(view_func, "__module__", "") or ""
    view_class = getattr(view_func, "view_class", None)
    if view_class is not None:
        module = view_class.__module__
    return module.startswith(OPEN_VIEW_MODULES)


class TwoStepMiddleware:
    """The admins' sign-in forms go to allauth's; people in roles that see other
    people's data are asked for two steps at their next request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(ADMIN_LOGIN_PATHS):
            # One way in: allauth's sign-in, with its rate limits and second step.
            next_url = request.GET.get("next") or path.rsplit("login/", 1)[0]
            return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
        response = self.get_response(request)
        if response.status_code == 403:
            # A screen said no (a permission, a role): one line for the security log.
            user = getattr(request, "user", None)
            signed_in = user if user is not None and user.is_authenticated else None
            log_event("access.refused", request=request, user=signed_in, reason="forbidden")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        in_admin = request.path.startswith(ADMIN_PREFIXES)
        if not in_admin and (_is_open(request, view_func) or not sees_other_peoples_data(user)):
            return None
        if passed_two_steps(request):
            return None
        return ask_for_second_step(request)


# Every session ends 12 hours after sign-in, whatever happens in it; a session of
# someone whose role sees other people's data also ends after 30 minutes without a
# request. Both are checked on the server, so a copied cookie stops working too.
SESSION_MAX_SECONDS = 12 * 60 * 60
STAFF_IDLE_SECONDS = 30 * 60
SIGNED_IN_AT = "irp_signed_in_at"
LAST_SEEN_AT = "irp_last_seen_at"
LAST_SEEN_RESOLUTION = 60  # write the session at most once a minute for this


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            ended = self._ended(request)
            if ended:
                log_event("session.ended", request=request, user=request.user, reason=ended)
                logout(request)
                messages.info(request, "You were signed out after a while. Please sign in again.")
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _ended(self, request) -> str:
        session, now = request.session, time.time()
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        if now - signed_in_at > SESSION_MAX_SECONDS:
            return "twelve_hours"
        if sees_other_peoples_data(request.user):
            last_seen = session.get(LAST_SEEN_AT, now)
            if now - last_seen > STAFF_IDLE_SECONDS:
                return "idle"
            if now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now
        return ""
