"""PostgreSQL cascades deletes to adjudications: an annotation or an article deleted
takes its adjudication records with it, and Django collects nothing (the fields are
DO_NOTHING), so no delete anywhere costs an extra query."""

from django.db import migrations

FOREIGN_KEYS = """
SELECT con.conname, rel.relname AS tbl, att.attname AS col, frel.relname AS ftbl
FROM pg_constraint con
JOIN pg_class rel ON rel.oid = con.conrelid
JOIN pg_class frel ON frel.oid = con.confrelid
JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
WHERE con.contype = 'f'
  AND rel.relname IN ('agreement_adjudication', 'agreement_settled')
  AND att.attname IN ('article_id', 'final_id', 'adjudication_id', 'annotation_id')
"""


def _recreate(action: str) -> str:
    return f"""
DO $$
DECLARE r record;
BEGIN
  FOR r IN {FOREIGN_KEYS} LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.tbl, r.conname);
    EXECUTE format(
      'ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES %I (id) {action} '
      'DEFERRABLE INITIALLY DEFERRED', r.tbl, r.conname, r.col, r.ftbl);
  END LOOP;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("agreement", "0001_initial")]

    operations = [
        migrations.RunSQL(_recreate("ON DELETE CASCADE"), _recreate("ON DELETE NO ACTION"))
    ]
