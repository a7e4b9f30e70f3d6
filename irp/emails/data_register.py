"""The emails app's part of the data register (irp/privacy)."""

from irp.privacy.register import CONTACT, LEGITIMATE, TECHNICAL, not_personal, personal

OUTGOING = "emails.outgoingemail"


def fields():
    return [
        *personal(
            OUTGOING,
            ["content", "to", "subject"],
            CONTACT,
            purpose="Delivering the emails the site sends, and looking into a complaint.",
            basis=LEGITIMATE,
            retention="text 30 days after sending (EMAIL_BODY_RETENTION_DAYS); the record "
            "stays until the person is erased",
            exported=False,
            erased=True,
        ),
        *personal(
            OUTGOING,
            [
                "template",
                "header_message_id",
                "about_type",
                "about_id",
                "status",
                "attempts",
                "next_attempt_at",
                "claimed_at",
                "sent_at",
                "last_error",
                "created_at",
            ],
            TECHNICAL,
            purpose="Delivering each email once, and retrying.",
            basis=LEGITIMATE,
            retention="with the email's record",
            exported=False,
            erased=True,
        ),
        *not_personal(
            "emails.emailtext",
            ["template", "subject", "text", "html", "uses_default", "updated_at"],
        ),
    ]
