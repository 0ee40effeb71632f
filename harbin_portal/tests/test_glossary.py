"""The catalogues follow docs/glossary.md: no translation uses a word the glossary rejected (issue 13)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from harbin_portal.tests.test_translations import messages

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"


def rejected_terms():
    """{language: [(term, pattern)]} from the Avoid column ("zh / ru"; "—" for none, "…" for any text)."""
    terms = {"zh_Hans": [], "ru": []}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("English", "---") or set(cells[0]) <= {"-"}:
            continue
        zh, _, ru = cells[3].partition(" / ")
        for language, text in (("zh_Hans", zh), ("ru", ru)):
            text = text.strip()
            if text and text != "—":
                terms[language].append((text, _pattern(text, language)))
    return terms


def _pattern(text, language):
    if language == "zh_Hans":
        return re.compile(".*?".join(re.escape(part) for part in text.split("…")))
    # Russian words change their endings: match the stem of each word (the word less a two-letter ending).
    words = [word if len(word) <= 5 else word[:-2] for word in text.lower().split()]
    return re.compile(r"\w*\s+".join(re.escape(word) for word in words) + r"\w*", re.IGNORECASE)


def test_the_glossary_rejects_the_mixed_terms_the_issue_found():
    terms = rejected_terms()
    assert {"合作城市", "合作关系", "展室", "大都市市"} <= {term for term, _ in terms["zh_Hans"]}
    assert {"событие", "уезд", "Открыт"} <= {term for term, _ in terms["ru"]}


@pytest.mark.parametrize("language", ["zh_Hans", "ru"])
def test_no_translation_uses_a_term_the_glossary_rejected(language):
    wrong = []
    for entry in messages(language):
        for text in entry["msgstr"].values():
            for term, pattern in rejected_terms()[language]:
                # "Открыт" is rejected for "Opened" (a date), not for "Open 9:00–17:00" or "открытые данные".
                found = (
                    (entry["msgid"], text.strip()) == ("Opened", "Открыт")
                    if term == "Открыт"
                    else bool(pattern.search(text))
                )
                if found:
                    wrong.append((entry["msgid"], term, text))
    assert wrong == []


@pytest.mark.parametrize(
    ("msgid", "language", "expected"),
    [
        ("Partner cities", "zh_Hans", "伙伴城市"),
        ("Events", "ru", "Мероприятия"),
        ("Rooms", "zh_Hans", "展厅"),
        ("County", "ru", "Округ"),
        ("Opened", "ru", "Дата открытия"),
    ],
)
def test_the_glossary_terms_are_used(msgid, language, expected):
    entry = next(e for e in messages(language) if e["msgid"] == msgid)
    assert entry["msgstr"][0] == expected


def test_count_forms_and_labels_are_separate_entries():
    """The map legend's label is not the dashboard's count ("个合作城市" under the map)."""
    zh = messages("zh_Hans")
    label = [e for e in zh if e["msgid"] == "partner city" and not e["msgid_plural"]]
    assert label and not label[0]["msgstr"][0].startswith("个")
