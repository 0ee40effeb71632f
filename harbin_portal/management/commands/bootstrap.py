import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, call_command
from django.db import transaction

from cities.models import City

FIXTURES = ["cities", "events", "museum"]
DEMO_ACCOUNTS = [
    # username, group, superuser
    ("demo-admin", "Portal administrators", True),
    ("demo-editor", "Foreign affairs editors", False),
    ("demo-cataloguer", "Museum cataloguers", False),
]


class Command(BaseCommand):
    help = "Migrate, load the seed fixtures into an empty database, and create demo accounts on the first run."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo-accounts", action="store_true", help="Do not create demo accounts.")

    def handle(self, *args, no_demo_accounts=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.load_fixtures()
        if not no_demo_accounts:
            self.create_demo_accounts()

    def load_fixtures(self):
        if City.objects.exists():
            self.stdout.write("Seed data already present; fixtures not reloaded.")
            return
        names = [n for n in FIXTURES if (Path(settings.BASE_DIR) / "fixtures" / f"{n}.json").exists()]
        with transaction.atomic():
            for name in names:
                call_command("loaddata", str(Path(settings.BASE_DIR) / "fixtures" / f"{name}.json"), verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Loaded fixtures: {', '.join(names)}."))

    def create_demo_accounts(self):
        User = get_user_model()
        if User.objects.filter(username__in=[name for name, _group, _su in DEMO_ACCOUNTS]).exists():
            return
        lines = []
        with transaction.atomic():
            for username, group_name, is_superuser in DEMO_ACCOUNTS:
                password = secrets.token_urlsafe(12)
                user = User.objects.create_user(username, password=password, is_staff=True, is_superuser=is_superuser)
                group = Group.objects.filter(name=group_name).first()
                if group:
                    user.groups.add(group)
                lines.append(f"  {group_name:<24} {username:<16} {password}")
        self.stdout.write(self.style.WARNING("Demo accounts (shown once; write them down):"))
        self.stdout.write("\n".join(lines))
