from django.contrib.auth.management import create_permissions
from django.db import migrations

# A copy, not an import of desk.roles: a migration keeps what it did when it was written.
# Group.objects.get_or_create: the agreement app's migration may have made Reviewers and
# Desk first (to give them its own permission), or may come after this one.
REVIEWERS = [
    ("annotations", "add_annotation"),
    ("annotations", "view_annotation"),
    ("articles", "view_article"),
    ("articles", "view_paragraph"),
    ("annotations", "change_annotation"),
    ("desk", "review_annotations"),
    ("desk", "move_any_article"),
    ("desk", "see_all_annotations"),
    ("desk", "view_workflow"),
]
ROLES = {
    "Reviewers": REVIEWERS,
    "Desk": [
        *REVIEWERS,
        ("annotations", "delete_annotation"),
        ("desk", "assign_editors"),
        ("desk", "change_workflow"),
        ("desk", "view_assignment"),
        ("desk", "add_assignment"),
        ("desk", "delete_assignment"),
        ("desk", "view_statuschange"),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name="Editors")  # annotations 0002 made it; kept as is
    for name, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    # The groups may hold other apps' permissions too: only ours are taken away.
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="desk").values_list("pk", flat=True)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_workflow_row_per_article"),
        ("annotations", "0002_editors_group_and_text_trigger"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
