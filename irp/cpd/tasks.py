from django_tasks import task

from . import exporting


@task()
def make_export(export_id: int):
    """Make a large CPD export in the background and email its owner when it is ready.
    Safe to run twice: a ready export is left as it is."""
    export = exporting.make_export(export_id=export_id, notify=True)
    return export.status if export else None
