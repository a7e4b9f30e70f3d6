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


def people_matching(query: str, *, limit: int = 50):
    """People whose address or name contains `query`, for the staff people screen."""
    from django.db.models import Q

    from .models import User

    query = query.strip()
    people = User.objects.order_by("email")
    if query:
        people = people.filter(Q(email__icontains=query) | Q(display_name__icontains=query))
    return people.prefetch_related("groups")[:limit]


def person_for_staff(pk):
    """One person with their roles, for the people screen. Raises User.DoesNotExist."""
    from .models import User

    return User.objects.prefetch_related("groups").get(pk=pk)


def two_step_methods(person) -> list[str]:
    """What a person signs in with beyond the password, in words ("Authenticator app",
    "Passkey", "Recovery codes"), never the secrets themselves."""
    from allauth.mfa.models import Authenticator

    labels = dict(Authenticator.Type.choices)
    kinds = Authenticator.objects.filter(user=person).values_list("type", flat=True)
    return sorted({str(labels.get(kind, kind)) for kind in kinds})


def email_addresses(person) -> list[EmailAddress]:
    return list(EmailAddress.objects.filter(user=person).order_by("-primary", "email"))


def role_names() -> list[str]:
    """Every role a person may be given: the platform's own first, then staff's teams."""
    from django.contrib.auth.models import Group

    from .roles import ALL_ROLES

    names = set(Group.objects.values_list("name", flat=True))
    return [r for r in ALL_ROLES if r in names] + sorted(names - set(ALL_ROLES))
