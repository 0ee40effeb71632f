"""The three staff roles exist in every database: see harbin_portal/roles.py for what each may do."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from harbin_portal.roles import apply_roles


def create_roles(apps, schema_editor):
    # On a fresh database permissions are only made after `migrate` ends (post_migrate): make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    apply_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0010_accessattemptexpiration"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sessions", "0001_initial"),
        ("cities", "0001_initial"),
        ("events", "0001_initial"),
        ("museum", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
