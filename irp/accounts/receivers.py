"""Reactions to allauth's events; each calls one service."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from . import services


@receiver(user_signed_up, dispatch_uid="accounts.welcome_practitioner")
def new_sign_up_is_a_practitioner(sender, request, user, **kwargs):
    services.welcome_practitioner(person=user)
