"""The audit log's part of the data register (irp/privacy)."""

from irp.privacy.register import LEGITIMATE, TECHNICAL, personal

EVENT = "audit.auditevent"
SIX_YEARS = "6 years (AUDIT_RETENTION_YEARS), then purged daily"


def fields():
    return [
        *personal(
            EVENT,
            ["actor", "actor_label", "ip_address", "person"],
            TECHNICAL,
            purpose="Accountability: who looked at or changed whose personal data.",
            basis=LEGITIMATE,
            retention=SIX_YEARS + "; the name and address go when that person is erased",
            exported=False,
            erased=True,
        ),
        *personal(
            EVENT,
            ["action", "subject_type", "subject_id", "detail", "occurred_at"],
            TECHNICAL,
            purpose="What was done, to which record, when (never its content).",
            basis=LEGITIMATE,
            retention=SIX_YEARS,
            exported=False,
            erased=False,
        ),
    ]
