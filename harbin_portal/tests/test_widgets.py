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
