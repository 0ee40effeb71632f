"""Country drop-downs: only the countries at hand, named in the active language."""

from django_countries import countries

from .collation import sort_key


def country_choices(codes):
    """[(ISO code, country name)] for `codes`, sorted by name as the active language sorts. Translating only these,
    not all 249, keeps pages fast."""
    choices = ((code, str(countries.name(code))) for code in set(codes) if code)
    return sorted(choices, key=lambda choice: sort_key(choice[1]))
