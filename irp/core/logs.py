"""One request id per request, in every log line it causes, including the task worker's.

The id comes from the caching front (Varnish sets X-Request-ID to its own transaction
id, so its log and ours meet) or is made here; it is sent back in the response's
X-Request-ID. A task queued while a request is handled remembers that request's id in
the shared cache for a day, and the worker's log lines while it runs the task carry the
same id, so one search finds what a request did and what followed from it.
"""

import contextvars
import logging
import re
import uuid

from django.core.cache import cache

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# Only ids that look like ids: nothing a client sends reaches the logs unchecked.
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_TASK_KEY = "irp:task-request:{}"
_TASK_KEY_SECONDS = 24 * 60 * 60


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (a dash outside requests and tasks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        value = given if _ACCEPTED.match(given) else uuid.uuid4().hex
        token = request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = value
        return response


def remember_for_task(sender, task_result, **kwargs) -> None:
    """django-tasks' task_enqueued: note the request that queued the task."""
    current = request_id.get()
    if current != "-":
        try:
            cache.set(_TASK_KEY.format(task_result.id), current, _TASK_KEY_SECONDS)
        except Exception:
            logging.getLogger("irp.core.logs").warning("Could not note the task's request id")


def task_started(sender, task_result, **kwargs) -> None:
    """django-tasks' task_started: log as the request that queued the task."""
    try:
        value = cache.get(_TASK_KEY.format(task_result.id))
    except Exception:
        value = None
    request_id.set(value or f"task-{task_result.id}")


def task_finished(sender, task_result, **kwargs) -> None:
    request_id.set("-")
