"""Remembers, for the length of one request, the client address the audit log records
beside each entry (services.record_event reads it), so no caller has to pass it."""

import ipaddress
from contextvars import ContextVar

from irp.core.http import client_ip

current_address: ContextVar[str | None] = ContextVar("audit_current_address", default=None)


class RequestAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_address.set(_address(client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            current_address.reset(token)


def _address(value: str) -> str | None:
    # Only a real address is kept: a proxy's header could hold anything.
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None
