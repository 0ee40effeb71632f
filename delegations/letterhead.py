"""The office's letterhead for invitation letters: defaults here, overridden by settings.INVITATION_LETTERHEAD."""

from django.conf import settings

DEFAULT_LETTERHEAD = {
    # Letter numbers read HFAO-2026-0001.
    "number_prefix": "HFAO",
    "office": {
        "en": "Foreign Affairs Office of the People's Government of Harbin Municipality",
        "zh-hans": "哈尔滨市人民政府外事办公室",
        "ru": "Канцелярия по иностранным делам Народного правительства города Харбина",
    },
    "address": {
        "en": "Harbin, Heilongjiang Province, People's Republic of China",
        "zh-hans": "中华人民共和国黑龙江省哈尔滨市",
        "ru": "Китайская Народная Республика, провинция Хэйлунцзян, г. Харбин",
    },
    "signatory": {"en": "", "zh-hans": "", "ru": ""},
    "signatory_title": {"en": "Director", "zh-hans": "主任", "ru": "Директор"},
    "phone": "",
    "email": "",
}


def letterhead():
    return {**DEFAULT_LETTERHEAD, **getattr(settings, "INVITATION_LETTERHEAD", {})}


def in_language(value, language):
    """A letterhead entry in `language` (English when missing); plain strings are the same in every language."""
    if isinstance(value, dict):
        return value.get(language) or value.get("en", "")
    return value
