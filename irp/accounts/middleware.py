"""One way into the admins, and two steps for everyone who sees other people's data.

The Wagtail and Django admins each have a sign-in form of their own; both are sent
to /accounts/login/ so that allauth's rate limits and second step always apply.
Anyone in a role that sees other people's data (`roles.sees_other_peoples_data`),
and anyone at all in the admins, who has not passed two steps this session is sent
to set them up or confirm them at their next request (rule: `two_step.py`).
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .roles import sees_other_peoples_data
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
        return self.get_response(request)

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
