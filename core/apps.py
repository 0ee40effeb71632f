from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The foundation below every app: it imports none of the apps; its one table is the imports on the task queue."""

    name = "core"
    verbose_name = _("Foundation")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Django's ImageField opens uploads with Pillow (header only), which calls anything over 89 megapixels a
        # decompression bomb; core.images decides the limit (MAX_IMAGE_PIXELS) and decodes within its memory bound.
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
