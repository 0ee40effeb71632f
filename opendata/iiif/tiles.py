"""Static IIIF Image API 3 tiles (level 0) for exhibit images, made with libvips once per upload.

Tiles come from the original, read through its field's storage (which may be private); tiles and
info.json go to the public storage under iiif/<key>/, where <key> is the original's random file name,
so a new upload gets new tiles and old tile addresses never change (they can be cached for a year).
The info.json is stored with a placeholder id; the /iiif/images/<key>/info.json view gives the real one.
"""

import json
import logging
import re
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import reverse

logger = logging.getLogger(__name__)

TILE_ROOT = "iiif"
TILE_SIZE = 512
PLACEHOLDER_BASE = "https://iiif.invalid"
KEY_PATTERN = re.compile(r"^[0-9a-f]{8,64}$")


def public_storage():
    """The storage for what anyone may fetch: the "public" alias when the site has one, else the default."""
    return storages["public"] if "public" in settings.STORAGES else default_storage


def tile_key(image):
    """The tiles' key for an ExhibitImage: its original's random file name, or None without an original."""
    name = getattr(image.image, "name", "") if image is not None else ""
    key = PurePosixPath(name).stem if name else ""
    return key if KEY_PATTERN.match(key) else None


def tile_path(key, *parts):
    return "/".join((TILE_ROOT, key, *parts))


def image_service_url(image):
    """The site path of the image's IIIF service (append /info.json), or None without an original."""
    key = tile_key(image)
    return reverse("opendata_root:iiif-image", args=[key]) if key else None


def read_info(key):
    """The stored info.json as a dict, or None when the tiles have not been made."""
    storage = public_storage()
    path = tile_path(key, "info.json")
    try:
        with storage.open(path, "rb") as handle:
            return json.loads(handle.read())
    except (FileNotFoundError, OSError, ValueError):
        return None


def has_tiles(image):
    key = tile_key(image)
    return bool(key) and public_storage().exists(tile_path(key, "info.json"))


def build_tiles(image, *, force=False):
    """Make the tiles and info.json of an ExhibitImage; returns the number of files stored (0 if none made)."""
    import pyvips  # imported here: only uploads and the rebuild command need libvips

    key = tile_key(image)
    if key is None:
        return 0
    storage = public_storage()
    if not force and storage.exists(tile_path(key, "info.json")):
        return 0
    with image.image.storage.open(image.image.name, "rb") as handle:
        data = handle.read()
    picture = pyvips.Image.new_from_buffer(data, "", access="sequential")
    picture = picture.autorot()
    if picture.interpretation not in ("srgb", "b-w"):
        picture = picture.colourspace("srgb")
    if picture.hasalpha():
        picture = picture.flatten(background=[255, 255, 255])
    with tempfile.TemporaryDirectory(prefix="iiif-") as folder:
        picture.dzsave(
            str(Path(folder) / key),
            layout="iiif3",
            tile_size=TILE_SIZE,
            overlap=0,
            suffix=".jpg[Q=85,strip]",
            id=PLACEHOLDER_BASE,
        )
        root = Path(folder) / key
        info = json.loads((root / "info.json").read_text())
        files = {tile_path(key, *file.relative_to(root).parts): file for file in root.rglob("*.jpg")}
        # The whole image at each size also under "full/", where viewers ask for it; these are the sizes.
        whole = root / f"0,0,{info['width']},{info['height']}"
        sizes = []
        for file in sorted(whole.glob("*/0/default.jpg")) if whole.is_dir() else []:
            size = file.parent.parent.name
            files[tile_path(key, "full", size, "0", "default.jpg")] = file
            w, h = (int(n) for n in size.split(","))
            sizes.append({"width": w, "height": h})
            if (w, h) == (info["width"], info["height"]):
                files[tile_path(key, "full", "max", "0", "default.jpg")] = file
        info["sizes"] = sorted(sizes, key=lambda size: size["width"])
        for name, file in files.items():
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, ContentFile(file.read_bytes()))
        # info.json last: its presence means the tiles are complete.
        name = tile_path(key, "info.json")
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, ContentFile(json.dumps(info).encode()))
    return len(files) + 1


def build_tiles_quietly(image_pk):
    """For transaction.on_commit: make the tiles, and log (not raise) a failure so the save still stands."""
    from museum.models import ExhibitImage

    image = ExhibitImage.objects.filter(pk=image_pk).first()
    if image is None:
        return
    try:
        build_tiles(image)
    except Exception:
        logger.exception("IIIF tiles could not be made for exhibit image %s", image_pk)
