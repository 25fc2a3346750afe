from django.db import migrations

# Every article has its workflow row from the moment it exists, whatever inserts it (the
# importer's bulk_create, the admin, raw SQL): a status filter is then a plain join.
TRIGGER_SQL = """
CREATE FUNCTION desk_workflow_for_new_article() RETURNS trigger AS $$
BEGIN
    INSERT INTO desk_workflow (article_id, status, blind, changed)
    VALUES (NEW.id, 'new', false, now())
    ON CONFLICT (article_id) DO NOTHING;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER desk_workflow_for_new_article
AFTER INSERT ON articles_article
FOR EACH ROW EXECUTE FUNCTION desk_workflow_for_new_article();

INSERT INTO desk_workflow (article_id, status, blind, changed)
SELECT id, 'new', false, now() FROM articles_article
ON CONFLICT (article_id) DO NOTHING;
"""

DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS desk_workflow_for_new_article ON articles_article;
DROP FUNCTION IF EXISTS desk_workflow_for_new_article();
"""


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_initial")]

    operations = [migrations.RunSQL(TRIGGER_SQL, DROP_TRIGGER_SQL)]
