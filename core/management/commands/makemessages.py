"""Django's makemessages, which also reads the pages' Jinja2 templates (core/jinja.py).

Django's own command reads a template as a Django template, and would miss what a Jinja2 template translates
(`{{ _("…") }}`, `{% trans %}…{% pluralize %}…{% endtrans %}`). For a file in a `jinja2/` folder, Jinja2 itself
finds the messages, and xgettext reads them as Python calls on the same lines, so the catalogue's references
point at the template's own lines.
"""

import json
from pathlib import Path

from django.core.management.commands import makemessages
from django.template import engines

# Each gettext function of the templates: what xgettext knows it as, and how many literal strings it takes.
CALLS = {
    "_": ("gettext", 1),
    "gettext": ("gettext", 1),
    "ngettext": ("ngettext", 2),
    "pgettext": ("pgettext", 2),
    "npgettext": ("npgettext", 3),
}


def jinja_messages_as_python(source):
    """A Python source with one gettext call per message of the Jinja2 template `source`, on its line."""
    lines = [[] for _ in source.splitlines()] or [[]]
    for lineno, function, message in engines["jinja2"].env.extract_translations(source):
        name, count = CALLS.get(function, (None, 0))
        strings = (message if isinstance(message, tuple) else (message,))[:count]
        if name is None or len(strings) < count or any(text is None for text in strings):
            continue  # not a call with literal messages: nothing to extract
        literals = [json.dumps(text, ensure_ascii=False) for text in strings]
        if name in ("ngettext", "npgettext"):
            literals.append("n")
        lines[lineno - 1].append(f"{name}({', '.join(literals)})")
    return "\n".join("; ".join(calls) for calls in lines) + "\n"


class BuildFile(makemessages.BuildFile):
    def preprocess(self):
        if self.is_templatized and "jinja2" in Path(self.path).parts:
            source = Path(self.path).read_text(encoding="utf-8")
            Path(self.work_path).write_text(jinja_messages_as_python(source), encoding="utf-8")
        else:
            super().preprocess()


class Command(makemessages.Command):
    build_file_class = BuildFile
