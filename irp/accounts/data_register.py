"""The accounts app's part of the data register (irp/privacy)."""

from irp.privacy.register import (
    CONSENT,
    CONTACT,
    CONTRACT,
    PROFILE,
    TECHNICAL,
    personal,
)

USER = "accounts.user"
UNTIL_ERASED = "while the account exists; erased with it"


def fields():
    return [
        *personal(
            USER,
            ["email"],
            CONTACT,
            purpose="Signing in, and the emails the person asks for.",
            basis=CONTRACT,
            retention=UNTIL_ERASED,
            exported=True,
            erased=True,
        ),
        *personal(
            USER,
            ["display_name", "profession", "profession_other", "organisation", "country"],
            PROFILE,
            purpose="How the person is addressed and what they tell peers about their work.",
            basis=CONTRACT,
            retention=UNTIL_ERASED,
            exported=True,
            erased=True,
        ),
        *personal(
            USER,
            ["time_zone", "date_joined", "groups"],
            PROFILE,
            purpose="Times shown in the person's zone; their roles on the platform.",
            basis=CONTRACT,
            retention=UNTIL_ERASED,
            exported=True,
            erased=True,
        ),
        *personal(
            USER,
            ["wants_reminders", "wants_news"],
            PROFILE,
            purpose="The emails the person chose to receive.",
            basis=CONSENT,
            retention=UNTIL_ERASED,
            exported=True,
            erased=True,
        ),
        *personal(
            USER,
            [
                "password",
                "last_login",
                "is_superuser",
                "is_staff",
                "is_active",
                "user_permissions",
            ],
            TECHNICAL,
            purpose="Signing in safely and what staff may do.",
            basis=CONTRACT,
            retention=UNTIL_ERASED,
            exported=False,
            erased=True,
        ),
    ]
