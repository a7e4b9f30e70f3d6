"""The roles people hold, as Django groups. New sign-ups are practitioners."""

PRACTITIONERS = "Practitioners"
FACILITATORS = "Facilitators"
STAFF_EDITORS = "Staff editors"
STAFF_ADMINS = "Staff admins"
# Made by the audit app's migration: the audit log viewer and its export.
AUDITORS = "Auditors"

ALL_ROLES = [PRACTITIONERS, FACILITATORS, STAFF_EDITORS, STAFF_ADMINS, AUDITORS]


def has_role(user, role: str) -> bool:
    """True when the signed-in `user` belongs to the group named `role`."""
    if not user.is_authenticated:
        return False
    return user.groups.filter(name=role).exists()


# Roles whose screens show other people's names, addresses, attendance or messages.
# Everyone holding one signs in with two steps (an authenticator app or a passkey):
# see `two_step.py`. A new role that sees other people's data (moderators, cohort
# facilitators) is added here and nowhere else.
SEES_OTHER_PEOPLES_DATA = frozenset({FACILITATORS, STAFF_EDITORS, STAFF_ADMINS, AUDITORS})


def sees_other_peoples_data(user) -> bool:
    """True when the signed-in `user` holds a role that shows other people's data:
    staff (which includes the admins) or a member of a group in SEES_OTHER_PEOPLES_DATA."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    # Kept on the user object, which lives for one request: the two middlewares that
    # ask share one query, and a role given or taken counts from the next request.
    cached = getattr(user, "_sees_other_peoples_data", None)
    if cached is None:
        cached = user.groups.filter(name__in=SEES_OTHER_PEOPLES_DATA).exists()
        user._sees_other_peoples_data = cached
    return cached
