"""Staff admins manage people (the people screen): give their group the permission."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="manage_people",
        defaults={"name": "Can see people's accounts and act for them (people screen)"},
    )
    admins, _ = Group.objects.get_or_create(name="Staff admins")
    admins.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_manage_people")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
