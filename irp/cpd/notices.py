"""The emails the CPD record sends, declared for the editable email texts (irp/emails)."""

import datetime as dt

from irp.core.registry import Email


def declared_emails() -> list[Email]:
    return [
        Email(
            template="cpd/emails/export_ready",
            title="CPD: export ready",
            description="Sent when a PDF or CSV of a person's CPD record is ready to download.",
            placeholders={
                "person.get_short_name": "How the person likes to be addressed.",
                "export.get_format_display": "PDF (for printing) or CSV (spreadsheet).",
                "export.starts_on": "The first day the export covers (use with |date).",
                "export.ends_on": "The last day the export covers (use with |date).",
            },
            sample={
                "person": {"get_short_name": "Alex"},
                "export": {
                    "get_format_display": "PDF (for printing)",
                    "starts_on": dt.date(2025, 4, 1),
                    "ends_on": dt.date(2026, 3, 31),
                },
            },
        )
    ]
