"""PostgreSQL 18 names NOT NULL constraints after their column; renaming ``status`` to
``anchor`` (0007) left those names behind. Older servers have no such names: nothing to do."""

from django.db import migrations

TABLES = ("annotations_annotation", "annotations_annotationevent")


def rename(old: str, new: str) -> str:
    statements = []
    for table in TABLES:
        statements.append(
            f"""
DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint
               WHERE conrelid = '{table}'::regclass AND conname = '{table}_{old}_not_null') THEN
        ALTER TABLE {table} RENAME CONSTRAINT {table}_{old}_not_null TO {table}_{new}_not_null;
    END IF;
END $$;"""
        )
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0007_anchor_rules_edited")]

    operations = [migrations.RunSQL(rename("status", "anchor"), rename("anchor", "status"))]
