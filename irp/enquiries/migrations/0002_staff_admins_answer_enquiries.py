"""Staff admins answer enquiries: give their group the inbox permission from the start,
so a new installation needs no hand-made group before anyone can read the inbox."""

from django.db import migrations


def grant_inbox_to_staff_admins(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="enquiries", model="enquiry")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="answer_enquiries",
        defaults={"name": "Can read and answer enquiries in the staff inbox"},
    )
    admins, _ = Group.objects.get_or_create(name="Staff admins")
    admins.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0001_initial"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant_inbox_to_staff_admins, migrations.RunPython.noop)]
