"""The base of every public FilterSet."""

import django_filters
from django import forms

from .widgets import FastSelect


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose drop-downs render as FastSelect."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # django-filter keeps a filter's form field once made and copies the class's filters into each
        # FilterSet: a field made on the class (the API schema reads them) would carry the choices of that moment
        # into every later FilterSet, and the choices a FilterSet sets for itself would be ignored.
        for filter_ in self.filters.values():
            filter_.__dict__.pop("_field", None)

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_fast_selects", False):
            for field in form.fields.values():
                if type(field.widget) is forms.Select:
                    field.widget = FastSelect(attrs=field.widget.attrs, choices=field.choices)
            form._fast_selects = True
        return form
