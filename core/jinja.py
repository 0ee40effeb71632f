"""The public pages' template engine: Jinja2 through Django's own backend (the admin keeps Django's templates).

Rendering was most of a public page's time: a partner city spent 63 % of its CPU in Django's template engine,
some 450 variable lookups and a dozen nested renders a request (docs/performance.md). Jinja2 compiles each
template to Python once, so a lookup is an attribute access rather than a walk through the context stack.

What the templates need from Django comes through this environment, with Django's meaning kept:
- `{{ _("Text") }}` and `{% trans name=value %}…{% endtrans %}` translate through Django's catalogues; a
  value interpolated into a translation is escaped and localised as `{% blocktranslate %}` did
  (`makemessages` reads these templates too: core/management/commands/makemessages.py).
- Every `{{ value }}` is localised as Django's templates do (a date in DATE_FORMAT, "45,8" in Russian).
- `url()`, `static()`, Django's filters (`date`, `linebreaks`, `intcomma`, …) and the portal's own helpers.
- An installed app adds its own filters and globals in a `jinja` module (`filters` and `globals` dicts), so the
  foundation never names an app above it.

`Jinja2` below is Django's backend, plus the `template_rendered` signal Django's test client listens to, so that
tests can read `response.context` and `assertTemplateUsed` as with Django's templates.
"""

import functools
from datetime import date, datetime, time
from decimal import Decimal
from importlib import import_module

import jinja2
from django.apps import apps
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import TemplateSyntaxError, defaultfilters
from django.template.backends import jinja2 as django_jinja2
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.templatetags.static import static
from django.templatetags.tz import do_timezone
from django.test.signals import template_rendered
from django.utils import formats, translation
from django.utils.module_loading import module_has_submodule
from django.utils.safestring import mark_safe
from markupsafe import Markup

from core import templating
from core.cards import render_cards

_LOCALISED = (int, float, Decimal, date, datetime, time)


def _finalize(value):
    """What `{{ value }}` prints: numbers, dates and times localised as Django's templates print them."""
    if type(value) is str:
        return value
    if isinstance(value, _LOCALISED) and not isinstance(value, bool):
        return formats.localize(value)
    return value


def _interpolate(message, variables, autoescape):
    """A translated message with its %(name)s placeholders filled: the message is trusted, the values escaped."""
    if autoescape:
        message = Markup(message)  # noqa: S704 - a message from the catalogue, not user input
    return message % {name: _finalize(value) for name, value in variables.items()}


@jinja2.pass_eval_context
def _gettext(eval_ctx, message, **variables):
    return _interpolate(translation.gettext(message), variables, eval_ctx.autoescape)


@jinja2.pass_eval_context
def _ngettext(eval_ctx, singular, plural, number, **variables):
    variables.setdefault("num", number)
    return _interpolate(translation.ngettext(singular, plural, number), variables, eval_ctx.autoescape)


@jinja2.pass_eval_context
def _pgettext(eval_ctx, context, message, **variables):
    return _interpolate(translation.pgettext(context, message), variables, eval_ctx.autoescape)


@jinja2.pass_eval_context
def _npgettext(eval_ctx, context, singular, plural, number, **variables):
    variables.setdefault("num", number)
    return _interpolate(translation.npgettext(context, singular, plural, number), variables, eval_ctx.autoescape)


def url(name, *args, **kwargs):
    """`{{ url("cities:detail", slug=city.slug) }}`: Django's reverse(), once per worker for each address and
    language (`templating.kept_reverse`)."""
    return templating.kept_reverse(name, args, kwargs)


def timezone(value, zone):
    """`{{ session.starts_at|timezone(zone)|time("H:i") }}`: a moment in another time zone (Django's tz filter)."""
    return do_timezone(value, zone)


FILTERS = {
    "date": defaultfilters.date,
    "time": defaultfilters.time,
    "linebreaks": defaultfilters.linebreaks_filter,
    "linebreaksbr": defaultfilters.linebreaksbr,
    "floatformat": defaultfilters.floatformat,
    "truncatewords": defaultfilters.truncatewords,
    "truncatechars": defaultfilters.truncatechars,
    "intcomma": intcomma,
    "timezone": timezone,
    "visible_to": templating.visible_to,
    "fallback_lang": templating.fallback_lang,
    "coordinates": templating.coordinates,
    "lead_sentences": templating.lead_sentences,
}


@functools.lru_cache(maxsize=512)
def _static(path):
    """`static(path)`, once per worker: the files' names (hashed, from the manifest) are fixed while it runs, and the
    frame of every page asks for four of them (3 % of a page's time)."""
    return static(path)


@receiver(setting_changed)
def _forget_addresses(setting, **kwargs):
    if setting in ("STATIC_URL", "STATIC_ROOT", "STORAGES", "DEBUG"):
        _static.cache_clear()
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"):
        templating.forget_addresses()


GLOBALS = {
    "url": url,
    "static": _static,
    "query_replace": templating.query_replace,
    "page_numbers": templating.page_numbers,
    "json_ld_script": templating.json_ld,
    "render_cards": render_cards,
    "render_section": templating.render_section,
}


def environment(**options):
    """The Jinja2 environment of the portal's pages (TEMPLATES in settings/base.py)."""
    # A missing value or attribute is empty, even a missing value's attribute (`{{ item.primary[0].url }}` on an
    # exhibit without images), as with Django's templates: a page never fails for a value that is not there.
    options["undefined"] = jinja2.ChainableUndefined
    env = jinja2.Environment(  # noqa: S701 - autoescape is on: Django's backend passes autoescape=True
        extensions=["jinja2.ext.i18n"], finalize=_finalize, **options
    )
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    env.globals.update(gettext=_gettext, _=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext)
    env.newstyle_gettext = True
    for config in apps.get_app_configs():
        if config.name != "core" and module_has_submodule(config.module, "jinja"):
            module = import_module(f"{config.name}.jinja")
            env.filters.update(getattr(module, "filters", {}))
            env.globals.update(getattr(module, "globals", {}))
    return env


class Template(django_jinja2.Template):
    """Django's Jinja2 template, with three differences, each as with Django's own templates:
    - the view's values win over the context processors' (the backend has it the other way round);
    - what it renders is safe HTML (`render_to_string()` of a citation or the map goes into a page unescaped);
    - Django's test client is told what was rendered (`response.context`); nobody listens in production."""

    @property
    def name(self):
        return self.template.name

    def render(self, context=None, request=None):
        values = {}
        if request is not None:
            values["request"] = request
            values["csrf_input"] = csrf_input_lazy(request)
            values["csrf_token"] = csrf_token_lazy(request)
            for processor in self.backend.template_context_processors:
                values.update(processor(request))
        values.update(context or {})
        if template_rendered.receivers:
            template_rendered.send(sender=self, template=self, context=values)
        try:
            return mark_safe(self.template.render(values))  # noqa: S308 - autoescaped by the template
        except jinja2.TemplateSyntaxError as exc:
            new = TemplateSyntaxError(exc.args)
            new.template_debug = django_jinja2.get_exception_info(exc)
            raise new from exc


class Jinja2(django_jinja2.Jinja2):
    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)

    def get_template(self, template_name):
        return Template(super().get_template(template_name).template, self)
