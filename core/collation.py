"""Sorting as each language sorts, the same on SQLite and PostgreSQL: done in Python on the rows a list shows.

Chinese sorts by pinyin (哈尔滨 under H, 新潟 under X), Russian by its alphabet (ё with е, Latin names after
Cyrillic ones), English case-insensitively. Lists of partner cities are small (dozens, at most hundreds), so a
key computed per row costs less than a database collation that SQLite does not have.
"""

import unicodedata
from functools import lru_cache

from django.utils.translation import get_language


def sort_key(text, language=None):
    """A key that orders `text` as a reader of `language` (default: the active one) expects."""
    text = (text or "").strip()
    language = (language or get_language() or "en").lower()
    if language.startswith("zh"):
        return _pinyin_key(text)
    if language.startswith("ru"):
        folded = text.casefold().replace("ё", "е")
        # Cyrillic names first, then the rest (a Latin name in a Russian list comes after Я).
        return (0 if folded[:1] and "CYRILLIC" in unicodedata.name(folded[0], "") else 1, folded, text)
    return (unicodedata.normalize("NFKD", text).casefold(), text)


@lru_cache(maxsize=4096)
def _pinyin_key(text):
    """Chinese sorts by pinyin. The same names (cities, countries) are sorted again and again, so each worker keeps
    their keys."""
    # Imported when first needed: its dictionaries take some 50 MB, which no process that never sorts
    # Chinese (an upload, a worker command) should carry.
    from pypinyin import Style, lazy_pinyin

    # Letters first (fuchuan before fuladiwosituoke, as dictionaries order), then tones; characters pypinyin
    # does not know keep their own code.
    letters = "".join(lazy_pinyin(text, style=Style.NORMAL, errors="default")).casefold()
    return (letters, " ".join(lazy_pinyin(text, style=Style.TONE3, errors="default")), text)


def sorted_by_name(records, attribute="name", language=None):
    """`records` (any iterable) sorted by the displayed value of `attribute` in the active language."""
    return sorted(records, key=lambda record: sort_key(str(getattr(record, attribute) or ""), language))


# Separates the parts of a stored sort string; below every printable character, so a shorter key sorts first.
_PART = "\x1f"


def sort_string(text, language):
    """`sort_key` as one string, for a column the database orders byte by byte (the same on SQLite and
    PostgreSQL): long lists (thousands of exhibits) are sorted by the database, not in Python."""
    key = sort_key(text, language)
    return _PART.join(str(part) for part in key)[:400]


def binary_order(expression):
    """`expression` compared byte by byte (code point order), as `sort_string` expects, on either database."""
    from django.db import connection
    from django.db.models.functions import Collate

    return Collate(expression, "C" if connection.vendor == "postgresql" else "BINARY")
