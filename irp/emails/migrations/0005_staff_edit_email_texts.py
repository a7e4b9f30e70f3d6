"""Staff editors and staff admins edit the emails' texts: give both groups the
permission from the start."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="emails", model="emailtext")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_emailtext",
        defaults={"name": "Can change email text"},
    )
    for name in ("Staff editors", "Staff admins"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("emails", "0004_email_texts"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
