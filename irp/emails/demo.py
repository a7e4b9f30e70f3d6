"""Demo content: one email the worker gave up on, so the demo staff member sees the
failed-emails panel and screen at work (and can try "send again" on it).
Idempotent: a second run finds it by its Message-ID and adds nothing."""

from django.core.mail import EmailMessage
from django.db import transaction

from .models import OutgoingEmail
from .services import store_email

DEMO_MESSAGE_ID = "<demo-failed-email@demo.infiniterecovery.example>"


@transaction.atomic
def load(*, stdout) -> None:
    if OutgoingEmail.objects.filter(header_message_id=DEMO_MESSAGE_ID).exists():
        return
    email = EmailMessage(
        subject="Your place is confirmed: Seeing innate well-being",
        body="Hello,\n\nYour place is confirmed.\n",
        to=["no-such-mailbox@demo.infiniterecovery.example"],
        headers={"Message-ID": DEMO_MESSAGE_ID},
    )
    outgoing = store_email(email=email)
    # Failed before the transaction ends, so the worker never tries it on its own.
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        status=OutgoingEmail.Status.FAILED,
        attempts=8,
        last_error="SMTPRecipientsRefused: 550 No such mailbox (demo)",
    )
    stdout.write("  A failed email, for the failed-emails panel.\n")
