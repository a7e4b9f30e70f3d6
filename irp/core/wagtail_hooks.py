from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from . import registry, tasks


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register(registry.PERIODIC_TASKS)
def prune_task_results_daily():
    return registry.Periodic(task=tasks.prune_task_results, seconds=24 * 60 * 60)
