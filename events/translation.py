import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventPhoto, EventSeries, Session


@register(EventSeries)
class EventSeriesTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


simple_history.register(EventSeries)


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "venue", "theme", "summary", "body", "outcomes", "organisers")
    required_languages = ("en",)


simple_history.register(Event)


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("title", "place", "room", "speakers")


simple_history.register(Session)


@register(EventPhoto)
class EventPhotoTranslationOptions(TranslationOptions):
    fields = ("caption",)


simple_history.register(EventPhoto)
