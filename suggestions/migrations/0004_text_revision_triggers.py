"""Suggestions are drawn in the reading page's text (outlines): a change to them renews
the article's text revision, under which the drawn text is cached."""

from django.db import migrations

from annotations.revision_sql import drop_table_triggers, table_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0003_decision"),
        ("annotations", "0011_text_revision"),
    ]

    operations = [
        migrations.RunSQL(
            table_triggers("suggestion", "suggestions_suggestion"),
            drop_table_triggers("suggestion", "suggestions_suggestion"),
        )
    ]
