"""Give the agreement page and adjudication to the Reviewers and the Desk.

The desk's roles migration (app ``desk``) makes these groups too, with get_or_create as
here, so the two migrations work in either order.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Reviewers", "Desk")
CODENAMES = ("view_agreement", "adjudicate")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure ours exist.
    app_config = apps.get_app_config("agreement")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="agreement", codename__in=CODENAMES
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="agreement", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("agreement", "0002_cascades"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
