"""Pages that show what higher apps hold, composed without the lower app naming them.

A lower app's page declares a slot (`city_page = Slot("city page")` in cities/sections.py); a
higher app fills it from its AppConfig.ready() (`city_page.register(events_on_city_page)`), so
the import goes upward-to-downward like every other. A provider takes (request, obj) and returns
a `Section` (a template and its context) or None when it has nothing to show; the page renders
the sections in order with `{% for section in sections %}{% include section.template %}`.
A slot may also gather data rather than sections (a city's timeline gathers entries): whatever
the providers return, in order, with None left out.

A provider registered with `keep=True` depends only on the record, the language and published content (no
visitor, no clock): what it gives is kept until the content changes (core.cache.cached_for_content) for
visitors who see published records only, so the pages that show it do not ask the other apps again on every
visit. A kept section is kept rendered, too: its template sees only its own values (and the language), so a visit
costs neither the other apps' queries nor the section's rendering (a city's twelve gifts, their images' addresses
and links). Staff, who see drafts, always get it afresh. `reads` names the content
apps whose records the provider reads (its own and those below it): what it gave is then kept through a save in any
other app (an exhibit saved leaves a city's events section kept). Empty, it is kept until any content changes.
"""

from dataclasses import dataclass, field, replace

from core.cache import cached_for_content
from core.publishing import sees_drafts


@dataclass(frozen=True)
class Section:
    """A template and its values; `html`, when set, is that template already rendered with those values alone."""

    template: str
    context: dict = field(default_factory=dict)
    html: str | None = None

    def rendered(self):
        """This section with its `html`: its template rendered with its own values (no page, no visitor)."""
        from django.template.loader import get_template

        return replace(self, html=get_template(self.template).render(self.context))


class Slot:
    def __init__(self, name):
        self.name = name
        self._providers = []

    def __repr__(self):
        return f"<Slot {self.name}: {len(self._providers)} providers>"

    def register(self, provider, *, order=100, keep=False, reads=()):
        """Add `provider(request, obj) -> Section | None`; registering the same provider twice keeps one.

        `keep`: the provider's result depends only on `obj`, the language and published content (see above), that
        of the content apps `reads` when given."""
        self._providers = [entry for entry in self._providers if entry[1] is not provider]
        self._providers.append((order, provider, keep, tuple(reads)))
        self._providers.sort(key=lambda entry: entry[0])
        return provider

    def collect(self, request, obj):
        """What the registered providers give for `obj`, in order, without the Nones."""
        may_keep = obj.pk is not None and not sees_drafts(getattr(request, "user", None))
        results = []
        for _order, provider, keep, reads in self._providers:
            if keep and may_keep:
                name = f"section:html:{provider.__module__}.{provider.__qualname__}:{obj._meta.label_lower}:{obj.pk}"
                # In a tuple, so that "nothing to show" is kept too.
                (result,) = cached_for_content(
                    name, lambda provider=provider: (_kept_form(provider(request, obj)),), reads=reads
                )
            else:
                result = provider(request, obj)
            if result is not None:
                results.append(result)
        return results


def _kept_form(result):
    # A section is kept with its HTML; a slot gathering data (a city's timeline entries) keeps the data.
    return result.rendered() if isinstance(result, Section) else result
