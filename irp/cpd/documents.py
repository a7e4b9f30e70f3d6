"""The files people take away: the CSV and the A4 PDF of a CPD record, and certificate
PDFs with a QR code to their verification page. Built from selectors; writes nothing."""

import io

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from irp.core.spreadsheets import csv_writer

from . import selectors

CSV_HEADER = [
    "Date",
    "Activity",
    "Type",
    "Category",
    "Hours",
    "Recorded from",
    "What happened",
    "What I learned",
    "How it changes my practice",
    "How I will know",
]


def record_csv(person, *, starts_on, ends_on) -> bytes:
    """Every line of the record in the period, with the four-part notes; every cell made
    safe for spreadsheets."""
    stream = io.StringIO()
    writer = csv_writer(stream)
    writer.writerow(CSV_HEADER)
    for record in selectors.records_of(person, starts_on, ends_on, with_notes=True):
        note = record.activity
        writer.writerow(
            [
                record.done_on.isoformat(),
                record.title,
                record.kind_label,
                record.category,
                f"{record.hours:.2f}",
                record.source_label,
                note.reflect if note else "",
                note.learned if note else "",
                note.plan if note else "",
                note.evaluate if note else "",
            ]
        )
    return stream.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheets read UTF-8


# WeasyPrint lays a table out cell by cell, about three times slower than lines of
# text: a record longer than this lists its activities as one line each, so even ten
# years of activities print in seconds.
TABLE_UP_TO = 300


def record_pdf(person, *, starts_on, ends_on) -> bytes:
    """An A4 record laid out for printing: the summary, a table of every activity (one
    line each past TABLE_UP_TO) and the reflective accounts in full, with page numbers.
    The notes on activities are in the CSV and the personal-data archive."""
    rule = selectors.body_of(person)
    records = selectors.records_of(person, starts_on, ends_on)
    context = {
        "person": person,
        "summary": selectors.summary_of(person, starts_on=starts_on, ends_on=ends_on, rule=rule),
        "records": records,
        "as_table": len(records) <= TABLE_UP_TO,
        "accounts": list(selectors.accounts_of(person, starts_on, ends_on).order_by("written_on")),
        "made_at": timezone.localtime(),
    }
    html = render_to_string("cpd/pdf/record.html", context)
    return HTML(string=html).write_pdf()


def verify_url(certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.verify_path


def qr_svg_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def certificate_pdf(certificate) -> bytes:
    """One certificate on an A4 page: who, what, when, hours, facilitator, its code and
    a QR code to the page that says whether it stands."""
    url = verify_url(certificate)
    context = {"certificate": certificate, "verify_url": url, "qr": qr_svg_data_uri(url)}
    return HTML(string=render_to_string("cpd/pdf/certificate.html", context)).write_pdf()
