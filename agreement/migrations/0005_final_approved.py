"""An adjudicated final annotation is approved, by whoever decided, and stays approved:
earlier finals are approved now (as decided, by whom, when); the adjudication's deferred
trigger also checks its final is approved; and on the annotation's side a deferred
constraint trigger refuses, at commit, a final annotation whose review is anything else."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations

APPROVE_EARLIER = """
UPDATE annotations_annotation an
SET review = 'approved', review_comment = '', reviewer_id = adj.decided_by_id,
    reviewed = adj.decided_at
FROM agreement_adjudication adj
WHERE adj.final_id = an.id AND an.review <> 'approved';
"""

STAYS_APPROVED = """
CREATE FUNCTION adjudication_final_stays_approved() RETURNS trigger AS $$
BEGIN
    -- At commit, on the row as it is then (it may have changed again since).
    IF EXISTS (
        SELECT 1 FROM annotations_annotation an
        JOIN agreement_adjudication adj ON adj.final_id = an.id
        WHERE an.id = NEW.id AND an.review <> 'approved'
    ) THEN
        RAISE EXCEPTION 'annotation % is adjudicated final: it stays approved', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER annotation_final_stays_approved
AFTER UPDATE OF review ON annotations_annotation
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (NEW.review <> 'approved')
EXECUTE FUNCTION adjudication_final_stays_approved();
"""

UNDO_STAYS_APPROVED = """
DROP TRIGGER IF EXISTS annotation_final_stays_approved ON annotations_annotation;
DROP FUNCTION IF EXISTS adjudication_final_stays_approved();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("agreement", "0004_article_triggers"),
        ("annotations", "0013_annotation_review"),
    ]

    operations = [
        migrations.RunSQL(APPROVE_EARLIER, migrations.RunSQL.noop),
        pgtrigger.migrations.RemoveTrigger(
            model_name="adjudication",
            name="adjudication_final_in_article",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="adjudication",
            trigger=pgtrigger.compiler.Trigger(
                name="adjudication_final_in_article",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    constraint="CONSTRAINT",
                    func="\n                -- Deleted later in the transaction (its annotation went): nothing to hold.\n                IF NOT EXISTS (SELECT 1 FROM agreement_adjudication WHERE id = NEW.id) THEN\n                    RETURN NULL;\n                END IF;\n                IF NOT EXISTS (\n                    SELECT 1 FROM annotations_annotation\n                    WHERE id = NEW.final_id AND article_id = NEW.article_id\n                ) THEN\n                    RAISE EXCEPTION 'adjudication %: its final annotation % is not of article %',\n                        NEW.id, NEW.final_id, NEW.article_id USING ERRCODE = 'check_violation';\n                END IF;\n                -- The decision stands: its final annotation is approved (the annotation's\n                -- side, a later rejection, is migration 0005's trigger).\n                IF NOT EXISTS (\n                    SELECT 1 FROM annotations_annotation\n                    WHERE id = NEW.final_id AND review = 'approved'\n                ) THEN\n                    RAISE EXCEPTION 'adjudication %: its final annotation % is not approved',\n                        NEW.id, NEW.final_id USING ERRCODE = 'check_violation';\n                END IF;\n                RETURN NULL;\n                ",
                    hash="f0ad2d73f2be86d12a7ee6f49e82ea513c9673e6",
                    operation="INSERT OR UPDATE",
                    pgid="pgtrigger_adjudication_final_in_article_49abd",
                    table="agreement_adjudication",
                    timing="DEFERRABLE INITIALLY DEFERRED",
                    when="AFTER",
                ),
            ),
        ),
        migrations.RunSQL(STAYS_APPROVED, UNDO_STAYS_APPROVED),
    ]
