"""One way into the admins: through the accounts sign-in, and only with MFA.

The Wagtail and Django admins each have a sign-in form of their own; both are sent
to /accounts/login/ so that allauth's rate limits and second factor always apply.
Anyone signed in who reaches either admin without an authenticator app or passkey
is sent to set one up first.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .selectors import has_strong_sign_in

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_LOGIN_PATHS = ("/admin/login/", "/django-admin/login/")


class AdminRequiresMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(ADMIN_LOGIN_PATHS):
            next_url = request.GET.get("next") or path.rsplit("login/", 1)[0]
            return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
        needs_mfa = path.startswith(ADMIN_PREFIXES) and request.user.is_authenticated
        if needs_mfa and not has_strong_sign_in(request.user):
            messages.info(
                request,
                "The admin asks for a second step at sign-in. Please set up an "
                "authenticator app or a passkey first.",
            )
            return redirect("mfa_index")
        return self.get_response(request)
