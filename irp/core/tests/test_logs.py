"""Every log line carries the id of the request that caused it, in the worker too."""

import io
import json
import logging
from types import SimpleNamespace

from pythonjsonlogger.json import JsonFormatter

from irp.core import logs


def json_logger() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RequestIdFilter())
    handler.setFormatter(JsonFormatter("%(levelname)s %(name)s %(message)s %(request_id)s"))
    logger = logging.getLogger("irp.tests.logs")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_a_response_names_its_request_id_and_keeps_a_well_formed_one_given(client, db):
    made = client.get("/healthz")
    assert len(made["X-Request-ID"]) == 32
    given = client.get("/healthz", headers={"X-Request-ID": "varnish-12345"})
    assert given["X-Request-ID"] == "varnish-12345"
    # Anything else a client sends never reaches the logs.
    odd = client.get("/healthz", headers={"X-Request-ID": "a b\nforged"})
    assert odd["X-Request-ID"] != "a b\nforged" and len(odd["X-Request-ID"]) == 32


def test_log_lines_are_json_with_the_request_id():
    logger, stream = json_logger()
    token = logs.request_id.set("req-1")
    try:
        logger.info("an enquiry was stored")
    finally:
        logs.request_id.reset(token)
    logger.info("outside any request")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["request_id"] == "req-1" and first["message"] == "an enquiry was stored"
    assert second["request_id"] == "-"


def test_a_task_logs_with_the_id_of_the_request_that_queued_it():
    task_result = SimpleNamespace(id="0b7c6d2e-task")
    token = logs.request_id.set("req-queued-it")
    try:
        logs.remember_for_task(sender=None, task_result=task_result)
    finally:
        logs.request_id.reset(token)
    # Later, in the worker's process: the task starts, logs, finishes.
    logger, stream = json_logger()
    logs.task_started(sender=None, task_result=task_result)
    logger.info("sending the acknowledgement")
    logs.task_finished(sender=None, task_result=task_result)
    logger.info("between tasks")
    during, after = (json.loads(line) for line in stream.getvalue().splitlines())
    assert during["request_id"] == "req-queued-it"
    assert after["request_id"] == "-"


def test_a_task_queued_outside_a_request_logs_with_its_own_id():
    logger, stream = json_logger()
    logs.task_started(sender=None, task_result=SimpleNamespace(id="scheduled-1"))
    logger.info("pruning")
    logs.task_finished(sender=None, task_result=SimpleNamespace(id="scheduled-1"))
    assert json.loads(stream.getvalue())["request_id"] == "task-scheduled-1"
