"""Editors manage sources (cities.Source), cataloguers add and change them (harbin_portal/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from harbin_portal.roles import apply_roles


def update_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    apply_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("harbin_portal", "0006_calendar_feed_no_admin_permissions"),
        ("cities", "0005_sources_and_source_spellings"),
    ]

    operations = [
        migrations.RunPython(update_roles, migrations.RunPython.noop),
    ]
