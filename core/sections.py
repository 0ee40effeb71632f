"""Pages that show what higher apps hold, composed without the lower app naming them.

A lower app's page declares a slot (`city_page = Slot("city page")` in cities/sections.py); a
higher app fills it from its AppConfig.ready() (`city_page.register(events_on_city_page)`), so
the import goes upward-to-downward like every other. A provider takes (request, obj) and returns
a `Section` (a template and its context) or None when it has nothing to show; the page renders
the sections in order with `{% for section in sections %}{% include section.template %}`.
A slot may also gather data rather than sections (a city's timeline gathers entries): whatever
the providers return, in order, with None left out.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    template: str
    context: dict = field(default_factory=dict)


class Slot:
    def __init__(self, name):
        self.name = name
        self._providers = []

    def __repr__(self):
        return f"<Slot {self.name}: {len(self._providers)} providers>"

    def register(self, provider, *, order=100):
        """Add `provider(request, obj) -> Section | None`; registering the same provider twice keeps one."""
        self._providers = [entry for entry in self._providers if entry[1] is not provider]
        self._providers.append((order, provider))
        self._providers.sort(key=lambda entry: entry[0])
        return provider

    def collect(self, request, obj):
        """What the registered providers give for `obj`, in order, without the Nones."""
        results = []
        for _order, provider in self._providers:
            result = provider(request, obj)
            if result is not None:
                results.append(result)
        return results
