"""Decisions made in blind mode are one editor's (``blind_for``), keyed by editor too;
and a decision now renews the article's text revision, as a suggestion does: what the
text draws for a viewer depends on the decisions hiding suggestions from them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from annotations.revision_sql import drop_table_triggers, table_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_article_url"),
        ("suggestions", "0006_decision_by_paragraph"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="decision",
            name="decision_unique_paragraph_words",
        ),
        migrations.AddField(
            model_name="decision",
            name="blind_for",
            field=models.ForeignKey(
                blank=True,
                help_text="Made in blind mode: decides the suggestion for this editor only.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                fields=("article", "paragraph_id", "tag", "text", "blind_for"),
                name="decision_unique_paragraph_words_editor",
                nulls_distinct=False,
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("blind_for__isnull", True), ("blind_for", models.F("user")), _connector="OR"
                ),
                name="decision_blind_for_is_decider",
            ),
        ),
        migrations.RunSQL(
            table_triggers("decision", "suggestions_decision"),
            drop_table_triggers("decision", "suggestions_decision"),
        ),
    ]
