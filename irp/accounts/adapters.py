"""allauth's hooks, pointed at our own helpers."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from irp.core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        # One reading of the client's address for the whole site: rate limits key on
        # the entry our own proxies wrote, so a rotated X-Forwarded-For changes nothing.
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix, email, context):
        # EMAIL_BACKEND is django-mailer's queue: this stores the message. Deliver it
        # once the transaction commits, as irp.core.emails.queue_email does.
        super().send_mail(template_prefix, email, context)
        from irp.emails.tasks import deliver_queued_email

        transaction.on_commit(deliver_queued_email.enqueue)
