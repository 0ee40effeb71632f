from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from .cache import cached_for_content


def options_markup(choices, selected=()):
    """The <option> elements of `choices` [(value, label)], escaped, with the values in `selected` marked."""
    options = []
    for option_value, label in choices:
        option_value = str(option_value)
        marker = " selected" if option_value in selected else ""
        options.append(f'<option value="{escape(option_value)}"{marker}>{escape(str(label))}</option>')
    return "".join(options)


class FastSelect(forms.Select):
    """A <select> built in Python. Filters with hundreds of options (every giving city) would otherwise
    render one template per option, which costs more than the rest of the page.

    `options` (see `prerendered`): a callable giving the markup of every option but the empty one, kept per
    content version, so a page marks the chosen option rather than building them all."""

    def __init__(self, attrs=None, choices=(), options=None):
        super().__init__(attrs, choices)
        self.options = options

    @classmethod
    def prerendered(cls, name, choices):
        """A FastSelect whose options are `choices()` rendered once per content version and language."""
        return cls(options=lambda: cached_for_content(f"{name}:options", lambda: options_markup(choices())))

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = set(self.format_value(value))
        if self.options is None:
            body = options_markup(self.choices, selected)
        else:
            # Only the field's empty choice ("All cities") is built here: the rest is kept.
            first = next(iter(self.choices), None)
            body = options_markup([first], selected) if first is not None and str(first[0]) == "" else ""
            kept = self.options()
            for option_value in selected - {""}:
                tag = f'<option value="{escape(option_value)}">'
                kept = kept.replace(tag, f"{tag[:-1]} selected>", 1)
            body += kept
        # flatatt escapes the attributes; every value and label above is escaped.
        return mark_safe(f"<select{flatatt(attrs)}>{body}</select>")  # noqa: S308
