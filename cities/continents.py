"""Continents of the ISO 3166-1 alpha-2 countries, for the directory's continent filter.

A public reference fact, kept as a plain dict. Transcontinental countries are placed where
they are usually listed (Russia in Europe, Turkey and Cyprus in Asia, Egypt in Africa).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Continent(models.TextChoices):
    AFRICA = "AF", _("Africa")
    ANTARCTICA = "AN", _("Antarctica")
    ASIA = "AS", _("Asia")
    EUROPE = "EU", _("Europe")
    NORTH_AMERICA = "NA", _("North America")
    OCEANIA = "OC", _("Oceania")
    SOUTH_AMERICA = "SA", _("South America")


AFRICA = Continent.AFRICA.value
ANTARCTICA = Continent.ANTARCTICA.value
ASIA = Continent.ASIA.value
EUROPE = Continent.EUROPE.value
NORTH_AMERICA = Continent.NORTH_AMERICA.value
OCEANIA = Continent.OCEANIA.value
SOUTH_AMERICA = Continent.SOUTH_AMERICA.value

COUNTRY_CONTINENT = {
    "AD": EUROPE,
    "AE": ASIA,
    "AF": ASIA,
    "AG": NORTH_AMERICA,
    "AI": NORTH_AMERICA,
    "AL": EUROPE,
    "AM": ASIA,
    "AO": AFRICA,
    "AQ": ANTARCTICA,
    "AR": SOUTH_AMERICA,
    "AS": OCEANIA,
    "AT": EUROPE,
    "AU": OCEANIA,
    "AW": NORTH_AMERICA,
    "AX": EUROPE,
    "AZ": ASIA,
    "BA": EUROPE,
    "BB": NORTH_AMERICA,
    "BD": ASIA,
    "BE": EUROPE,
    "BF": AFRICA,
    "BG": EUROPE,
    "BH": ASIA,
    "BI": AFRICA,
    "BJ": AFRICA,
    "BL": NORTH_AMERICA,
    "BM": NORTH_AMERICA,
    "BN": ASIA,
    "BO": SOUTH_AMERICA,
    "BQ": NORTH_AMERICA,
    "BR": SOUTH_AMERICA,
    "BS": NORTH_AMERICA,
    "BT": ASIA,
    "BV": ANTARCTICA,
    "BW": AFRICA,
    "BY": EUROPE,
    "BZ": NORTH_AMERICA,
    "CA": NORTH_AMERICA,
    "CC": ASIA,
    "CD": AFRICA,
    "CF": AFRICA,
    "CG": AFRICA,
    "CH": EUROPE,
    "CI": AFRICA,
    "CK": OCEANIA,
    "CL": SOUTH_AMERICA,
    "CM": AFRICA,
    "CN": ASIA,
    "CO": SOUTH_AMERICA,
    "CR": NORTH_AMERICA,
    "CU": NORTH_AMERICA,
    "CV": AFRICA,
    "CW": NORTH_AMERICA,
    "CX": ASIA,
    "CY": ASIA,
    "CZ": EUROPE,
    "DE": EUROPE,
    "DJ": AFRICA,
    "DK": EUROPE,
    "DM": NORTH_AMERICA,
    "DO": NORTH_AMERICA,
    "DZ": AFRICA,
    "EC": SOUTH_AMERICA,
    "EE": EUROPE,
    "EG": AFRICA,
    "EH": AFRICA,
    "ER": AFRICA,
    "ES": EUROPE,
    "ET": AFRICA,
    "FI": EUROPE,
    "FJ": OCEANIA,
    "FK": SOUTH_AMERICA,
    "FM": OCEANIA,
    "FO": EUROPE,
    "FR": EUROPE,
    "GA": AFRICA,
    "GB": EUROPE,
    "GD": NORTH_AMERICA,
    "GE": ASIA,
    "GF": SOUTH_AMERICA,
    "GG": EUROPE,
    "GH": AFRICA,
    "GI": EUROPE,
    "GL": NORTH_AMERICA,
    "GM": AFRICA,
    "GN": AFRICA,
    "GP": NORTH_AMERICA,
    "GQ": AFRICA,
    "GR": EUROPE,
    "GS": ANTARCTICA,
    "GT": NORTH_AMERICA,
    "GU": OCEANIA,
    "GW": AFRICA,
    "GY": SOUTH_AMERICA,
    "HK": ASIA,
    "HM": ANTARCTICA,
    "HN": NORTH_AMERICA,
    "HR": EUROPE,
    "HT": NORTH_AMERICA,
    "HU": EUROPE,
    "ID": ASIA,
    "IE": EUROPE,
    "IL": ASIA,
    "IM": EUROPE,
    "IN": ASIA,
    "IO": ASIA,
    "IQ": ASIA,
    "IR": ASIA,
    "IS": EUROPE,
    "IT": EUROPE,
    "JE": EUROPE,
    "JM": NORTH_AMERICA,
    "JO": ASIA,
    "JP": ASIA,
    "KE": AFRICA,
    "KG": ASIA,
    "KH": ASIA,
    "KI": OCEANIA,
    "KM": AFRICA,
    "KN": NORTH_AMERICA,
    "KP": ASIA,
    "KR": ASIA,
    "KW": ASIA,
    "KY": NORTH_AMERICA,
    "KZ": ASIA,
    "LA": ASIA,
    "LB": ASIA,
    "LC": NORTH_AMERICA,
    "LI": EUROPE,
    "LK": ASIA,
    "LR": AFRICA,
    "LS": AFRICA,
    "LT": EUROPE,
    "LU": EUROPE,
    "LV": EUROPE,
    "LY": AFRICA,
    "MA": AFRICA,
    "MC": EUROPE,
    "MD": EUROPE,
    "ME": EUROPE,
    "MF": NORTH_AMERICA,
    "MG": AFRICA,
    "MH": OCEANIA,
    "MK": EUROPE,
    "ML": AFRICA,
    "MM": ASIA,
    "MN": ASIA,
    "MO": ASIA,
    "MP": OCEANIA,
    "MQ": NORTH_AMERICA,
    "MR": AFRICA,
    "MS": NORTH_AMERICA,
    "MT": EUROPE,
    "MU": AFRICA,
    "MV": ASIA,
    "MW": AFRICA,
    "MX": NORTH_AMERICA,
    "MY": ASIA,
    "MZ": AFRICA,
    "NA": AFRICA,
    "NC": OCEANIA,
    "NE": AFRICA,
    "NF": OCEANIA,
    "NG": AFRICA,
    "NI": NORTH_AMERICA,
    "NL": EUROPE,
    "NO": EUROPE,
    "NP": ASIA,
    "NR": OCEANIA,
    "NU": OCEANIA,
    "NZ": OCEANIA,
    "OM": ASIA,
    "PA": NORTH_AMERICA,
    "PE": SOUTH_AMERICA,
    "PF": OCEANIA,
    "PG": OCEANIA,
    "PH": ASIA,
    "PK": ASIA,
    "PL": EUROPE,
    "PM": NORTH_AMERICA,
    "PN": OCEANIA,
    "PR": NORTH_AMERICA,
    "PS": ASIA,
    "PT": EUROPE,
    "PW": OCEANIA,
    "PY": SOUTH_AMERICA,
    "QA": ASIA,
    "RE": AFRICA,
    "RO": EUROPE,
    "RS": EUROPE,
    "RU": EUROPE,
    "RW": AFRICA,
    "SA": ASIA,
    "SB": OCEANIA,
    "SC": AFRICA,
    "SD": AFRICA,
    "SE": EUROPE,
    "SG": ASIA,
    "SH": AFRICA,
    "SI": EUROPE,
    "SJ": EUROPE,
    "SK": EUROPE,
    "SL": AFRICA,
    "SM": EUROPE,
    "SN": AFRICA,
    "SO": AFRICA,
    "SR": SOUTH_AMERICA,
    "SS": AFRICA,
    "ST": AFRICA,
    "SV": NORTH_AMERICA,
    "SX": NORTH_AMERICA,
    "SY": ASIA,
    "SZ": AFRICA,
    "TC": NORTH_AMERICA,
    "TD": AFRICA,
    "TF": ANTARCTICA,
    "TG": AFRICA,
    "TH": ASIA,
    "TJ": ASIA,
    "TK": OCEANIA,
    "TL": ASIA,
    "TM": ASIA,
    "TN": AFRICA,
    "TO": OCEANIA,
    "TR": ASIA,
    "TT": NORTH_AMERICA,
    "TV": OCEANIA,
    "TW": ASIA,
    "TZ": AFRICA,
    "UA": EUROPE,
    "UG": AFRICA,
    "UM": OCEANIA,
    "US": NORTH_AMERICA,
    "UY": SOUTH_AMERICA,
    "UZ": ASIA,
    "VA": EUROPE,
    "VC": NORTH_AMERICA,
    "VE": SOUTH_AMERICA,
    "VG": NORTH_AMERICA,
    "VI": NORTH_AMERICA,
    "VN": ASIA,
    "VU": OCEANIA,
    "WF": OCEANIA,
    "WS": OCEANIA,
    "YE": ASIA,
    "YT": AFRICA,
    "ZA": AFRICA,
    "ZM": AFRICA,
    "ZW": AFRICA,
}


def continent_of(country_code):
    """The continent code of an ISO country code, or None for an unknown code."""
    return COUNTRY_CONTINENT.get(str(country_code or "").upper())


def countries_in(continent):
    """The ISO codes of the countries on a continent (empty for an unknown continent)."""
    return sorted(code for code, value in COUNTRY_CONTINENT.items() if value == continent)


# Countries on two continents: where a city is decides, not its country. Each rule is (continent west of the line,
# continent east of it, the line's longitude), a coarse boundary that is right for every city likely to be a partner:
# the Urals near 60° E (Yekaterinburg, Khabarovsk, Yakutsk and Vladivostok are in Asia; Moscow and Krasnodar in
# Europe), the Ural River near 51.5° E, the Bosporus near 29° E and the Suez Canal near 32.4° E.
TRANSCONTINENTAL = {
    "RU": (EUROPE, ASIA, 60.0),
    "KZ": (EUROPE, ASIA, 51.5),
    "TR": (EUROPE, ASIA, 29.0),
    "EG": (AFRICA, ASIA, 32.4),
}


def continent_of_place(country_code, longitude=None):
    """The continent of a place: its country's, or for a transcontinental country the side of the line it is on."""
    code = str(country_code or "").upper()
    rule = TRANSCONTINENTAL.get(code)
    if rule is None or longitude is None:
        return continent_of(code)
    west, east, line = rule
    return east if float(longitude) >= line else west


def continent_q(continent, *, country="country", longitude="longitude"):
    """A Q matching the places on a continent, with the transcontinental countries split at their line."""
    whole = [code for code in countries_in(continent) if code not in TRANSCONTINENTAL]
    q = Q(**{f"{country}__in": whole})
    for code, (west, east, line) in TRANSCONTINENTAL.items():
        if continent == west:
            q |= Q(**{country: code, f"{longitude}__lt": line})
        if continent == east:
            q |= Q(**{country: code, f"{longitude}__gte": line})
        if continent == continent_of(code):
            # Without coordinates a place stays on the continent its country is usually listed under.
            q |= Q(**{country: code, f"{longitude}__isnull": True})
    return q
