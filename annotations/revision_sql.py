"""SQL for migration 0011: each article's text revision, bumped by PostgreSQL.

``annotations_textrevision`` holds one number per article, taken from a sequence by
statement-level triggers whenever anything the reading page draws in the article's text
changes: its paragraphs, its annotations, its suggestions (suggestions migration 0004,
:func:`table_triggers`), or the username of one of their authors. The
drawn text is cached under (article, revision), so a reading page whose article did not
change is served without looking at its annotations at all. The number only grows (a
sequence, never reused), so a key cannot come back after a change.
"""

BUMP = """
CREATE SEQUENCE annotations_text_revision_seq;

-- In article order, so that concurrent statements lock the rows in one order.
CREATE FUNCTION text_revision_bump(ids bigint[]) RETURNS void AS $$
    INSERT INTO annotations_textrevision AS r (article_id, revision)
    SELECT id, nextval('annotations_text_revision_seq')
    FROM (SELECT DISTINCT id FROM unnest(ids) AS id WHERE id IS NOT NULL ORDER BY id) AS a
    ON CONFLICT (article_id) DO UPDATE SET revision = EXCLUDED.revision;
$$ LANGUAGE sql;

-- For any table with an article_id column: annotations and paragraphs.
CREATE FUNCTION text_revision_from_rows() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM text_revision_bump(ARRAY(SELECT DISTINCT article_id FROM revision_new));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM text_revision_bump(ARRAY(SELECT DISTINCT article_id FROM revision_old));
    ELSE
        PERFORM text_revision_bump(ARRAY(
            SELECT article_id FROM revision_new UNION SELECT article_id FROM revision_old
        ));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

# Named so that on the annotation table they fire before the tally's triggers (PostgreSQL
# fires a statement's triggers in name order): every transaction that writes an article's
# annotations or paragraphs locks its revision row first, then tally rows, and two such
# transactions cannot deadlock over them.
_ROW_TRIGGERS = """
CREATE TRIGGER {prefix}_revision_insert AFTER INSERT ON {table}
REFERENCING NEW TABLE AS revision_new
FOR EACH STATEMENT EXECUTE FUNCTION text_revision_from_rows();
CREATE TRIGGER {prefix}_revision_update AFTER UPDATE ON {table}
REFERENCING OLD TABLE AS revision_old NEW TABLE AS revision_new
FOR EACH STATEMENT EXECUTE FUNCTION text_revision_from_rows();
CREATE TRIGGER {prefix}_revision_delete AFTER DELETE ON {table}
REFERENCING OLD TABLE AS revision_old
FOR EACH STATEMENT EXECUTE FUNCTION text_revision_from_rows();
"""

# A renamed author changes the accessible names of their highlights.
_USER_TRIGGER = """
CREATE FUNCTION text_revision_from_users() RETURNS trigger AS $$
BEGIN
    PERFORM text_revision_bump(ARRAY(
        SELECT DISTINCT t.article_id
        FROM revision_old o
        JOIN revision_new n ON n.{pk} = o.{pk}
        JOIN annotations_tally t ON t.author_id = o.{pk}
        WHERE n.{name} IS DISTINCT FROM o.{name}
    ));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER text_revision_rename AFTER UPDATE ON {users}
REFERENCING OLD TABLE AS revision_old NEW TABLE AS revision_new
FOR EACH STATEMENT EXECUTE FUNCTION text_revision_from_users();
"""

BACKFILL = """
INSERT INTO annotations_textrevision (article_id, revision)
SELECT id, nextval('annotations_text_revision_seq') FROM articles_article ORDER BY id;
"""


def forward(users: dict[str, str]) -> str:
    """The migration's SQL; ``users``: the user table's quoted names (user_columns)."""
    return (
        BUMP
        + _ROW_TRIGGERS.format(prefix="annotation", table="annotations_annotation")
        + _ROW_TRIGGERS.format(prefix="paragraph", table="articles_paragraph")
        + _USER_TRIGGER.format(**users)
        + BACKFILL
    )


def table_triggers(prefix: str, table: str) -> str:
    """The revision triggers for another table with an ``article_id`` column (the
    suggestions, drawn in the text as outlines): for suggestions migration 0004."""
    return _ROW_TRIGGERS.format(prefix=prefix, table=table)


def drop_table_triggers(prefix: str, table: str) -> str:
    """Undo :func:`table_triggers`."""
    return "\n".join(
        f"DROP TRIGGER IF EXISTS {prefix}_revision_{op} ON {table};"
        for op in ("insert", "update", "delete")
    )


def backward(users: dict[str, str]) -> str:
    """Undo :func:`forward`."""
    drops = [
        f"DROP TRIGGER IF EXISTS {prefix}_revision_{op} ON {table};"
        for prefix, table in (
            ("annotation", "annotations_annotation"),
            ("paragraph", "articles_paragraph"),
        )
        for op in ("insert", "update", "delete")
    ]
    return "\n".join(
        [
            *drops,
            f"DROP TRIGGER IF EXISTS text_revision_rename ON {users['users']};",
            "DROP FUNCTION IF EXISTS text_revision_from_users();",
            "DROP FUNCTION IF EXISTS text_revision_from_rows();",
            "DROP FUNCTION IF EXISTS text_revision_bump(bigint[]);",
            "DROP SEQUENCE IF EXISTS annotations_text_revision_seq;",
        ]
    )


__all__ = ["backward", "drop_table_triggers", "forward", "table_triggers"]
