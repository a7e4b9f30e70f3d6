from django.http import HttpResponseNotAllowed
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from . import registry, tasks


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def admin_js():
    # Names Wagtail's rich text editors and makes its minimap reachable (axe, WCAG 2.2 AA).
    return format_html('<script src="{}" defer></script>', static("js/admin.js"))


@hooks.register(registry.PERIODIC_TASKS)
def prune_task_results_daily():
    return registry.Periodic(task=tasks.prune_task_results, seconds=24 * 60 * 60)


# Wagtail's Page.serve answers any method as if it were a GET. A page type that
# handles a form says so with `http_methods = ("GET", "HEAD", "POST")`.
PAGE_METHODS = ("GET", "HEAD")


@hooks.register("before_serve_page")
def refuse_methods_the_page_does_not_handle(page, request, serve_args, serve_kwargs):
    allowed = getattr(page, "http_methods", PAGE_METHODS)
    if request.method not in allowed:
        return HttpResponseNotAllowed(allowed)
    return None
