from html import escape

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
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

    def use_required_attribute(self, initial):
        # Django's Select reads the first choice here, which for lazy choices (249 countries, translated and sorted)
        # means building them all a second time; render() drops "required" itself when the first is not blank.
        return not self.is_hidden

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = set(self.format_value(value))
        if self.options is None:
            # Iterated, not list(): a filter's choices count themselves by building them all (a query) first.
            choices = [choice for choice in self.choices]  # noqa: C416
            first = choices[0] if choices else None
            body = options_markup(choices, selected)
        else:
            # Only the field's empty choice ("All cities") is built here: the rest is kept.
            first = next(iter(self.choices), None)
            body = options_markup([first], selected) if first is not None and str(first[0]) == "" else ""
            kept = self.options()
            for option_value in selected - {""}:
                tag = f'<option value="{escape(option_value)}">'
                kept = kept.replace(tag, f"{tag[:-1]} selected>", 1)
            body += kept
        if attrs.get("required") and not (first is not None and self._choice_has_empty_value(first)):
            del attrs["required"]  # HTML allows "required" only with a blank first option (as Django's Select)
        # flatatt escapes the attributes; every value and label above is escaped.
        return mark_safe(f"<select{flatatt(attrs)}>{body}</select>")  # noqa: S308


class PrefetchedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete box that names its selected record from `selected`, the record its row was read with,
    when it has one. Django's asks the database once per box, so an inline with 30 rows asked 30 times for
    the names of 30 cities; the inline's rows now read them together (core.admin.InlineRowsFormSetMixin)."""

    selected = None

    @classmethod
    def replacing(cls, widget):
        return cls(widget.field, widget.admin_site, attrs=widget.attrs, choices=widget.choices, using=widget.db)

    def optgroups(self, name, value, attr=None):
        obj = self.selected
        values = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        remote = self.field.remote_field
        key = remote.model._meta.get_field(remote.field_name).attname if obj is not None else None
        if obj is None or values != {str(getattr(obj, key))} or remote.limit_choices_to:
            return super().optgroups(name, value, attr)  # (Django's also checks a limited choice is allowed)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance(obj)
        options.append(self.create_option(name, getattr(obj, key), label, True, len(options)))
        return [(None, options, 0)]
