"""The Auditors group: admin access and the audit log, nothing else. Answering
enquiries or editing pages never grants the log; staff are added to this group."""

from django.db import migrations


def create_auditors(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    audit_type, _ = ContentType.objects.get_or_create(app_label="audit", model="auditevent")
    view_log, _ = Permission.objects.get_or_create(
        content_type=audit_type,
        codename="view_audit_log",
        defaults={"name": "Can see the audit log and export it (auditors)"},
    )
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    auditors, _ = Group.objects.get_or_create(name="Auditors")
    auditors.permissions.add(view_log, access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_viewer"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_auditors, migrations.RunPython.noop)]
