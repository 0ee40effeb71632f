"""`manage.py backup <dir>`: the database as portable JSON, the media files as a tar, and a manifest.

The dump uses natural keys and leaves out what `migrate` rebuilds (content types, permissions)
and what is not worth keeping (sessions, sign-in attempts), so it loads into SQLite or
PostgreSQL alike. Media are read through the default storage, so object storage works too.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import django
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from core.storages import private_storage

DATABASE_FILE = "database.json.gz"
MEDIA_FILE = "media.tar"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


def backed_up_models():
    """The models in a backup: everything but the apps and models in EXCLUDED."""
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and not model._meta.proxy
        and model._meta.managed
    ]


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


# Files of the private storage (agreements, image originals) are archived under this prefix.
PRIVATE_PREFIX = "private-media/"


def media_storages(name):
    """(storage, name in it) for a name in the archive."""
    if name.startswith(PRIVATE_PREFIX):
        return private_storage(), name.removeprefix(PRIVATE_PREFIX)
    return default_storage, name


def media_storages_files():
    private = private_storage()
    yield from ((default_storage, "", name) for name in storage_files(default_storage))
    # The import preview's waiting files are not worth keeping.
    yield from (
        (private, PRIVATE_PREFIX, name)
        for name in storage_files(private)
        if not name.startswith("django-import-export/")
    )


def storage_files(storage, folder=""):
    """Every file name under `folder` in the storage, depth first, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_files(storage, f"{folder}/{sub}" if folder else sub)


class Command(BaseCommand):
    help = "Back up the database (portable JSON) and the media files into a folder; `restore` reads it back."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Where to write the backup; created if missing, must be empty.")

    def handle(self, *args, folder, **options):
        target = Path(folder)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} is not empty; give a new folder for each backup.")
        target.mkdir(parents=True, exist_ok=True)

        counts = self.dump_database(target / DATABASE_FILE)
        media_count, media_bytes = self.archive_media(target / MEDIA_FILE)

        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "django": django.get_version(),
            "database_vendor": connection.vendor,
            "database": {"file": DATABASE_FILE, "sha256": sha256(target / DATABASE_FILE), "counts": counts},
            "media": {
                "file": MEDIA_FILE,
                "sha256": sha256(target / MEDIA_FILE),
                "files": media_count,
                "bytes": media_bytes,
            },
        }
        (target / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {sum(counts.values())} records and {media_count} media files to {target}.")
        )

    def dump_database(self, path):
        """Counts and dump read in one transaction, so they agree even while staff keep working."""
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            # One snapshot for every table (only possible as the transaction's first statement).
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}
            # dumpdata writes gzip itself when the file name ends in .gz.
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                natural_primary=True,
                use_base_manager=True,
                output=str(path),
                verbosity=0,
            )
        return {label: count for label, count in counts.items() if count}

    def archive_media(self, path):
        count = total = 0
        with tarfile.open(path, "w") as archive:
            for storage, prefix, name in media_storages_files():
                with storage.open(name, "rb") as stream:
                    data = stream.read()
                info = tarfile.TarInfo(prefix + name)
                info.size = len(data)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                count += 1
                total += len(data)
        return count, total
