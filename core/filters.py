"""The base of every public FilterSet."""

import copy
import datetime
from decimal import Decimal
from functools import partial

import django_filters
from django import forms
from django.utils import translation

from .cache import typed_key
from .widgets import FastSelect, options_markup

# The values a key may name by their repr(): a record's repr does not say which record it is.
_PLAIN = (str, int, bool, datetime.date, Decimal, type(None))

# {(FilterSet class, field name, language): the <option>s of choices its class declares}, per worker.
_fixed = {}


def _fixed_options(key, choices):
    language = translation.get_language()
    markup = _fixed.get((*key, language))
    if markup is None:
        markup = _fixed[(*key, language)] = options_markup(choices)
    return markup


class _OwnFields(dict):
    """The fields of a form class made for one FilterSet, whose filters made them afresh (below): the form may
    take them as they are. Copying them deeply, as a form does its class's fields, copied every drop-down's
    choices (500 cities) on every request."""

    def __deepcopy__(self, memo):
        return dict(self)


def _copy_filter(filter_):
    """A filter of the class for one FilterSet: its own `extra` (a FilterSet may set its choices) and a method
    that calls that FilterSet; what it shares with the class (labels, choices, a widget, which each form field
    copies for itself) is read only."""
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    # django-filter keeps a filter's form field once made: one made on the class (the API schema reads them)
    # would carry the choices of that moment into every later FilterSet.
    copied.__dict__.pop("_field", None)
    if filter_.method is not None:
        copied.method = filter_.method  # a FilterMethod of its own, bound to the copy
    return copied


class _ClassFilters(dict):
    """A FilterSet class's filters, which each FilterSet copies: one level deep, not the whole tree of each
    filter (its choices, widget and labels), which was a tenth of a filtered list's time."""

    def __deepcopy__(self, memo):
        return {name: _copy_filter(filter_) for name, filter_ in self.items()}


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose drop-downs render as FastSelect."""

    @classmethod
    def get_filters(cls):
        return _ClassFilters(super().get_filters())

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.base_fields = _OwnFields(form_class.base_fields)
        return form_class

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_fast_selects", False):
            for name, field in form.fields.items():
                if type(field.widget) is forms.Select:
                    options = self._fixed_options(name)
                    field.widget = FastSelect(attrs=field.widget.attrs, choices=field.choices, options=options)
            form._fast_selects = True
        return form

    def _fixed_options(self, name):
        """For a drop-down whose choices its class declares (a list, not read from the data or set by one
        FilterSet), a function giving their <option>s, built once per worker and language; else None."""
        own, declared = self.filters.get(name), type(self).base_filters.get(name)
        choices = own.extra.get("choices") if own is not None else None
        if declared is None or choices is not declared.extra.get("choices") or own.extra.get("null_label"):
            return None
        if not isinstance(choices, list | tuple):
            return None
        return partial(_fixed_options, (type(self), name), choices)

    def chosen(self):
        """A short name for what the filters choose: the valid values as cleaned (those that failed their field
        are ignored by the filtering too), for keeping a list's rows under it (`core.pagination.Named`)."""
        values = []
        if self.is_bound:
            self.form.is_valid()
            for name, value in sorted(self.form.cleaned_data.items()):
                if value in (None, "", [], ()):
                    continue
                if not all(isinstance(v, _PLAIN) for v in (value if isinstance(value, list | tuple) else [value])):
                    raise TypeError(f"The filter {name!r} cleans to {type(value).__name__}, which a key cannot name.")
                values.append((name, value))
        return typed_key(repr(values))
