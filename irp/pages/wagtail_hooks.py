from wagtail import hooks

from irp.core import registry

from . import data_register, demo, tasks


@hooks.register(registry.PERIODIC_TASKS)
def publish_scheduled_pages_every_minute():
    return registry.Periodic(task=tasks.publish_scheduled_pages, seconds=60)


hooks.register(registry.DEMO_CONTENT, demo.load, order=10)


hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)
