"""Resume uploads: PDF only, checked by content, never trusted by name or declared type.

The parser never runs in the web worker: `sandbox.scan` runs it in a child process bounded in time and memory,
so a hostile file costs at most RESUME_CHECK_MS and is refused with one calm message on the field.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from applications.resumes import sandbox

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
RE_EXPORT = "Please export or print it to PDF again and upload the new copy."
MESSAGES = {
    "encrypted": "This PDF is password-protected. Please upload a copy without a password.",
    "no_pages": "This PDF has no pages.",
    "active": "This PDF contains {detail}, which resumes may not carry. " + RE_EXPORT,
    "polyglot": "This file is not only a PDF: it also contains {detail}. " + RE_EXPORT,
    "too_complex": "This PDF is too complex for us to check: it expands or nests far beyond what a resume needs. "
    + RE_EXPORT,
    "timeout": "This PDF took too long to check; it may expand or nest far beyond what a resume needs. "
    "Please try again, or export or print it to PDF again and upload the new copy.",
    "damaged": "This PDF appears to be damaged and cannot be opened. " + RE_EXPORT,
    "unavailable": "We could not check your file just now. Please try again in a moment.",
}


def validate_resume(upload: UploadedFile) -> None:
    """Raise ValidationError with a message for the applicant unless `upload` is a readable, unencrypted PDF
    with pages and without active content (scripts, actions, embedded files)."""
    limit = settings.RESUME_MAX_BYTES
    if upload.size > limit:
        size, most = filesizeformat(upload.size), filesizeformat(limit)
        if size == most:  # "5.0 MB; at most 5.0 MB" would read as a contradiction
            size, most = f"{upload.size:,} bytes", f"{limit:,} bytes ({most})"
        raise ValidationError(f"Your file is {size}; resumes can be at most {most}.", code="too_large")
    if not upload.size:
        raise ValidationError("This file is empty. Please choose your resume again.", code="empty")
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if not data.startswith(PDF_MAGIC):
        raise ValidationError("Your resume must be a PDF file. This file is not a PDF.", code="not_pdf")
    verdict = sandbox.scan(
        data, seconds=settings.RESUME_CHECK_MS / 1000, memory_bytes=settings.RESUME_CHECK_MEMORY_MB * 1024 * 1024
    )
    if not verdict.accepted:
        # The applicant sees one calm sentence; the log keeps what the checker found, never the file.
        logger.warning("Resume refused (%s): %s, %d bytes", verdict.code, verdict.detail, upload.size)
        message = MESSAGES.get(verdict.code, MESSAGES["damaged"])
        raise ValidationError(message.format(detail=verdict.detail), code=verdict.code)
