"""The emails the enquiries app sends, declared so staff can edit their texts in the
admin (irp/core/registry.py, `EMAILS`). The acknowledgement may show nothing the
sender typed: anyone can type any address, so it declares only the consent wording."""

from irp.core.registry import Email

_CONSENT = {
    "enquiry.consent_text": "The consent wording the person agreed to.",
    "enquiry.consent_version": "The version of that wording.",
}
_WORDING = "From Settings → Enquiry settings (blank when not set)."


def declared_emails() -> list[Email]:
    enquiry = {
        "name": "Sample Person",
        "email": "sample.person@example.org",
        "role_label": "Counsellor or psychotherapist",
        "organisation": "Sample Recovery Service",
        "consent_text": "I agree that Infinite Recovery may keep what I send and contact me.",
        "consent_version": "2026-01",
    }
    wording = {"acknowledgement_message": "", "acknowledgement_subject": ""}
    return [
        Email(
            template="enquiries/emails/acknowledgement",
            title="Enquiry: thank you for getting in touch",
            description="Sent to whoever fills in the contact form, as soon as it is stored. "
            "It must not repeat what they wrote.",
            placeholders={
                **_CONSENT,
                "response_time": "How soon we reply, from the contact page, e.g. "
                "'within three working days'.",
                "next_steps_extras": "What other apps add (the next open live discussions).",
                "wording.acknowledgement_message": _WORDING,
                "wording.acknowledgement_subject": _WORDING,
            },
            sample={
                "enquiry": enquiry,
                "response_time": "within three working days",
                "next_steps_extras": [],
                "wording": wording,
            },
        ),
        Email(
            template="enquiries/emails/staff_notification",
            title="Enquiry: notice to staff",
            description="Sent to the staff addresses in Enquiry settings for each new enquiry.",
            placeholders={
                "enquiry.name": "The name the person gave.",
                "enquiry.email": "Their email address.",
                "enquiry.role_label": "Their role or profession.",
                "enquiry.organisation": "Their organisation (may be blank).",
                "inbox_url": "The enquiry's address in the staff inbox (after site_url).",
                "wording.notification_subject": _WORDING,
            },
            sample={
                "enquiry": enquiry,
                "inbox_url": "/admin/enquiries/inspect/1/",
                "wording": {"notification_subject": ""},
            },
        ),
    ]
