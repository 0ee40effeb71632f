"""The base of every public FilterSet."""

import django_filters
from django import forms

from .widgets import FastSelect


class _OwnFields(dict):
    """The fields of a form class made for one FilterSet, whose filters made them afresh (below): the form may
    take them as they are. Copying them deeply, as a form does its class's fields, copied every drop-down's
    choices (500 cities) on every request."""

    def __deepcopy__(self, memo):
        return dict(self)


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose drop-downs render as FastSelect."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # django-filter keeps a filter's form field once made and copies the class's filters into each
        # FilterSet: a field made on the class (the API schema reads them) would carry the choices of that moment
        # into every later FilterSet, and the choices a FilterSet sets for itself would be ignored.
        for filter_ in self.filters.values():
            filter_.__dict__.pop("_field", None)

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.base_fields = _OwnFields(form_class.base_fields)
        return form_class

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_fast_selects", False):
            for field in form.fields.values():
                if type(field.widget) is forms.Select:
                    field.widget = FastSelect(attrs=field.widget.attrs, choices=field.choices)
            form._fast_selects = True
        return form
