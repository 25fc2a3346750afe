from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    ("annotations", "add_annotation"),
    ("annotations", "view_annotation"),
    ("articles", "view_article"),
    ("articles", "view_paragraph"),
]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    for app_label, codename in EDITOR_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


# The stored text must be exactly the paragraph's text between the offsets. PostgreSQL's
# substr() counts characters (code points), as Python's slicing does.
TRIGGER_SQL = """
CREATE FUNCTION annotation_text_matches_paragraph() RETURNS trigger AS $$
DECLARE
    paragraph_text text;
BEGIN
    SELECT text INTO paragraph_text FROM articles_paragraph WHERE id = NEW.paragraph_id;
    IF NEW.start < 0 OR NEW."end" <= NEW.start OR NEW."end" > char_length(paragraph_text)
       OR substr(paragraph_text, NEW.start + 1, NEW."end" - NEW.start)
          IS DISTINCT FROM NEW.text THEN
        RAISE EXCEPTION 'annotation text does not match paragraph % at [%, %)',
            NEW.paragraph_id, NEW.start, NEW."end"
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER annotation_text_matches_paragraph
BEFORE INSERT OR UPDATE OF paragraph_id, start, "end", text ON annotations_annotation
FOR EACH ROW EXECUTE FUNCTION annotation_text_matches_paragraph();
"""

DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS annotation_text_matches_paragraph ON annotations_annotation;
DROP FUNCTION IF EXISTS annotation_text_matches_paragraph();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_editors_group, remove_editors_group),
        migrations.RunSQL(TRIGGER_SQL, DROP_TRIGGER_SQL),
    ]
