"""The table of the database cache the public questionnaire's limits count in when there is no Redis
(settings.THROTTLE_CACHE_TABLE; issue 18, hole 6). Created whatever the settings say, so that a site
that drops Redis later still has it; `migrate` is all the demo and a new installation need."""

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, settings.THROTTLE_CACHE_TABLE, False)


def drop_table(apps, schema_editor):
    table = settings.THROTTLE_CACHE_TABLE
    if table in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_history")]

    operations = [migrations.RunPython(create_table, drop_table, elidable=False)]
