"""One structured line per security event, on the "irp.security" logger.

Sign-in (success and failure), two-step sign-in, password reset and change, sign-out
and refused access each write one JSON line: the event, the person's id and address
when known, and the client's address. Never a password, code, token or anything the
person wrote: callers pass only the fields below, and `fields` are for short labels.
"""

import json
import logging

from irp.core.http import client_ip

logger = logging.getLogger("irp.security")


def log_event(event: str, *, request=None, user=None, email: str = "", **fields) -> None:
    record = {"event": event}
    if user is not None and getattr(user, "pk", None) is not None:
        record["user_id"] = user.pk
        email = email or user.email
    if email:
        record["email"] = email
    if request is not None:
        record["ip"] = client_ip(request)
        record["path"] = request.path  # the path only: never a query string
    record.update(fields)
    logger.info(json.dumps(record, sort_keys=True))
