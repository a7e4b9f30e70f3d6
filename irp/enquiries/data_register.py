"""The enquiries app's part of the data register (irp/privacy). Enquiries are not tied
to an account (anyone may get in touch): they leave by retention, not with an account."""

from irp.privacy.register import CONSENT, CONTACT, PROFILE, TECHNICAL, not_personal, personal

ENQUIRY = "enquiries.enquiry"
RETENTION = "24 months after closing (ENQUIRY_RETENTION_MONTHS), then erased daily"


def fields():
    return [
        *personal(
            ENQUIRY,
            ["name", "email"],
            CONTACT,
            purpose="Replying to the person who got in touch.",
            basis=CONSENT,
            retention=RETENTION,
            exported=False,
            erased=False,
        ),
        *personal(
            ENQUIRY,
            ["role", "role_other", "organisation", "hopes", "heard_from"],
            PROFILE,
            purpose="Understanding what the person hopes to explore, to reply well.",
            basis=CONSENT,
            retention=RETENTION,
            exported=False,
            erased=False,
        ),
        *personal(
            ENQUIRY,
            [
                "consent_text",
                "consent_version",
                "consented_at",
                "status",
                "assignee",
                "is_suspected_spam",
                "spam_reasons",
                "received_at",
                "closed_at",
            ],
            TECHNICAL,
            purpose="Proof of consent, and answering in turn.",
            basis=CONSENT,
            retention=RETENTION,
            exported=False,
            erased=False,
        ),
        *personal(
            "enquiries.enquiryevent",
            ["enquiry", "kind", "actor", "actor_label", "text", "occurred_at"],
            TECHNICAL,
            purpose="The enquiry's timeline, with staff's internal notes.",
            basis=CONSENT,
            retention=RETENTION,
            exported=False,
            erased=False,
        ),
        *personal(
            "enquiries.enquirysettings",
            ["notification_addresses"],
            CONTACT,
            purpose="Telling staff about new enquiries (staff addresses).",
            basis="legitimate interests",
            retention="until staff change it",
            exported=False,
            erased=False,
        ),
        *not_personal(
            "enquiries.enquirysettings",
            ["acknowledgement_subject", "acknowledgement_message", "notification_subject"],
        ),
        *not_personal(
            "enquiries.contactpage",
            [
                "intro",
                "privacy_wording",
                "privacy_page",
                "consent_text",
                "consent_version",
                "what_happens_next",
                "response_time",
            ],
        ),
    ]
