"""Full-text search indexes on PostgreSQL: expression GIN indexes on each post's words
and each thread's title, matching `search.PostWords` and `search.TitleWords`. SQLite
has no such index; its search falls back to a plain match."""

from django.db import migrations

INDEXES = {
    "conversations_post_words": ("conversations_post", "body"),
    "conversations_thread_words": ("conversations_thread", "title"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector('english'::regconfig, {column}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
