"""PDF reports (WeasyPrint): condition report of an object, loan list with values, audit result.

Each is rendered in the language active for the request (the staff member's), with fonts found on the
machine by family name (Noto Sans CJK / WenQuanYi Zen Hei cover Chinese, DejaVu and Noto cover Russian):
nothing is fetched from the network.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation


def render_pdf(template_name, context, *, request=None):
    from weasyprint import HTML

    html = render_to_string(
        template_name,
        {**context, "generated_at": timezone.localtime(), "language": translation.get_language()},
        request=request,
    )
    # No base_url: a report references no file, so WeasyPrint never opens one (nor a URL).
    return HTML(string=html, url_fetcher=_refuse).write_pdf()


def _refuse(url, *args, **kwargs):
    raise ValueError(f"reports fetch nothing: {url[:80]}")


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
