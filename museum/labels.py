"""Exhibit labels: title, maker, date and giving city in the chosen language (or Chinese and English together),
the accession number, and a QR code of the public permalink. Drafts get no label: their QR code would lead
visitors to a page that is not found."""

import segno
from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

BILINGUAL = "zh-hans+en"


def label_languages():
    """[(code, name)] a label can be printed in: each site language, and Chinese with English."""
    return [*settings.LANGUAGES, (BILINGUAL, _("Chinese and English"))]


def languages_of(choice):
    known = {code for code, _name in settings.LANGUAGES}
    if choice == BILINGUAL:
        return ["zh-hans", "en"]
    return [choice] if choice in known else ["en"]


def permalink(request, exhibit):
    """The exhibit's public page in English, as an absolute URL (labels outlive language choices)."""
    with translation.override("en"):
        return request.build_absolute_uri(exhibit.get_absolute_url())


def qr_svg(data):
    """An inline SVG QR code of `data`; segno's markup holds no user text, only the encoded path."""
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass="qr-modules")
    return mark_safe(svg)  # noqa: S308


def label_text(exhibit, language):
    """What one label says in `language` (modeltranslation falls back to English for a missing translation)."""
    with translation.override(language):
        city = exhibit.origin_city
        return {
            "language": language,
            "title": exhibit.display_title,
            "maker": exhibit.maker,
            "date_made": exhibit.date_made,
            "gift": gettext("Gift of %(city)s") % {"city": city.name} if city else "",
            "museum": gettext("Harbin International Sister Cities Museum"),
        }


def build_labels(request, exhibits, choice="en"):
    languages = languages_of(choice)
    return [
        {
            "exhibit": exhibit,
            "texts": [label_text(exhibit, language) for language in languages],
            "url": (url := permalink(request, exhibit)),
            "qr": qr_svg(url),
        }
        for exhibit in exhibits
    ]
