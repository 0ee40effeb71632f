"""Document uploads (agreement PDFs): the content must be a PDF, whatever the file is called, and not too large."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"


def validate_pdf_upload(upload):
    """Refuse a file over settings.MAX_DOCUMENT_BYTES or one that does not start as a PDF does (`%PDF-`).

    The extension proves nothing: an HTML page named agreement.pdf would otherwise be stored and handed out.
    """
    if not upload or getattr(upload, "_committed", False):
        return  # stored files were checked when they were uploaded
    if upload.size is not None and upload.size > settings.MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": settings.MAX_DOCUMENT_BYTES // 1024 // 1024,
            },
            code="too_large",
        )
    upload.seek(0)
    try:
        head = upload.read(len(PDF_MAGIC))
    finally:
        upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(_("The file is not a PDF document."), code="not_a_pdf")
