"""The public pages' Jinja2 environment keeps what Django's templates did: escaping, localisation, translation,
empty missing values, and the view's values over the context processors'."""

import datetime
from decimal import Decimal

from django.template import engines
from django.test import RequestFactory
from django.utils import translation


def render(source, **values):
    return engines["jinja2"].from_string(source).render(values)


def test_a_value_interpolated_into_a_translation_is_escaped():
    html = render("{% trans name=name %}Hello {{ name }}{% endtrans %} {{ _('Events') }}", name="<b>Kim</b>")
    assert html == "Hello &lt;b&gt;Kim&lt;/b&gt; Events"


def test_numbers_and_dates_print_in_the_language_s_format():
    day = datetime.date(2026, 1, 6)
    with translation.override("ru"):
        assert render("{{ area }} · {{ day }}", area=Decimal("45.8"), day=day) == "45,8 · 6 января 2026 г."
    with translation.override("en"):
        english = render("{{ area }} · {{ day }} · {{ 2026 }}", area=Decimal("45.8"), day=day)
        assert english == "45.8 · 6 January 2026 · 2026"


def test_translations_pick_the_plural_form_and_localise_the_count():
    source = "{% trans counter=n %}{{ counter }} exhibit{% pluralize %}{{ counter }} exhibits{% endtrans %}"
    with translation.override("ru"):
        assert render(source, n=1) == "1 экспонат"
        assert render(source, n=3) == "3 экспоната"
        assert render(source, n=25) == "25 экспонатов"


def test_a_missing_value_or_the_attribute_of_one_prints_nothing():
    assert render("[{{ nothing }}|{{ nothing.url }}|{{ items[0].image.url }}]", items=[]) == "[||]"


def test_the_view_s_values_win_over_the_context_processors():
    request = RequestFactory().get("/en/")
    request.user = None
    template = engines["jinja2"].from_string("{{ LANGUAGE_CODE }} {{ user }}")
    assert template.render({"LANGUAGE_CODE": "xx", "user": "from the view"}, request) == "xx from the view"


def test_what_a_template_renders_goes_into_another_unescaped():
    """render_to_string() of a citation or the map is safe HTML, as Django's templates give it."""
    html = engines["jinja2"].from_string("<p>{{ text }}</p>").render({"text": "a & b"})
    assert render("{{ html }}", html=html) == "<p>a &amp; b</p>"


def test_query_replace_writes_what_a_copied_query_dict_writes():
    """A pagination link keeps the other parameters, in their order and repeated ones all, escaped."""
    template = engines["jinja2"].from_string("{{ query_replace(page=3) }}|{{ query_replace(sort='title', page=1) }}")
    for query in ("", "page=2", "q=%3Cb%3E+%26+vase&page=2&type=a&type=b", "type=a&q=caf%C3%A9", "page=&page=9"):
        request = RequestFactory().get(f"/en/museum/exhibits/?{query}")
        expected = []
        for replaced in ({"page": 3}, {"sort": "title", "page": 1}):
            copied = request.GET.copy()
            for key, value in replaced.items():
                copied[key] = value
            expected.append(copied.urlencode())
        assert template.render({"request": request}) == "|".join(expected).replace("&", "&amp;")
