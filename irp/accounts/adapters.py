"""allauth's hooks, pointed at our own helpers.

allauth's emails need no hook: EMAIL_BACKEND (irp.emails.backends.QueueBackend) puts
every message in our queue and has it delivered after commit."""

from allauth.account.adapter import DefaultAccountAdapter

from irp.core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        # One reading of the client's address for the whole site: rate limits key on
        # the entry our own proxies wrote, so a rotated X-Forwarded-For changes nothing.
        return client_ip(request) or super().get_client_ip(request)
