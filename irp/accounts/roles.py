"""The roles people hold, as Django groups. New sign-ups are practitioners."""

PRACTITIONERS = "Practitioners"
FACILITATORS = "Facilitators"
STAFF_EDITORS = "Staff editors"
STAFF_ADMINS = "Staff admins"

ALL_ROLES = [PRACTITIONERS, FACILITATORS, STAFF_EDITORS, STAFF_ADMINS]


def has_role(user, role: str) -> bool:
    """True when the signed-in `user` belongs to the group named `role`."""
    if not user.is_authenticated:
        return False
    return user.groups.filter(name=role).exists()
