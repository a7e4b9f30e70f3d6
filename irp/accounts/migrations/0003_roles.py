"""Create the four roles as groups, with the permissions each needs to start."""

from django.db import migrations

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")
USER_PERMISSIONS = ["view_user", "change_user"]


def _permission(apps, app_label, model, codename, name=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name or codename}
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    access_admin = _permission(apps, *ACCESS_ADMIN, name="Can access Wagtail admin")
    Group.objects.get_or_create(name="Practitioners")
    for name in ("Facilitators", "Staff editors"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
    admins, _ = Group.objects.get_or_create(name="Staff admins")
    admins.permissions.add(access_admin)
    for codename in USER_PERMISSIONS:
        admins.permissions.add(_permission(apps, "accounts", "user", codename))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profile"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
