"""Decisions are keyed by paragraph as well: (article, paragraph, tag, words).

Existing rows were keyed by (article, tag, words) only, so a decision on words that occur
in several paragraphs overwrote the one before it: a row may stand for decisions on other
paragraphs too, and which ones is not recorded. Every row already holds the paragraph of
the suggestion last decided (``paragraph_id``; an accepted suggestion's annotation is made
in that same paragraph, so the annotation tells nothing more). Chosen here:

- a row whose words occur in exactly one paragraph of the article today, and that
  paragraph is the row's, is keyed to it: no other paragraph can have been decided under
  it, so nothing changes for the editor;
- every other row (the words in several paragraphs, or no longer where they were) stays
  **article-wide** (``article_wide``): it keeps hiding the words in every paragraph, as
  before. Guessing a paragraph would bring back suggestions an editor may have rejected,
  which issue 15 forbids; keeping the old, broader reach only risks not suggesting some
  words again, which an editor can still annotate by hand.

The data step is one UPDATE; its reverse drops the flag (the old key then applies again,
and the reverse fails if two rows now share article, tag and words, as it should).
"""

from django.db import migrations, models

MARK_ARTICLE_WIDE = """
UPDATE suggestions_decision AS d SET article_wide = true
WHERE NOT EXISTS (
        SELECT 1 FROM articles_paragraph AS p
        WHERE p.id = d.paragraph_id AND p.article_id = d.article_id
          AND strpos(p.text, d.text) > 0)
   OR (SELECT count(*) FROM articles_paragraph AS p
        WHERE p.article_id = d.article_id AND strpos(p.text, d.text) > 0) <> 1
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_article_title_search"),
        ("suggestions", "0005_run"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="article_wide",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Decides the words in every paragraph (decisions made before 2026-11-30).",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="decision",
            name="decision_unique_words",
        ),
        migrations.RunSQL(MARK_ARTICLE_WIDE, reverse_sql=migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                fields=("article", "paragraph_id", "tag", "text"),
                name="decision_unique_paragraph_words",
            ),
        ),
    ]
