"""Trigram indexes for the portal's search on PostgreSQL (SQLite keeps plain matching).

Django writes `icontains` as UPPER(col::text) LIKE UPPER(...), so the indexes are on that expression.
"""

from django.db import migrations

SEARCHED_COLUMNS = {
    "cities_city": ["name_en", "name_zh_hans", "name_ru", "alternative_names"],
    "events_event": ["title_en", "title_zh_hans", "title_ru", "theme_en"],
    "museum_exhibit": [
        "accession_number",
        "object_name_en",
        "object_name_zh_hans",
        "object_name_ru",
        "title_en",
        "title_zh_hans",
        "title_ru",
    ],
}


def _index_name(table, column):
    return f"{table}_{column}_trgm"[:63]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in SEARCHED_COLUMNS.items():
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{_index_name(table, column)}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED_COLUMNS.items():
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{_index_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("harbin_portal", "0001_roles"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
