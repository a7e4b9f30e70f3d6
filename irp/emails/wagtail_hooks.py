from wagtail import hooks

from irp.core import registry

from . import tasks


@hooks.register(registry.PERIODIC_TASKS)
def deliver_due_emails_every_minute():
    # Each commit that queues mail enqueues a run too; this one catches retries.
    return registry.Periodic(task=tasks.deliver_queued_email, seconds=60)
