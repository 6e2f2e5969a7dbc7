"""Resume files for tests, built in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter


def pdf_bytes(*, password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "resume.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def valid_pdf() -> SimpleUploadedFile:
    return upload(pdf_bytes())


def png_renamed_to_pdf() -> SimpleUploadedFile:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    return upload(png)


def corrupt_pdf() -> SimpleUploadedFile:
    return upload(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\nthis is not a pdf at all\n%%EOF")


def encrypted_pdf() -> SimpleUploadedFile:
    return upload(pdf_bytes(password="secret"))


def oversized_pdf(limit: int) -> SimpleUploadedFile:
    return upload(pdf_bytes() + b"%" + b"0" * limit)
