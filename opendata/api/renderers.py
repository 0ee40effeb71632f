"""JSON for the API lists whose records' representations are kept encoded (`views.OpenDataViewSet.list`)."""

import json

from rest_framework.renderers import JSONRenderer

# What stands for a list's records while the rest of the answer (count, next, previous) is encoded: a NUL, which no
# URL or count holds raw, so its encoding occurs nowhere else.
_MARK = "\x00records\x00"


class Encoded(list):
    """A list's records, each already encoded as this module's renderer encodes (UTF-8 JSON bytes)."""


class OpenDataJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, which writes an `Encoded` list (whole or as `results` of a page) by joining its records'
    kept encodings instead of encoding 50 records again: a fifth of an API list's time. Asked for indented JSON,
    it decodes them and indents the whole."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        records = data.get("results") if isinstance(data, dict) else data
        if not isinstance(records, Encoded):
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            decoded = [json.loads(record) for record in records]
            whole = {**data, "results": decoded} if isinstance(data, dict) else decoded
            return super().render(whole, accepted_media_type, renderer_context)
        joined = b"[" + b",".join(records) + b"]"
        if records is data:
            return joined
        rest = super().render({**data, "results": _MARK}, accepted_media_type, renderer_context)
        before, after = rest.rsplit(super().render(_MARK), 1)
        return before + joined + after


def encoded(representation):
    """A record's representation encoded as `OpenDataJSONRenderer` writes it."""
    return OpenDataJSONRenderer().render(representation)
