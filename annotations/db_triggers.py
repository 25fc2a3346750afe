"""SQL for migration 0004: exactness checked at commit, for annotations and paragraphs.

Deferred, so that a transaction may change a paragraph's text and then re-anchor its
annotations; at commit, every annotation that is not orphaned must match its paragraph
and belong to the paragraph's article, whatever code path changed them.
"""

DROP_OLD = """
DROP TRIGGER IF EXISTS annotation_text_matches_paragraph ON annotations_annotation;
DROP FUNCTION IF EXISTS annotation_text_matches_paragraph();
"""

NEW_TRIGGERS = """
CREATE FUNCTION annotation_matches_paragraph(annotation_id bigint) RETURNS void AS $$
DECLARE
    a annotations_annotation%ROWTYPE;
    p articles_paragraph%ROWTYPE;
BEGIN
    SELECT * INTO a FROM annotations_annotation WHERE id = annotation_id;
    IF NOT FOUND OR a.status = 'orphaned' THEN
        RETURN;
    END IF;
    SELECT * INTO p FROM articles_paragraph WHERE id = a.paragraph_id;
    IF NOT FOUND THEN
        RETURN;  -- the foreign key reports this
    END IF;
    IF p.article_id <> a.article_id THEN
        RAISE EXCEPTION 'annotation % is not in the article of paragraph %', a.id, p.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF a.start < 0 OR a."end" <= a.start OR a."end" > char_length(p.text)
       OR substr(p.text, a.start + 1, a."end" - a.start) IS DISTINCT FROM a.text THEN
        RAISE EXCEPTION 'annotation % text does not match paragraph % at [%, %)',
            a.id, p.id, a.start, a."end"
            USING ERRCODE = 'check_violation';
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION annotation_check_trigger() RETURNS trigger AS $$
BEGIN
    PERFORM annotation_matches_paragraph(NEW.id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER annotation_matches_paragraph
AFTER INSERT OR UPDATE ON annotations_annotation
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION annotation_check_trigger();

CREATE FUNCTION paragraph_annotations_check_trigger() RETURNS trigger AS $$
DECLARE
    annotation_id bigint;
BEGIN
    FOR annotation_id IN
        SELECT id FROM annotations_annotation WHERE paragraph_id = NEW.id AND status <> 'orphaned'
    LOOP
        PERFORM annotation_matches_paragraph(annotation_id);
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER paragraph_annotations_match
AFTER UPDATE OF text, article_id ON articles_paragraph
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION paragraph_annotations_check_trigger();
"""

RESTORE_OLD = """
DROP TRIGGER IF EXISTS paragraph_annotations_match ON articles_paragraph;
DROP FUNCTION IF EXISTS paragraph_annotations_check_trigger();
DROP TRIGGER IF EXISTS annotation_matches_paragraph ON annotations_annotation;
DROP FUNCTION IF EXISTS annotation_check_trigger();
DROP FUNCTION IF EXISTS annotation_matches_paragraph(bigint);
"""


def _renamed(sql: str) -> str:
    """Migration 0007: the same triggers once ``status`` became ``anchor``."""
    for old, new in (
        ("a.status = 'orphaned'", "a.anchor = 'orphaned'"),
        ("status <> 'orphaned'", "anchor <> 'orphaned'"),
    ):
        assert old in sql, old
        sql = sql.replace(old, new)
    return sql


ANCHOR_TRIGGERS = _renamed(NEW_TRIGGERS)
