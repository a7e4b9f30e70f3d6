"""Reads about accounts that other apps need."""

from allauth.account.models import EmailAddress


def has_verified_email(user) -> bool:
    """True when the person has confirmed their primary email address by its link."""
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def has_strong_sign_in(user) -> bool:
    """True when the person has an authenticator app or a passkey set up. allauth then
    asks for it at every sign-in, so their sessions have passed a second factor."""
    from allauth.mfa.models import Authenticator

    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
