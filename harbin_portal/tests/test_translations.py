"""The zh-hans and ru catalogues are complete and compiled; pages and content speak all three languages."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from cities.tests.factories import CityFactory

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGUES = {"zh_Hans": 1, "ru": 3}  # language -> number of plural forms
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


def parse_po(path):
    """The entries of a .po file (blocks between blank lines) as dicts; parsed here to need no dependency."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
        field = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
                continue
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                text = ast.literal_eval(line)
            else:
                field, _, rest = line.partition(" ")
                text = ast.literal_eval(rest)
            if field in ("msgctxt", "msgid", "msgid_plural"):
                entry[field] = (entry[field] or "") + text
            elif field == "msgstr" or field.startswith("msgstr["):
                index = int(field[7:-1]) if field != "msgstr" else 0
                entry["msgstr"][index] = entry["msgstr"].get(index, "") + text
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


def messages(language):
    """Every entry of a catalogue except the header."""
    return [e for e in parse_po(LOCALE_DIR / language / "LC_MESSAGES" / "django.po") if e["msgid"]]


@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogue_has_every_message_translated(language):
    entries = messages(language)
    assert len(entries) > 400
    empty = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert empty == []


@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogue_has_no_fuzzy_entry(language):
    header = parse_po(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")[0]
    fuzzy = [e["msgid"] for e in messages(language) if "fuzzy" in e["flags"]]
    assert fuzzy == []
    assert "fuzzy" not in header["flags"]


@pytest.mark.parametrize(("language", "nplurals"), CATALOGUES.items())
def test_plural_messages_have_every_form_of_the_language(language, nplurals):
    plurals = [e for e in messages(language) if e["msgid_plural"]]
    assert plurals
    wrong = [e["msgid"] for e in plurals if sorted(e["msgstr"]) != list(range(nplurals))]
    assert wrong == []


@pytest.mark.parametrize("language", CATALOGUES)
def test_translations_keep_every_placeholder(language):
    wrong = []
    for e in messages(language):
        expected = set(PLACEHOLDER.findall(e["msgid_plural"] or e["msgid"]))
        wrong += [(e["msgid"], text) for text in e["msgstr"].values() if set(PLACEHOLDER.findall(text)) != expected]
    assert wrong == []


@pytest.mark.parametrize(("language", "counts"), [("zh_Hans", (1,)), ("ru", (1, 2, 5))])
def test_compiled_catalogue_matches_its_source(language, counts):
    """The committed .mo holds exactly what the .po says, so a fresh machine needs no gettext."""
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for e in messages(language):
        context = e["msgctxt"]
        if e["msgid_plural"]:
            for form, n in enumerate(counts):
                if context is not None:
                    text = compiled.npgettext(context, e["msgid"], e["msgid_plural"], n)
                else:
                    text = compiled.ngettext(e["msgid"], e["msgid_plural"], n)
                if text != e["msgstr"][form]:
                    stale.append(e["msgid"])
        elif (compiled.pgettext(context, e["msgid"]) if context is not None else compiled.gettext(e["msgid"])) != e[
            "msgstr"
        ][0]:
            stale.append(e["msgid"])
    assert stale == []


def test_compiled_catalogues_translate_the_navigation():
    with open(LOCALE_DIR / "ru" / "LC_MESSAGES" / "django.mo", "rb") as fh:
        assert gettext.GNUTranslations(fh).gettext("Partner cities") == "Города-партнёры"
    with open(LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.mo", "rb") as fh:
        assert gettext.GNUTranslations(fh).gettext("Partner cities") == "伙伴城市"


def test_russian_plural_forms_follow_the_number(client, db):
    with open(LOCALE_DIR / "ru" / "LC_MESSAGES" / "django.mo", "rb") as fh:
        ru = gettext.GNUTranslations(fh)
    forms = [ru.ngettext("%(counter)s event", "%(counter)s events", n) % {"counter": n} for n in (1, 3, 5, 11, 21, 24)]
    assert forms == [
        "1 мероприятие",
        "3 мероприятия",
        "5 мероприятий",
        "11 мероприятий",
        "21 мероприятие",
        "24 мероприятия",
    ]


@pytest.fixture
def seeded(db):
    call_command("loaddata", "fixtures/cities.json", verbosity=0)


@pytest.mark.parametrize(
    ("path", "labels"),
    [
        ("/ru/", ["Главная", "Города-партнёры", "Мероприятия", "Музей", "Поиск", "Перейти к содержанию"]),
        ("/zh-hans/", ["首页", "伙伴城市", "活动", "博物馆", "搜索", "跳到正文"]),
    ],
)
def test_home_navigation_is_translated(client, seeded, path, labels):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    for label in labels:
        assert label in html
    assert ">Partner cities<" not in html


def test_russian_directory_shows_russian_city_names(client, seeded):
    html = client.get("/ru/cities/").content.decode()
    assert "Хабаровск" in html
    assert ">Khabarovsk<" not in html


def test_chinese_directory_shows_chinese_city_names(client, seeded):
    assert "新潟" in client.get("/zh-hans/cities/").content.decode()


def test_country_names_are_translated(client, seeded):
    html = client.get("/zh-hans/cities/edmonton/").content.decode()
    assert "加拿大" in html
    assert "埃德蒙顿" in html


def test_harbin_description_is_translated(client, seeded):
    assert "административный центр провинции Хэйлунцзян" in client.get("/ru/harbin/").content.decode()
    assert "黑龙江省省会" in client.get("/zh-hans/harbin/").content.decode()


def test_event_content_is_translated(client, seeded):
    call_command("loaddata", "fixtures/events.json", verbosity=0)
    ru = client.get("/ru/events/global-mayors-dialogue-harbin-2026/").content.decode()
    zh = client.get("/zh-hans/events/global-mayors-dialogue-harbin-2026/").content.decode()
    assert "Обнародована Харбинская инициатива Глобального диалога мэров" in ru
    assert "发布《全球市长对话哈尔滨倡议》" in zh
    assert "Harbin Initiative for the Global Mayors Dialogue released" not in ru + zh


def test_untranslated_city_name_falls_back_to_english(client, db):
    CityFactory(name="Tromsø", name_en="Tromsø", slug="tromso", country="NO")
    response = client.get("/ru/cities/tromso/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tromsø" in html
    assert "Город" in html  # the page around it is Russian


def jinja_templates():
    """(name, source) of every Jinja2 template of the installed apps."""
    from django.template import engines

    env = engines["jinja2"].env
    return [(name, env.loader.get_source(env, name)[0]) for name in env.list_templates(extensions=["html"])]


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_message_of_the_pages_templates_is_in_the_catalogue(language):
    from django.template import engines

    known = {e["msgid"] for e in messages(language)}
    env = engines["jinja2"].env
    missing = [
        (name, message)
        for name, source in jinja_templates()
        for _line, function, found in env.extract_translations(source)
        # pgettext("context", "message"): the message is the second string
        for message in [found[function.startswith(("p", "np"))] if isinstance(found, tuple) else found]
        if message and message not in known
    ]
    assert len(jinja_templates()) > 30
    assert missing == []


def test_makemessages_reads_jinja_templates_on_their_own_lines():
    from core.management.commands.makemessages import jinja_messages_as_python

    source = (
        '<h1>{{ _("Events") }}</h1>\n'
        "<p>{% trans counter=n %}{{ counter }} event{% pluralize %}{{ counter }} events{% endtrans %}</p>\n"
        '{{ pgettext("person", "Name") }} {{ _(variable) }}\n'
    )
    assert jinja_messages_as_python(source).splitlines() == [
        'gettext("Events")',
        'ngettext("%(counter)s event", "%(counter)s events", n)',
        'pgettext("person", "Name")',
    ]
