from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS offers_offer_search_gin ON offers_offer "
    "USING gin (to_tsvector('simple', search_document))"
)
DROP = "DROP INDEX IF EXISTS offers_offer_search_gin"


def create(apps, schema_editor):
    # The full-text index exists on PostgreSQL only; SQLite searches without it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
