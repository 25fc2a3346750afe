"""SQL for migration 0002: the exactness of suggestions, held by PostgreSQL.

As for annotations (:mod:`annotations.db_triggers`), a deferred constraint trigger checks
at commit that every inserted or updated suggestion's text is its paragraph's text at
its offsets (``substr`` counts code points, as Python does) and that it belongs to the
paragraph's article. Unlike annotations, suggestions are not re-anchored: a paragraph
whose text changes loses its suggestions in the same statement (an AFTER UPDATE
trigger), and the engine computes new ones once the change has committed. No code path,
raw SQL included, can leave a stale suggestion behind.
"""

CREATE = """
CREATE FUNCTION suggestion_check_trigger() RETURNS trigger AS $$
DECLARE
    s suggestions_suggestion%ROWTYPE;
    p articles_paragraph%ROWTYPE;
BEGIN
    SELECT * INTO s FROM suggestions_suggestion WHERE id = NEW.id;
    IF NOT FOUND THEN
        RETURN NULL;  -- deleted later in the same transaction
    END IF;
    SELECT * INTO p FROM articles_paragraph WHERE id = s.paragraph_id;
    IF NOT FOUND THEN
        RETURN NULL;  -- the foreign key reports this
    END IF;
    IF p.article_id <> s.article_id THEN
        RAISE EXCEPTION 'suggestion % is not in the article of paragraph %', s.id, p.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF s.start < 0 OR s."end" <= s.start OR s."end" > char_length(p.text)
       OR substr(p.text, s.start + 1, s."end" - s.start) IS DISTINCT FROM s.text THEN
        RAISE EXCEPTION 'suggestion % text does not match paragraph % at [%, %)',
            s.id, p.id, s.start, s."end"
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER suggestion_matches_paragraph
AFTER INSERT OR UPDATE ON suggestions_suggestion
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION suggestion_check_trigger();

CREATE FUNCTION paragraph_drop_suggestions() RETURNS trigger AS $$
BEGIN
    DELETE FROM suggestions_suggestion WHERE paragraph_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER paragraph_drop_suggestions
AFTER UPDATE OF text, article_id ON articles_paragraph
FOR EACH ROW
WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.article_id IS DISTINCT FROM NEW.article_id)
EXECUTE FUNCTION paragraph_drop_suggestions();
"""

DROP = """
DROP TRIGGER IF EXISTS paragraph_drop_suggestions ON articles_paragraph;
DROP FUNCTION IF EXISTS paragraph_drop_suggestions();
DROP TRIGGER IF EXISTS suggestion_matches_paragraph ON suggestions_suggestion;
DROP FUNCTION IF EXISTS suggestion_check_trigger();
"""
