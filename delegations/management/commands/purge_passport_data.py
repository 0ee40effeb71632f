"""Erase delegates' passport details PASSPORT_RETENTION_DAYS after their event. Run it daily (cron, systemd timer)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from delegations.services import passport_data_purge


class Command(BaseCommand):
    help = "Erase passport details of delegates whose event ended more than PASSPORT_RETENTION_DAYS days ago."

    def handle(self, *args, **options):
        purged = passport_data_purge()
        # Each purged record is also logged (logger "delegations") by the service, by id and event only.
        self.stdout.write(
            f"Purged passport data of {len(purged)} registration(s) "
            f"(retention {settings.PASSPORT_RETENTION_DAYS} days after the event)."
        )
        for registration in purged:
            self.stdout.write(f"  registration {registration.pk}, event {registration.event.slug}")
