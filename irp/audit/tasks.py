from django_tasks import task

from . import services


@task()
def purge_old_audit_events():
    """Delete audit entries past retention (run daily by the worker's schedule). Safe to
    run twice: a second run finds nothing left."""
    return services.purge_old_events()
