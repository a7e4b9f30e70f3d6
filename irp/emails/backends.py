"""Django's EMAIL_BACKEND for the whole site: every message goes into our queue.

`send_mail` from anywhere (allauth's verification and password emails, Django,
Wagtail) stores the message and its delivery record inside the caller's transaction
and enqueues one delivery run for when it commits. `irp worker` then delivers it
through EMAIL_DELIVERY_BACKEND, retries it and shows staff what failed.
"""

import logging

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

logger = logging.getLogger(__name__)


class QueueBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from . import services

        if self.fail_silently:
            # Django's "fail silently" senders (error reports to admins) must never break
            # the caller's transaction: store under a savepoint and only log a failure.
            try:
                with transaction.atomic():
                    return self._store(services, email_messages)
            except Exception:
                logger.exception("Could not queue an email")
                return 0
        return self._store(services, email_messages)

    def _store(self, services, email_messages) -> int:
        stored = 0
        for email in email_messages:
            if not email.recipients():
                continue  # as Django's own backends do: nobody to send it to
            services.store_email(email=email)
            stored += 1
        return stored
