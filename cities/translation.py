import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import City, CityFigure, Partnership


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "description", "symbols")
    required_languages = ("en",)


simple_history.register(City)


@register(CityFigure)
class CityFigureTranslationOptions(TranslationOptions):
    fields = ("label", "value", "period")


simple_history.register(CityFigure)


@register(Partnership)
class PartnershipTranslationOptions(TranslationOptions):
    fields = ("areas_of_cooperation", "summary")


simple_history.register(Partnership)
