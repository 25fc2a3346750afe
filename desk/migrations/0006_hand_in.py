"""Each assigned editor hands in their work (``Assignment.finished``), and PostgreSQL
holds that an article ready for review or done has every assignment handed in: blind
mode ends at review, so an editor still at work must not see the others' annotations.
An editor assigned to an article in review joins handed in (a
trigger), and a deferred constraint trigger checks the rule at commit, from either side (an assignment
inserted or reopened, a workflow moved). Assignments of articles already in review or
done are handed in as of the article's last change."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

HANDED_IN = """
CREATE FUNCTION desk_review_needs_hand_in() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM desk_workflow w JOIN desk_assignment a ON a.article_id = w.article_id
        WHERE w.article_id = NEW.article_id
          AND w.status IN ('ready_for_review', 'done') AND a.finished IS NULL
    ) THEN
        RAISE EXCEPTION 'article %: ready for review or done, yet an assigned editor has '
            'not handed in', NEW.article_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- An editor assigned to an article already in review or done joins with their work
-- handed in: review has begun without them (the admin's inline, bulk assignment, SQL).
CREATE FUNCTION desk_assignment_joins_review() RETURNS trigger AS $$
BEGIN
    IF NEW.finished IS NULL AND EXISTS (
        SELECT 1 FROM desk_workflow WHERE article_id = NEW.article_id
        AND status IN ('ready_for_review', 'done')
    ) THEN
        NEW.finished := now();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assignment_joins_review BEFORE INSERT ON desk_assignment
FOR EACH ROW EXECUTE FUNCTION desk_assignment_joins_review();
CREATE CONSTRAINT TRIGGER assignment_handed_in_for_review
AFTER INSERT OR UPDATE OF finished ON desk_assignment
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION desk_review_needs_hand_in();
CREATE CONSTRAINT TRIGGER workflow_review_needs_hand_in
AFTER UPDATE OF status ON desk_workflow
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION desk_review_needs_hand_in();
UPDATE desk_assignment a SET finished = w.changed FROM desk_workflow w
WHERE w.article_id = a.article_id AND w.status IN ('ready_for_review', 'done')
  AND a.finished IS NULL;
"""

UNDO = """
DROP TRIGGER IF EXISTS workflow_review_needs_hand_in ON desk_workflow;
DROP TRIGGER IF EXISTS assignment_handed_in_for_review ON desk_assignment;
DROP FUNCTION IF EXISTS desk_review_needs_hand_in();
DROP TRIGGER IF EXISTS assignment_joins_review ON desk_assignment;
DROP FUNCTION IF EXISTS desk_assignment_joins_review();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0005_raters_revision"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="assignment",
            name="assign_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="assignment",
            name="unassign_delete",
        ),
        migrations.AddField(
            model_name="assignment",
            name="finished",
            field=models.DateTimeField(
                blank=True,
                help_text="When the editor handed in their work on the article; empty while they work on it.",
                null=True,
                verbose_name="handed in",
            ),
        ),
        migrations.AddField(
            model_name="assignmentevent",
            name="finished",
            field=models.DateTimeField(
                blank=True,
                help_text="When the editor handed in their work on the article; empty while they work on it.",
                null=True,
                verbose_name="handed in",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assignment",
            trigger=pgtrigger.compiler.Trigger(
                name="assign_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "desk_assignmentevent" ("article_id", "assigned", "assigned_by_id", "editor_id", "finished", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."article_id", NEW."assigned", NEW."assigned_by_id", NEW."editor_id", NEW."finished", NEW."id", _pgh_attach_context(), NOW(), \'assign\', NEW."id"); RETURN NULL;',
                    hash="d99a071a38fdfef9804521a9076e5cbac7d9374a",
                    operation="INSERT",
                    pgid="pgtrigger_assign_insert_e5b06",
                    table="desk_assignment",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assignment",
            trigger=pgtrigger.compiler.Trigger(
                name="unassign_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "desk_assignmentevent" ("article_id", "assigned", "assigned_by_id", "editor_id", "finished", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (OLD."article_id", OLD."assigned", OLD."assigned_by_id", OLD."editor_id", OLD."finished", OLD."id", _pgh_attach_context(), NOW(), \'unassign\', OLD."id"); RETURN NULL;',
                    hash="9a6d27f46d016c1b0fe5b9158476dab3ccb8a16d",
                    operation="DELETE",
                    pgid="pgtrigger_unassign_delete_ad181",
                    table="desk_assignment",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assignment",
            trigger=pgtrigger.compiler.Trigger(
                name="finish_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."finished" IS DISTINCT FROM (NEW."finished"))',
                    func='INSERT INTO "desk_assignmentevent" ("article_id", "assigned", "assigned_by_id", "editor_id", "finished", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") VALUES (NEW."article_id", NEW."assigned", NEW."assigned_by_id", NEW."editor_id", NEW."finished", NEW."id", _pgh_attach_context(), NOW(), \'finish\', NEW."id"); RETURN NULL;',
                    hash="daddc81de1673c3d9d6d457c8b092c770c4d83d1",
                    operation="UPDATE",
                    pgid="pgtrigger_finish_update_d7d98",
                    table="desk_assignment",
                    when="AFTER",
                ),
            ),
        ),
        migrations.RunSQL(HANDED_IN, UNDO),
    ]
