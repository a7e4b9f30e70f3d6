"""Staff admins see failed emails and send them again: give their group the permission
from the start, so a new installation needs no hand-made group."""

from django.db import migrations


def grant_to_staff_admins(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="emails", model="outgoingemail")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="see_failed_emails",
        defaults={"name": "Can see failed emails and send them again"},
    )
    admins, _ = Group.objects.get_or_create(name="Staff admins")
    admins.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("emails", "0002_one_queue"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant_to_staff_admins, migrations.RunPython.noop)]
