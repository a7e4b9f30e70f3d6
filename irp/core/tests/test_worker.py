import logging

import pytest

from irp.core.management.commands.worker import TASK_LOGGERS, quiet_task_logs


@pytest.fixture
def quiet_loggers():
    quiet_task_logs()
    yield [logging.getLogger(name) for name in TASK_LOGGERS]
    for logger in (logging.getLogger(name) for name in TASK_LOGGERS):
        logger.filters.clear()


def test_a_quiet_worker_logs_failures_but_not_each_task(quiet_loggers, caplog):
    caplog.set_level(logging.INFO)
    for logger in quiet_loggers:
        logger.info("Task id=1 state=RUNNING")
        logger.error("Task id=2 failed unexpectedly")
    assert [record.getMessage() for record in caplog.records] == [
        "Task id=2 failed unexpectedly"
    ] * len(quiet_loggers)
