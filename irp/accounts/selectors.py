"""Reads about accounts that other apps need."""

from allauth.account.models import EmailAddress


def has_verified_email(user) -> bool:
    """True when the person has confirmed their primary email address by its link."""
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
