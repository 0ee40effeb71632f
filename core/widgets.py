from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> built in Python. Filters with hundreds of options (every giving city) would otherwise
    render one template per option, which costs more than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            option_value = str(option_value)
            marker = " selected" if option_value in selected else ""
            options.append(f'<option value="{escape(option_value)}"{marker}>{escape(str(label))}</option>')
        # flatatt escapes the attributes; every value and label above is escaped.
        return mark_safe(f"<select{flatatt(attrs)}>{''.join(options)}</select>")  # noqa: S308
