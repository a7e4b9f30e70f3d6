"""Staff editors and staff admins manage cohorts and review applications."""

from django.db import migrations

PERMISSIONS = [
    ("add_cohort", "Can add cohort"),
    ("change_cohort", "Can change cohort"),
    ("view_cohort", "Can view cohort"),
    ("review_applications", "Can review applications, waiting lists and moves"),
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="programmes", model="cohort")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS
    ]
    for name in ("Staff editors", "Staff admins"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("accounts", "0003_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="cohort",
            options={
                "ordering": ["starts_on", "pk"],
                "permissions": [
                    ("review_applications", "Can review applications, waiting lists and moves")
                ],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
