from django import forms

from core.widgets import FastSelect


class CityForm(forms.Form):
    city = forms.ChoiceField(choices=[("", "All"), ("bucheon", "Bucheon"), ("x", "<b>bad</b>")], widget=FastSelect)


def test_fast_select_renders_the_same_choices_as_django_select():
    html = str(CityForm({"city": "bucheon"})["city"])
    assert html.startswith('<select name="city" id="id_city">') or 'name="city"' in html
    assert '<option value="bucheon" selected>Bucheon</option>' in html
    assert '<option value="">All</option>' in html


def test_fast_select_escapes_labels():
    html = str(CityForm()["city"])
    assert "<b>bad</b>" not in html
    assert "&lt;b&gt;bad&lt;/b&gt;" in html


def _choices():
    return [("bucheon", "Bucheon"), ("x", "<b>bad</b>")]


class PrerenderedForm(forms.Form):
    city = forms.ChoiceField(choices=[("", "All"), *_choices()], widget=FastSelect.prerendered("test-cities", _choices))


def test_a_prerendered_fast_select_renders_what_a_fast_select_does():
    for data in ({"city": "bucheon"}, {"city": "x"}, {}, {"city": "unknown"}):
        assert str(PrerenderedForm(data)["city"]) == str(CityForm(data)["city"])


def test_a_prerendered_fast_select_marks_only_the_chosen_option():
    html = str(PrerenderedForm({"city": "x"})["city"])
    assert '<option value="x" selected>&lt;b&gt;bad&lt;/b&gt;</option>' in html
    assert html.count(" selected") == 1


# --- core.renderers.PortalFormRenderer: the same markup as Django's widget templates ---------------------------

import datetime  # noqa: E402
import re  # noqa: E402
from decimal import Decimal  # noqa: E402

import pytest  # noqa: E402
from django.contrib.admin import widgets as admin_widgets  # noqa: E402
from django.forms.renderers import DjangoTemplates  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402
from django.utils.translation import gettext_lazy  # noqa: E402

from core.renderers import PortalFormRenderer  # noqa: E402

ODD = 'Niigata & "Harbin" <b>'
WIDGETS = [
    (forms.TextInput(), "x"),
    (
        forms.TextInput(
            attrs={"maxlength": 200, "required": True, "disabled": False, "placeholder": gettext_lazy("city")}
        ),
        ODD,
    ),
    (forms.TextInput(), None),
    (forms.TextInput(), mark_safe("<i>kept</i>")),  # noqa: S308
    (admin_widgets.AdminTextInputWidget(), "Bucheon"),
    (forms.HiddenInput(), 12),
    (forms.NumberInput(), 12345),
    (forms.NumberInput(), Decimal("1234.5")),
    (forms.EmailInput(), "a@example.org"),
    (forms.URLInput(), "https://example.org/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.DateInput(), datetime.date(2026, 11, 27)),
    (forms.TimeInput(), datetime.time(9, 30)),
    (forms.DateTimeInput(), datetime.datetime(2026, 11, 27, 9, 30)),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.FileInput(), None),
    (forms.Textarea(), ODD),
    (forms.Textarea(), ""),
    (admin_widgets.AdminTextareaWidget(attrs={"rows": 2}), "line one\nline two"),
    (forms.Select(choices=[("", "---------"), ("jp", "Japan"), ("kr", ODD), (3, 2026)]), "kr"),
    (forms.Select(choices=[("Asia", [("jp", "Japan"), ("kr", "Korea")]), ("ru", gettext_lazy("Russia"))]), "jp"),
    (forms.Select(choices=[]), None),
    (forms.SelectMultiple(choices=[(1, "one"), (2, "two"), (3, "three")]), [1, 3]),
    (forms.NullBooleanSelect(), True),
    (forms.SplitDateTimeWidget(), datetime.datetime(2026, 11, 27, 9, 30)),
    (forms.RadioSelect(choices=[("a", "A"), ("b", ODD)]), "b"),
]


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda v: type(v).__name__)
def test_the_portal_renderer_writes_what_django_s_templates_write(widget, value, language):
    with translation.override(language):
        ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=PortalFormRenderer())
        django = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert ours == django


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.django_db
def test_admin_pages_read_the_same_with_either_renderer(admin_client_, settings):
    from events.tests.factories import EventFactory, ParticipantFactory, ParticipationFactory, SessionFactory

    event = EventFactory(title_en=ODD)
    ParticipationFactory.create_batch(3, event=event, note=ODD)
    ParticipantFactory.create_batch(2, event=event)
    SessionFactory(event=event)
    pages = [
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:cities_city_change", args=[event.host_city.pk]),
        reverse("admin:events_event_add"),
    ]

    ours = [without_tokens(admin_client_.get(url).content.decode()) for url in pages]
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    django = [without_tokens(admin_client_.get(url).content.decode()) for url in pages]

    assert ours == django


class LabelledForm(forms.Form):
    required_css_class = "required"
    city = forms.CharField(label=gettext_lazy("city"))
    note = forms.CharField(label=ODD, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, label="Hidden")
    days = forms.MultipleChoiceField(choices=[(1, "one")], widget=forms.CheckboxSelectMultiple, label="Days?")


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
@pytest.mark.parametrize("name", ["city", "note", "hidden", "days"])
def test_the_portal_renderer_writes_labels_as_django_does(name, language):
    with translation.override(language):
        ours = LabelledForm(renderer=PortalFormRenderer())[name]
        django = LabelledForm(renderer=DjangoTemplates())[name]
        assert ours.label_tag() == django.label_tag()
        assert ours.label_tag(attrs={"class": "inline", "data-x": True}) == django.label_tag(
            attrs={"class": "inline", "data-x": True}
        )
        assert ours.legend_tag() == django.legend_tag()
        assert str(LabelledForm(auto_id=False, renderer=PortalFormRenderer())[name].label_tag()) == str(
            LabelledForm(auto_id=False, renderer=DjangoTemplates())[name].label_tag()
        )


def test_a_filter_s_declared_choices_render_as_built_afresh_in_each_language(db):
    """The <option>s of choices a FilterSet class declares are built once per worker and language; they read as
    those built on each request, the chosen one marked, in the language of the page."""
    from django.utils import translation

    from cities.filters import PartnerCityFilter
    from core import filters

    def rendered(data, fixed):
        filterset = PartnerCityFilter(data)
        if not fixed:
            filterset._fixed_options = lambda name: None
        return [str(field) for field in filterset.form]

    for language in ("en", "ru", "zh-hans"):
        with translation.override(language):
            for data in ({"continent": "EU", "kind": "sister"}, {"continent": "nowhere"}, {}):
                assert rendered(data, fixed=True) == rendered(data, fixed=False)
    assert any(key[1] == "continent" and key[2] == "ru" for key in filters._fixed)
    with translation.override("ru"):
        assert '<option value="EU" selected>Европа</option>' in rendered({"continent": "EU"}, fixed=True)[2]


def test_choices_one_filterset_sets_are_its_own(db):
    """The directory sets its "Established" decades per FilterSet, from the data: they are never kept as a class's."""
    from cities.filters import PartnerCityFilter

    filterset = PartnerCityFilter({})
    assert all(filterset._fixed_options(name) is None for name in ("q", "country", "decade"))
    assert filterset._fixed_options("continent") is not None
