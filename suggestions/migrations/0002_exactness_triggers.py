from django.db import migrations

from suggestions import db_triggers


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]

    operations = [migrations.RunSQL(db_triggers.CREATE, db_triggers.DROP)]
