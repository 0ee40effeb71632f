from django.contrib.auth.models import Group, Permission
from django.core.management import BaseCommand

from harbin_portal.roles import ROLES, apply_roles


class Command(BaseCommand):
    help = "Set the staff groups' permissions to exactly those in harbin_portal/roles.py (after adding models)."

    def handle(self, *args, **options):
        apply_roles(Group, Permission)
        for role in ROLES:
            count = Group.objects.get(name=role).permissions.count()
            self.stdout.write(f"{role}: {count} permissions")
