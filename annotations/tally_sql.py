"""SQL for migration 0010: the annotation tally, kept by statement-level triggers.

Each INSERT, UPDATE or DELETE statement on annotations adds its net change per
(article, tag, author, placed) to ``annotations_tally`` from its transition tables: one
grouped upsert per statement, whatever the number of rows, so bulk writes stay linear.
Rows whose count falls to zero are removed. A decrement of a missing row is ignored (an
article deleted by Django's collector may lose its tally rows before its annotations);
a count below zero breaks the table's CHECK constraint, so a drift cannot go unnoticed.
"""

FUNCTION = """
CREATE FUNCTION annotation_tally_add(
    a_article bigint, a_tag varchar, a_author integer, a_placed boolean, d bigint
) RETURNS void AS $$
DECLARE
    left_n bigint;
BEGIN
    IF d > 0 THEN
        INSERT INTO annotations_tally AS t (article_id, tag, author_id, placed, n)
        VALUES (a_article, a_tag, a_author, a_placed, d)
        ON CONFLICT (article_id, tag, author_id, placed) DO UPDATE SET n = t.n + EXCLUDED.n;
    ELSIF d < 0 THEN
        UPDATE annotations_tally SET n = n + d
        WHERE article_id = a_article AND tag = a_tag AND author_id = a_author
          AND placed = a_placed
        RETURNING n INTO left_n;
        IF left_n = 0 THEN
            DELETE FROM annotations_tally
            WHERE article_id = a_article AND tag = a_tag AND author_id = a_author
              AND placed = a_placed;
        END IF;
    END IF;
END;
$$ LANGUAGE plpgsql;

-- Each group in key order, so that concurrent statements lock tally rows in one order.
CREATE FUNCTION annotation_tally_apply() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM annotation_tally_add(article_id, tag, author_id, placed, d) FROM (
            SELECT article_id, tag, author_id, paragraph_id IS NOT NULL AS placed,
                   count(*) AS d
            FROM tally_new GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ) AS groups;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM annotation_tally_add(article_id, tag, author_id, placed, d) FROM (
            SELECT article_id, tag, author_id, paragraph_id IS NOT NULL AS placed,
                   -count(*) AS d
            FROM tally_old GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ) AS groups;
    ELSE
        PERFORM annotation_tally_add(article_id, tag, author_id, placed, d) FROM (
            SELECT article_id, tag, author_id, placed, sum(d) AS d FROM (
                SELECT article_id, tag, author_id, paragraph_id IS NOT NULL AS placed,
                       1 AS d
                FROM tally_new
                UNION ALL
                SELECT article_id, tag, author_id, paragraph_id IS NOT NULL, -1
                FROM tally_old
            ) AS moves
            GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4
        ) AS groups;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = """
CREATE TRIGGER annotation_tally_insert AFTER INSERT ON annotations_annotation
REFERENCING NEW TABLE AS tally_new
FOR EACH STATEMENT EXECUTE FUNCTION annotation_tally_apply();
CREATE TRIGGER annotation_tally_update AFTER UPDATE ON annotations_annotation
REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new
FOR EACH STATEMENT EXECUTE FUNCTION annotation_tally_apply();
CREATE TRIGGER annotation_tally_delete AFTER DELETE ON annotations_annotation
REFERENCING OLD TABLE AS tally_old
FOR EACH STATEMENT EXECUTE FUNCTION annotation_tally_apply();
"""

BACKFILL = """
INSERT INTO annotations_tally (article_id, tag, author_id, placed, n)
SELECT article_id, tag, author_id, paragraph_id IS NOT NULL, count(*)
FROM annotations_annotation GROUP BY 1, 2, 3, 4;
"""

FORWARD = FUNCTION + TRIGGERS + BACKFILL

BACKWARD = """
DROP TRIGGER IF EXISTS annotation_tally_insert ON annotations_annotation;
DROP TRIGGER IF EXISTS annotation_tally_update ON annotations_annotation;
DROP TRIGGER IF EXISTS annotation_tally_delete ON annotations_annotation;
DROP FUNCTION IF EXISTS annotation_tally_apply();
DROP FUNCTION IF EXISTS annotation_tally_add(bigint, varchar, integer, boolean, bigint);
"""
