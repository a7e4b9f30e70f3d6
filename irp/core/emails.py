"""Outgoing email, for every app: `queue_email` stores a message to be sent after commit.

The machinery (delivery, retries, the never-twice guarantee) lives in irp.emails.
"""

from irp.emails.services import queue_email, render_email

__all__ = ["queue_email", "render_email"]
