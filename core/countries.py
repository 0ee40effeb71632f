"""Country drop-downs: only the countries at hand, named in the active language."""

from django_countries import countries


def country_choices(codes):
    """[(ISO code, country name)] for `codes`, sorted by name. Translating only these, not all 249, keeps pages fast."""
    return sorted(((code, str(countries.name(code))) for code in set(codes) if code), key=lambda choice: choice[1])
