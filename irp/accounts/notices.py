"""allauth's emails, declared so staff can edit their texts in the admin like every
other email (irp/core/registry.py, `EMAILS`). allauth renders them through our
adapter (adapters.py), which uses staff's texts when there are any."""

from irp.core.registry import Email

_EVERY = {
    "current_site.name": "The site's name.",
    "current_site.domain": "The site's address without https://.",
    "user": "The person (shown by {% user_display user %} or {{ user.email }}).",
    "email": "The address the email goes to.",
}
_NOTICE = {
    "ip": "The address the change came from.",
    "user_agent": "The browser that made it.",
    "timestamp": "When it was made.",
}
_CODE = {"code": "A one-time code to type on the site."}

# (prefix, title, description, placeholders beyond _EVERY)
_ALLAUTH = [
    (
        "account/email/account_already_exists",
        "Account: you already have an account",
        "Sent when someone signs up with an address that already has an account.",
        {"password_reset_url": "The page to reset the password.", "signup_url": "Sign-up."},
    ),
    (
        "account/email/email_changed",
        "Account: email address changed",
        "A security notice after the primary address changes.",
        {**_NOTICE, "from_email": "The old address.", "to_email": "The new address."},
    ),
    (
        "account/email/email_confirm",
        "Account: address confirmed",
        "A security notice after an address is confirmed.",
        _NOTICE,
    ),
    (
        "account/email/email_confirmation_signup",
        "Account: confirm your address (sign-up)",
        "Sent after sign-up, with the link that confirms the address.",
        {"activate_url": "The confirmation link.", **_CODE},
    ),
    (
        "account/email/email_confirmation",
        "Account: confirm your address",
        "Sent when a person adds an address or asks for a new link.",
        {"activate_url": "The confirmation link.", **_CODE},
    ),
    (
        "account/email/email_deleted",
        "Account: address removed",
        "A security notice after an address is removed.",
        {**_NOTICE, "deleted_email": "The address removed."},
    ),
    ("account/email/login_code", "Account: sign-in code", "A code to sign in with.", _CODE),
    (
        "account/email/password_changed",
        "Account: password changed",
        "A security notice after a password change.",
        _NOTICE,
    ),
    (
        "account/email/password_reset_code",
        "Account: password reset code",
        "A code to reset the password.",
        _CODE,
    ),
    (
        "account/email/password_reset_key",
        "Account: reset your password",
        "The link to choose a new password.",
        {"password_reset_url": "The reset link.", "username": "Blank on this site."},
    ),
    (
        "account/email/password_reset",
        "Account: password was reset",
        "A security notice after a password reset.",
        _NOTICE,
    ),
    (
        "account/email/password_set",
        "Account: password set",
        "A security notice after a password is first set.",
        _NOTICE,
    ),
    (
        "account/email/unknown_account",
        "Account: no account with this address",
        "Sent when someone asks for a reset for an address without an account.",
        {"signup_url": "The sign-up page."},
    ),
    (
        "mfa/email/recovery_codes_generated",
        "Two-step: new recovery codes",
        "A security notice after new recovery codes are made.",
        _NOTICE,
    ),
    (
        "mfa/email/totp_activated",
        "Two-step: authenticator app added",
        "A security notice after an authenticator app is set up.",
        _NOTICE,
    ),
    (
        "mfa/email/totp_deactivated",
        "Two-step: authenticator app removed",
        "A security notice after an authenticator app is removed.",
        _NOTICE,
    ),
    (
        "mfa/email/webauthn_added",
        "Two-step: passkey added",
        "A security notice after a passkey is added.",
        _NOTICE,
    ),
    (
        "mfa/email/webauthn_removed",
        "Two-step: passkey removed",
        "A security notice after a passkey is removed.",
        _NOTICE,
    ),
]


def _sample() -> dict:
    return {
        "current_site": {"name": "Infinite Recovery", "domain": "infiniterecovery.example"},
        "user": {"email": "sample.person@example.org", "display_name": "Sample Person"},
        "email": "sample.person@example.org",
        "ip": "192.0.2.10",
        "user_agent": "Firefox on Linux",
        "timestamp": "3 March 2026, 18:00",
        "from_email": "old.address@example.org",
        "to_email": "sample.person@example.org",
        "deleted_email": "old.address@example.org",
        "code": "ABC123",
        "activate_url": "https://infiniterecovery.example/accounts/confirm-email/sample/",
        "password_reset_url": "https://infiniterecovery.example/accounts/password/reset/key/x/",
        "signup_url": "https://infiniterecovery.example/accounts/signup/",
        "username": "",
    }


def declared_emails() -> list[Email]:
    return [
        Email(
            template=prefix,
            title=title,
            description=description,
            placeholders={**_EVERY, **extra},
            sample=_sample(),
            body_suffix="_message",
            has_html=False,
        )
        for prefix, title, description, extra in _ALLAUTH
    ]
