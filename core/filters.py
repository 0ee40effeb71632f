"""The base of every public FilterSet."""

import django_filters
from django import forms

from .widgets import FastSelect


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose drop-downs render as FastSelect."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_fast_selects", False):
            for field in form.fields.values():
                if type(field.widget) is forms.Select:
                    field.widget = FastSelect(attrs=field.widget.attrs, choices=field.choices)
            form._fast_selects = True
        return form
