import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Agreement, City, CityFigure, Partnership, PartnershipMilestone


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


@register(PartnershipMilestone)
class PartnershipMilestoneTranslationOptions(TranslationOptions):
    fields = ("note",)


simple_history.register(PartnershipMilestone)


@register(Agreement)
class AgreementTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)


simple_history.register(Agreement)
