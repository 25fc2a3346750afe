"""A decision may be that nobody should mark a passage (kind "none"): then it has no
final annotation (final_id NULL, a check constraint ties the two) and the deferred
trigger has no final to hold approved. Altering the column makes Django recreate its
foreign key without PostgreSQL's cascade, so migration 0002's cascade is laid again."""

from importlib import import_module

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

cascades = import_module("agreement.migrations.0002_cascades")


class Migration(migrations.Migration):
    dependencies = [
        ("agreement", "0006_text_revision"),
        ("annotations", "0013_annotation_review"),
        ("articles", "0009_article_url"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="adjudication",
            name="adjudication_final_in_article",
        ),
        migrations.RemoveConstraint(
            model_name="adjudication",
            name="adjudication_kind_valid",
        ),
        migrations.AlterField(
            model_name="adjudication",
            name="final",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="adjudication",
                to="annotations.annotation",
            ),
        ),
        migrations.AlterField(
            model_name="adjudication",
            name="kind",
            field=models.CharField(
                choices=[
                    ("adopted", "One editor's version adopted"),
                    ("merged", "Merged version written by the adjudicator"),
                    ("none", "Nobody should mark this passage"),
                ],
                max_length=10,
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="adjudication",
            trigger=pgtrigger.compiler.Trigger(
                name="adjudication_final_in_article",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    constraint="CONSTRAINT",
                    func="\n                -- Deleted later in the transaction (its annotation went): nothing to hold.\n                IF NOT EXISTS (SELECT 1 FROM agreement_adjudication WHERE id = NEW.id) THEN\n                    RETURN NULL;\n                END IF;\n                -- \"Nobody should mark this\": no final annotation to hold.\n                IF NEW.final_id IS NULL THEN\n                    RETURN NULL;\n                END IF;\n                IF NOT EXISTS (\n                    SELECT 1 FROM annotations_annotation\n                    WHERE id = NEW.final_id AND article_id = NEW.article_id\n                ) THEN\n                    RAISE EXCEPTION 'adjudication %: its final annotation % is not of article %',\n                        NEW.id, NEW.final_id, NEW.article_id USING ERRCODE = 'check_violation';\n                END IF;\n                -- The decision stands: its final annotation is approved (the annotation's\n                -- side, a later rejection, is migration 0005's trigger).\n                IF NOT EXISTS (\n                    SELECT 1 FROM annotations_annotation\n                    WHERE id = NEW.final_id AND review = 'approved'\n                ) THEN\n                    RAISE EXCEPTION 'adjudication %: its final annotation % is not approved',\n                        NEW.id, NEW.final_id USING ERRCODE = 'check_violation';\n                END IF;\n                RETURN NULL;\n                ",
                    hash="1988df7f3860b7e452b6d7ef12860b7c986f0e0c",
                    operation="INSERT OR UPDATE",
                    pgid="pgtrigger_adjudication_final_in_article_49abd",
                    table="agreement_adjudication",
                    timing="DEFERRABLE INITIALLY DEFERRED",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="adjudication",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["adopted", "merged", "none"])),
                name="adjudication_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="adjudication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("final__isnull", True), ("kind", "none")),
                    models.Q(models.Q(("kind", "none"), _negated=True), ("final__isnull", False)),
                    _connector="OR",
                ),
                name="adjudication_final_unless_none",
            ),
        ),
        migrations.RunSQL(
            cascades._recreate("ON DELETE CASCADE"), cascades._recreate("ON DELETE NO ACTION")
        ),
    ]
