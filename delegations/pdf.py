"""PDFs (badges, invitation letters, the programme) drawn by WeasyPrint from templates.

Everything a PDF shows is inside it (photos and QR codes as data: URIs, the CJK fonts installed
on the machine and named by family), so rendering never fetches anything.
"""

import base64
import io

import segno
from django.template.loader import render_to_string

# Tagged PDF/UA for documents read on screen (the programme); plain PDF for print-only sheets.
TAGGED = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def render_pdf(template, context, *, tagged=False, request=None):
    # Imported here: WeasyPrint parses its stylesheets on import, which every process start would pay for.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context, request=request)
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return document.write_pdf(**(TAGGED if tagged else {}))


def qr_data_uri(text):
    """An SVG QR code as a data: URI; error correction M survives a worn badge."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="svg", scale=4, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def image_data_uri(field_file):
    """A stored image (the badge photo's WebP derivative) as a data: URI; '' when there is none."""
    if not field_file:
        return ""
    with field_file.open("rb") as handle:
        data = handle.read()
    return "data:image/webp;base64," + base64.b64encode(data).decode()
