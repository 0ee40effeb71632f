from django.core.management.base import BaseCommand

from museum.models import ExhibitImage
from opendata.iiif.tiles import build_tiles


class Command(BaseCommand):
    help = "Make the IIIF tiles of exhibit images that have none (--force: remake them all)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remake tiles that exist too.")

    def handle(self, *args, force=False, **options):
        made = failed = 0
        for image in ExhibitImage.objects.exclude(image="").order_by("pk").iterator():
            try:
                if build_tiles(image, force=force):
                    made += 1
            except Exception as error:  # one unreadable original must not stop the others
                failed += 1
                self.stderr.write(f"Image {image.pk}: {error}")
        self.stdout.write(f"Tiles made for {made} image(s); {failed} failed.")
