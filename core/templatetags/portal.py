from django import template

from core import publishing

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for pagination and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def visible_to(record, user):
    """`{% if record|visible_to:user %}`: the one visibility rule, for templates."""
    return publishing.visible(record, user)


@register.simple_tag(takes_context=True)
def render_section(context, section):
    """`{% render_section section %}`: a core.sections.Section's template, with its context over the page's."""
    template = context.template.engine.get_template(section.template)
    with context.push(**section.context):
        return template.render(context)
