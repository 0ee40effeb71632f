"""The form renderer (settings.FORM_RENDERER): Django's, with its plainest templates written out in Python.

An admin page renders a template per widget: an event with 30 cities and 30 delegates renders about 550
inputs, 130 selects with 400 options, and an attribute template inside each. Inputs, text areas, selects
(with Django's own option template) and field labels are built here with the same markup, escaping and
localisation as the templates; anything else (and any value a template would call, or an option template
of another widget, or a template an app overrides) goes to Django's templates.
harbin_portal/tests/test_widgets.py compares both, widget by widget and on whole admin pages.
"""

import html
from pathlib import Path

from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import cached_property
from django.utils.safestring import SafeData, mark_safe

_CONTEXT = Context(autoescape=True)  # what render_value_in_context reads: escaping on, time zone and l10n defaults

OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
ATTRS_TEMPLATE = "django/forms/widgets/attrs.html"
INPUT_TEMPLATE = "django/forms/widgets/input.html"
LABEL_ATTRS_TEMPLATE = "django/forms/attrs.html"


class _Unsupported(Exception):
    """A value the templates would treat in a way not written out here: they render it instead."""


def _text(value):
    """`{{ value }}`."""
    if type(value) is str:
        return html.escape(value)  # what render_value_in_context does with a plain string, in fewer steps
    if callable(value):
        raise _Unsupported
    return render_value_in_context(value, _CONTEXT)


def _formatted(value):
    """`{{ value|stringformat:'s' }}`."""
    if callable(value):
        raise _Unsupported
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        text = ""
    # The filter keeps a safe value safe (is_safe=True), so it is not escaped again.
    return _text(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    html = []
    for name, value in attrs.items():
        if value is False:
            continue
        html.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(html)


def _input(context):
    widget = context["widget"]
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(context):
    widget = context["widget"]
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _select(context):
    widget = context["widget"]
    html = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                raise _Unsupported
            html.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"  # the included template's last line break
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _label(context):
    """django/forms/label.html (a form field's label)."""
    if not context["use_tag"]:
        return _text(context["label"])
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{_text(context['label'])}</{tag}>"


WRITTEN_OUT = {
    **{
        f"django/forms/widgets/{name}.html": _input
        for name in [
            "input",
            "text",
            "hidden",
            "number",
            "email",
            "url",
            "password",
            "search",
            "tel",
            "color",
            "date",
            "time",
            "datetime",
            "checkbox",
            "file",
        ]
    },
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    "django/forms/label.html": _label,
}


class PortalFormRenderer(DjangoTemplates):
    @cached_property
    def written_out(self):
        """The templates above that are still Django's own: one an app overrides is rendered from its file."""
        own = str(Path(forms.__file__).parent / "templates")
        return {
            name: build
            for name, build in WRITTEN_OUT.items()
            if str(self.get_template(name).origin.name).startswith(own)
            and str(self.get_template(OPTION_TEMPLATE).origin.name).startswith(own)
            and str(self.get_template(ATTRS_TEMPLATE).origin.name).startswith(own)
            and str(self.get_template(INPUT_TEMPLATE).origin.name).startswith(own)
            and str(self.get_template(LABEL_ATTRS_TEMPLATE).origin.name).startswith(own)
        }

    def render(self, template_name, context, request=None):
        build = self.written_out.get(template_name)
        if build is not None and isinstance(context, dict):
            try:
                return build(context)
            except (_Unsupported, KeyError, AttributeError):
                pass
        return super().render(template_name, context, request)
