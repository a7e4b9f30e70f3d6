"""Reactions to allauth's events; each calls one service."""

import time

from allauth.account.signals import (
    password_changed,
    password_reset,
    user_logged_in,
    user_signed_up,
)
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in as django_user_logged_in
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.dispatch import receiver

from . import services
from .middleware import LAST_SEEN_AT, SIGNED_IN_AT
from .security_log import log_event


@receiver(user_signed_up, dispatch_uid="accounts.welcome_practitioner")
def new_sign_up_is_a_practitioner(sender, request, user, **kwargs):
    services.welcome_practitioner(person=user)


# --- The security log (security_log.py) ----------------------------------------------


@receiver(user_logged_in, dispatch_uid="accounts.log_sign_in")
def log_sign_in(sender, request, user, **kwargs):
    log_event("sign_in.succeeded", request=request, user=user)


@receiver(django_user_logged_in, dispatch_uid="accounts.stamp_session")
def stamp_session(sender, request, user, **kwargs):
    # The twelve-hour and idle limits count from here (middleware.SessionLimitsMiddleware).
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = time.time()


@receiver(user_login_failed, dispatch_uid="accounts.log_sign_in_failure")
def log_sign_in_failure(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in `credentials`; only the address is read.
    address = credentials.get("email") or credentials.get("username") or ""
    log_event("sign_in.failed", request=request, email=str(address)[:254])


@receiver(user_logged_out, dispatch_uid="accounts.log_sign_out")
def log_sign_out(sender, request, user, **kwargs):
    log_event("sign_out", request=request, user=user)


@receiver(password_reset, dispatch_uid="accounts.log_password_reset")
def log_password_reset(sender, request, user, **kwargs):
    log_event("password.reset", request=request, user=user)


@receiver(password_changed, dispatch_uid="accounts.log_password_changed")
def log_password_changed(sender, request, user, **kwargs):
    log_event("password.changed", request=request, user=user)


@receiver(mfa_signals.authenticator_used, dispatch_uid="accounts.log_two_step_used")
def log_two_step_used(sender, request, user, authenticator, **kwargs):
    log_event("two_step.succeeded", request=request, user=user, kind=str(authenticator.type))


@receiver(mfa_signals.authentication_failed, dispatch_uid="accounts.log_two_step_failed")
def log_two_step_failed(sender, request, user, authenticator=None, **kwargs):
    kind = str(authenticator.type) if authenticator is not None else ""
    log_event("two_step.failed", request=request, user=user, kind=kind)


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts.log_two_step_added")
def log_two_step_added(sender, request, user, authenticator, **kwargs):
    log_event("two_step.added", request=request, user=user, kind=str(authenticator.type))


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts.log_two_step_removed")
def log_two_step_removed(sender, request, user, authenticator, **kwargs):
    log_event("two_step.removed", request=request, user=user, kind=str(authenticator.type))
