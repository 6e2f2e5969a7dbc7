"""Resume uploads: PDF only, checked by content, never trusted by name or declared type."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF_MAGIC = b"%PDF-"


def validate_resume(upload: UploadedFile) -> None:
    """Raise ValidationError with a message for the applicant unless `upload` is a readable, unencrypted PDF."""
    limit = settings.RESUME_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"Your file is {filesizeformat(upload.size)}; resumes can be at most {filesizeformat(limit)}.",
            code="too_large",
        )
    upload.seek(0)
    if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise ValidationError("Your resume must be a PDF file. This file is not a PDF.", code="not_pdf")
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                "This PDF is password-protected. Please upload a copy without a password.", code="encrypted"
            )
        if len(reader.pages) == 0:
            raise ValidationError("This PDF has no pages.", code="empty")
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            "This PDF appears to be damaged and cannot be opened. Please export it again and upload the new copy.",
            code="corrupt",
        ) from exc
    finally:
        upload.seek(0)
