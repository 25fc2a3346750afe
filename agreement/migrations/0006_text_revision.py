"""Adjudications renew the article's text revision, as annotations and paragraphs do
(annotations.revision_sql): the agreement page caches its figures and disputes under
that revision (agreement.data), so a decision made, superseded or cascaded away by any
code path, raw SQL included, gives new ones. Settled rows have no article column: their
statement triggers find it through their decision."""

from django.db import migrations

from annotations.revision_sql import drop_table_triggers, table_triggers

SETTLED = """
CREATE FUNCTION text_revision_from_settled() RETURNS trigger AS $$
BEGIN
    PERFORM text_revision_bump(ARRAY(
        SELECT DISTINCT adj.article_id
        FROM revision_rows s
        JOIN agreement_adjudication adj ON adj.id = s.adjudication_id
    ));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER settled_revision_insert AFTER INSERT ON agreement_settled
REFERENCING NEW TABLE AS revision_rows
FOR EACH STATEMENT EXECUTE FUNCTION text_revision_from_settled();
CREATE TRIGGER settled_revision_update AFTER UPDATE ON agreement_settled
REFERENCING NEW TABLE AS revision_rows
FOR EACH STATEMENT EXECUTE FUNCTION text_revision_from_settled();
CREATE TRIGGER settled_revision_delete AFTER DELETE ON agreement_settled
REFERENCING OLD TABLE AS revision_rows
FOR EACH STATEMENT EXECUTE FUNCTION text_revision_from_settled();
"""

UNDO_SETTLED = (
    drop_table_triggers("settled", "agreement_settled")
    + "\nDROP FUNCTION IF EXISTS text_revision_from_settled();"
)


class Migration(migrations.Migration):
    dependencies = [
        ("agreement", "0005_final_approved"),
        ("annotations", "0011_text_revision"),
    ]

    operations = [
        migrations.RunSQL(
            table_triggers("adjudication", "agreement_adjudication"),
            drop_table_triggers("adjudication", "agreement_adjudication"),
        ),
        migrations.RunSQL(SETTLED, UNDO_SETTLED),
    ]
