"""Who counts as a rater on the agreement page (agreement.data.rater) depends on the
article's assignments and on its authors' membership of the Editors group, so both renew
the article's text revision, under which the page caches its figures and disputes: an
assignment made or undone (any code path) bumps its article, a user joining or leaving a
group bumps every article they annotated (annotations_tally has a row per article and
author)."""

from typing import Any

from django.conf import settings
from django.db import migrations

from annotations.revision_sql import drop_table_triggers, table_triggers

MEMBERSHIP = """
CREATE FUNCTION text_revision_from_membership() RETURNS trigger AS $$
BEGIN
    -- Every article the members concerned annotated (its tally rows).
    PERFORM text_revision_bump(ARRAY(SELECT DISTINCT article_id FROM annotations_tally
        WHERE author_id IN (SELECT {user} FROM revision_rows)));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER membership_revision_insert AFTER INSERT ON {table}
REFERENCING NEW TABLE AS revision_rows
FOR EACH STATEMENT EXECUTE FUNCTION text_revision_from_membership();
CREATE TRIGGER membership_revision_delete AFTER DELETE ON {table}
REFERENCING OLD TABLE AS revision_rows
FOR EACH STATEMENT EXECUTE FUNCTION text_revision_from_membership();
"""


def _membership(apps: Any) -> tuple[str, str]:
    """The user-groups table and its user column, quoted."""
    through = (
        apps.get_model(settings.AUTH_USER_MODEL)._meta.get_field("groups").remote_field.through
    )
    user = next(
        f.column
        for f in through._meta.fields
        if getattr(f.remote_field, "model", None) is not None
        and f.remote_field.model._meta.label == settings.AUTH_USER_MODEL
    )
    return through._meta.db_table, user


def forward(apps: Any, schema_editor: Any) -> None:
    table, user = _membership(apps)
    q = schema_editor.quote_name
    schema_editor.execute(MEMBERSHIP.format(table=q(table), user=q(user)))


def backward(apps: Any, schema_editor: Any) -> None:
    table, _ = _membership(apps)
    q = schema_editor.quote_name
    for op in ("insert", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS membership_revision_{op} ON {q(table)};")
    schema_editor.execute("DROP FUNCTION IF EXISTS text_revision_from_membership();")


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0004_assignment_and_blind_history"),
        ("annotations", "0011_text_revision"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            table_triggers("assignment", "desk_assignment"),
            drop_table_triggers("assignment", "desk_assignment"),
        ),
        migrations.RunPython(forward, backward),
    ]
