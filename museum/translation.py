import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Exhibit, ExhibitImage, Museum, ObjectType, Room


@register(Museum)
class MuseumTranslationOptions(TranslationOptions):
    fields = ("name", "address", "building", "opening_hours", "ticket", "managed_by", "description")
    required_languages = ("en",)


simple_history.register(Museum)


@register(Room)
class RoomTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


simple_history.register(Room)


@register(ObjectType)
class ObjectTypeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


simple_history.register(ObjectType)


@register(Exhibit)
class ExhibitTranslationOptions(TranslationOptions):
    # Maker, materials and dimensions are read by visitors too ("silk, lacquered wood"), so they are translated.
    fields = ("object_name", "title", "brief_description", "maker", "materials", "dimensions")
    required_languages = ("en",)


simple_history.register(Exhibit)


@register(ExhibitImage)
class ExhibitImageTranslationOptions(TranslationOptions):
    fields = ("caption",)


simple_history.register(ExhibitImage)
