"""`manage.py restore <dir>`: load a `backup` folder into an empty, migrated database.

Everything or nothing: the records load in one transaction, their counts are checked against
the manifest, and the media files are written inside that transaction (and removed again if
anything fails).
"""

import json
import tarfile
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.management import BaseCommand, CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from core.cache import bump_content_version

from .backup import DATABASE_FILE, FORMAT_VERSION, MANIFEST_FILE, MEDIA_FILE, backed_up_models, media_storages, sha256

# Rows `migrate` itself creates (the staff roles); loaddata matches them by name.
MADE_BY_MIGRATE = {"auth.group"}


class Command(BaseCommand):
    help = "Restore a `backup` folder (database and media) into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")

    def handle(self, *args, folder, **options):
        source = Path(folder)
        manifest = self.read_manifest(source)
        self.check_database_is_migrated()
        self.check_database_is_empty()
        media = self.read_media(source / MEDIA_FILE)

        written = []
        try:
            with transaction.atomic():
                call_command("loaddata", str(source / DATABASE_FILE), verbosity=0)
                self.check_counts(manifest["database"]["counts"])
                for name, data in media:
                    storage, stored_name = media_storages(name)
                    if not storage.exists(stored_name):
                        written.append(self.write_media(name, data))
        except Exception:
            for name in written:
                storage, stored_name = media_storages(name)
                storage.delete(stored_name)
            raise
        bump_content_version()
        total = sum(manifest["database"]["counts"].values())
        self.stdout.write(self.style.SUCCESS(f"Restored {total} records and {len(media)} media files from {source}."))

    def read_manifest(self, source):
        try:
            manifest = json.loads((source / MANIFEST_FILE).read_text())
        except FileNotFoundError:
            raise CommandError(f"{source} holds no {MANIFEST_FILE}; is it a folder written by `backup`?") from None
        if manifest.get("format") != FORMAT_VERSION:
            raise CommandError(f"Unknown backup format {manifest.get('format')!r}; expected {FORMAT_VERSION}.")
        for part in ("database", "media"):
            path = source / manifest[part]["file"]
            if not path.exists():
                raise CommandError(f"{path} is missing.")
            if sha256(path) != manifest[part]["sha256"]:
                raise CommandError(f"{path} does not match its checksum in the manifest: the backup is damaged.")
        return manifest

    def check_database_is_migrated(self):
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not fully migrated: run `manage.py migrate` first.")

    def check_database_is_empty(self):
        occupied = [
            f"{model._meta.label_lower} ({model._base_manager.count()})"
            for model in backed_up_models()
            if model._meta.label_lower not in MADE_BY_MIGRATE and model._base_manager.exists()
        ]
        if occupied:
            raise CommandError(
                "Restore only into an empty database (a new one, just migrated); this one already holds: "
                + ", ".join(occupied)
            )

    def read_media(self, path):
        """(name, bytes) for every file in the archive, refusing names that would leave the media folder."""
        files = []
        with tarfile.open(path, "r") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                parts = PurePosixPath(member.name).parts
                if member.name.startswith("/") or ".." in parts:
                    raise CommandError(f"Refusing media file name {member.name!r} in the backup.")
                files.append((member.name, archive.extractfile(member).read()))
        clashes = [
            name
            for name, data in files
            if media_storages(name)[0].exists(media_storages(name)[1]) and self.stored(name) != data
        ]
        if clashes:
            raise CommandError(
                f"The media storage already holds different files under {len(clashes)} of the backup's names "
                f"(e.g. {clashes[0]}); restore into an empty media folder."
            )
        return files

    @staticmethod
    def stored(name):
        storage, stored_name = media_storages(name)
        with storage.open(stored_name, "rb") as stream:
            return stream.read()

    @staticmethod
    def write_media(name, data):
        storage, stored_name = media_storages(name)
        saved = storage.save(stored_name, ContentFile(data))
        if saved != stored_name:
            storage.delete(saved)
            raise CommandError(f"The media storage renamed {name} to {saved}; restore into an empty media folder.")
        return saved

    @staticmethod
    def check_counts(expected):
        found = {
            model._meta.label_lower: model._base_manager.count()
            for model in backed_up_models()
            if model._meta.label_lower not in MADE_BY_MIGRATE
        }
        wrong = [
            f"{label}: {found.get(label, 0)} instead of {count}"
            for label, count in sorted(expected.items())
            if label not in MADE_BY_MIGRATE and found.get(label, 0) != count
        ]
        wrong += [
            f"{label}: {count} instead of 0"
            for label, count in sorted(found.items())
            if count and label not in expected
        ]
        if wrong:
            raise CommandError("The restored records do not match the manifest; nothing was kept. " + "; ".join(wrong))
