"""Making the file of a stored export: what the worker runs for a large record, and the
request itself for a small one. Apart from services.py so that the task can call it."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from irp.emails.services import queue_email

from . import documents
from .models import Export

logger = logging.getLogger(__name__)


def make_export(*, export_id: int, notify: bool = True) -> Export | None:
    """Make the file of a stored export; safe to run twice (a ready one is left alone)."""
    export = Export.objects.select_related("person").filter(pk=export_id).first()
    if export is None or export.status == Export.Status.READY:
        return export
    person = export.person
    try:
        if export.format == Export.Format.CSV:
            content = documents.record_csv(
                person, starts_on=export.starts_on, ends_on=export.ends_on
            )
        else:
            content = documents.record_pdf(
                person, starts_on=export.starts_on, ends_on=export.ends_on
            )
    except Exception:
        logger.exception("A CPD export could not be made (export %s).", export.pk)
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.FAILED, finished_at=timezone.now()
        )
        return export
    export.file.save("export", ContentFile(content), save=False)
    export.status = Export.Status.READY
    export.finished_at = timezone.now()
    with transaction.atomic():
        export.save(update_fields=["file", "status", "finished_at"])
        if notify:
            queue_email(
                to=[person.email],
                template="cpd/emails/export_ready",
                context={"person": person, "export": export},
                about=export,
            )
    return export
