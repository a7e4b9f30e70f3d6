"""The CPD export email is declared for staff to edit, and their text is what is sent."""

import datetime as dt

import pytest

from irp.cpd import exporting
from irp.cpd.models import Export
from irp.emails.models import EmailText
from irp.emails.services import ensure_email_texts

pytestmark = pytest.mark.django_db


def test_a_staff_edited_text_is_what_says_an_export_is_ready(person, delivered):
    ensure_email_texts()
    row = EmailText.objects.get(template="cpd/emails/export_ready")
    row.subject, row.uses_default = "Ready: {{ export.get_format_display }}", False
    row.text = "Our words, from {{ export.starts_on|date:'j F Y' }}."
    row.html = ""
    row.save()
    export = Export.objects.create(
        person=person, format="csv", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 6, 30)
    )
    exporting.make_export(export_id=export.pk, notify=True)
    [mail] = delivered()
    assert mail.subject == "Ready: CSV (spreadsheet)"
    assert "Our words, from 1 January 2026." in mail.body
