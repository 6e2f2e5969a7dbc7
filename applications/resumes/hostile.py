"""Hostile resume files, built in memory: for `manage.py bench_uploads` and the tests of the apply form.

Each builder returns a `Sample` (file name, bytes, and what it attacks). Files are assembled by hand from PDF
objects, because the point is to break what a PDF library would never write: cross-reference tables, offsets,
encryption dictionaries, object streams that inflate a thousandfold.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PdfWriter

MB = 1024 * 1024
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"


@dataclass(frozen=True)
class Sample:
    name: str  # the file name as the browser sends it
    data: bytes
    attack: str  # what it tries, for the bench's table
    content_type: str = "application/pdf"


def assemble(objects: dict[int, bytes], *, trailer: bytes = b"", startxref: bytes | None = None) -> bytes:
    """A PDF with a classic cross-reference table; object 1 is the catalog."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    xref_at = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for number in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n")
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (size, trailer))
    out.write(b"startxref\n%s\n%%%%EOF\n" % (startxref or str(xref_at).encode()))
    return out.getvalue()


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def one_page(catalog_extra: bytes = b"", page_extra: bytes = b"", extra: dict[int, bytes] | None = None) -> bytes:
    """A one-page PDF with optional additions to the catalog, the page, and further objects (4 and up)."""
    return assemble(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: PAGE[:-2] + page_extra + b" >>",
            **(extra or {}),
        }
    )


def valid_pdf(*, title: str = "Resume") -> bytes:
    """A real one-page PDF, as an applicant's word processor writes it."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def photo_pdf(photo_bytes: int) -> bytes:
    """A one-page resume showing a photo of `photo_bytes` bytes (random data, as a JPEG's looks): big files are
    big because of their images, which a parser skips by their declared length."""
    photo = random.Random(photo_bytes).randbytes(photo_bytes)  # noqa: S311 -- test data, not a secret
    image = b"/Type /XObject /Subtype /Image /Width 600 /Height 800 /ColorSpace /DeviceRGB /BitsPerComponent 8"
    return one_page(
        page_extra=b" /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R",
        extra={4: stream(image + b" /Filter /DCTDecode", photo), 5: stream(b"", b"q 200 0 0 266 50 480 cm /Im1 Do Q")},
    )


def pdf_of_size(size: int) -> bytes:
    """A valid PDF of exactly `size` bytes: the photo takes what the rest leaves."""
    photo = size - len(photo_pdf(0))
    for _ in range(3):  # the photo's /Length gains digits as it grows
        data = photo_pdf(photo)
        if len(data) == size:
            return data
        photo += size - len(data)
    raise ValueError(f"cannot build a PDF of exactly {size} bytes")


def _adler_extend(adler: int, count: int, value: int) -> int:
    """Adler-32 after `count` more bytes of `value`, without feeding them: A grows by count*value, B by
    count*A + value*count*(count+1)/2 (RFC 1950's sums, in closed form)."""
    low, high = adler & 0xFFFF, adler >> 16
    high = (high + count * low + value * count * (count + 1) // 2) % 65521
    low = (low + count * value) % 65521
    return high << 16 | low


def flate_bomb(head: bytes, inflated_mb: int) -> bytes:
    """zlib data inflating to `head` then spaces, `inflated_mb` MB in all, built in milliseconds: a 1 MB block
    compressed with a full flush is byte-aligned and independent of what came before, so it is repeated."""
    compressor = zlib.compressobj(9)
    first = compressor.compress(head.ljust(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(b" " * MB) + compressor.flush(zlib.Z_FULL_FLUSH)
    adler = _adler_extend(zlib.adler32(head.ljust(MB)), (inflated_mb - 1) * MB, ord(" "))
    return first + block * (inflated_mb - 1) + b"\x03\x00" + struct.pack(">I", adler)  # final empty block


def object_stream_bomb(inflated_mb: int) -> bytes:
    """The catalog, pages and page live in an object stream padded to `inflated_mb` MB once inflated, so
    reading the catalog inflates it all. A cross-reference stream points into it (as PDF 1.5 writers do)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE]
    starts = [sum(len(o) + 1 for o in objects[:i]) for i in range(3)]
    header = b" ".join(b"%d %d" % (number, start) for number, start in zip((1, 2, 3), starts, strict=True)) + b" "
    data = flate_bomb(header + b" ".join(objects), inflated_mb)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    objstm_at = out.tell()
    objstm = stream(b"/Type /ObjStm /N 3 /First %d /Filter /FlateDecode" % len(header), data)
    out.write(b"4 0 obj\n%s\nendobj\n" % objstm)
    xref_at = out.tell()
    rows = [(0, 0, 65535), (2, 4, 0), (2, 4, 1), (2, 4, 2), (1, objstm_at, 0), (1, xref_at, 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out.write(b"5 0 obj\n%s\nendobj\n" % stream(b"/Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R", table))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def object_stream_pdf(hidden: bytes) -> bytes:
    """A one-page PDF whose catalog sits in a compressed object stream: `hidden` is added to the catalog where
    no byte-level search can see it."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R %s >>" % hidden
    data = zlib.compress(b"1 0 " + catalog)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    at = {}
    for number, body in ((2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"), (3, PAGE)):
        at[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    at[4] = out.tell()
    out.write(b"4 0 obj\n%s\nendobj\n" % stream(b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", data))
    xref_at = out.tell()
    rows = [(0, 0, 65535), (2, 4, 0), (1, at[2], 0), (1, at[3], 0), (1, at[4], 0), (1, xref_at, 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out.write(b"5 0 obj\n%s\nendobj\n" % stream(b"/Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R", table))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def xref_loop() -> bytes:
    """Two cross-reference sections, each naming the other as the previous one; the catalog is in neither."""
    head = b"%PDF-1.7\n"
    first = len(head)
    section = b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 9 /Root 7 0 R /Prev %010d >>\n"
    second = first + len(section % 0)
    body = head + section % second + section % first
    return body + b"startxref\n%d\n%%%%EOF\n" % second


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def nested_pages(depth: int) -> bytes:
    """A page tree `depth` levels deep: each /Pages node has one kid, the next node."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    for number in range(2, depth + 2):
        objects[number] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (number + 1)
    objects[depth + 2] = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] >>" % (depth + 1)
    return assemble(objects)


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<p>not a resume</p>")
    return buffer.getvalue()


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 200


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 200 + b"\xff\xd9"


def embedded_file() -> bytes:
    names = b"/Names << /EmbeddedFiles << /Names [(run.exe) 4 0 R] >> >>"
    return one_page(
        catalog_extra=names,
        extra={
            4: b"<< /Type /Filespec /F (run.exe) /EF << /F 5 0 R >> >>",
            5: stream(b"/Type /EmbeddedFile", b"MZ\x90\x00"),
        },
    )


def hostile_samples(limit: int) -> dict[str, Callable[[], Sample]]:
    """Every hostile class, keyed by a short name; `limit` is RESUME_MAX_BYTES. Each must be refused."""
    js = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
    pdf = "application/pdf"
    return {
        "bomb-object-stream-349kb": lambda: Sample("resume.pdf", object_stream_bomb(340), "object stream, 340 MB"),
        "bomb-object-stream-5mb": lambda: Sample("resume.pdf", object_stream_bomb(4800), "object stream, 4.7 GB"),
        "bomb-page-contents": lambda: Sample(
            "resume.pdf",
            one_page(
                page_extra=b" /Contents 4 0 R",
                extra={4: stream(b"/Filter /FlateDecode", flate_bomb(b"BT ET", 2000))},
            ),
            "page contents, 2 GB",
        ),
        "deep-page-tree": lambda: Sample("resume.pdf", nested_pages(5000), "page tree 5000 levels deep"),
        "page-tree-cycle": lambda: Sample(
            "resume.pdf",
            assemble(
                {
                    1: b"<< /Type /Catalog /Pages 2 0 R >>",
                    2: b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                    3: PAGE,
                }
            ),
            "page tree that contains itself",
        ),
        "deep-arrays": lambda: Sample(
            "resume.pdf", one_page(catalog_extra=b"/X " + b"[" * 200_000 + b"]" * 200_000), "arrays nested 200000 deep"
        ),
        "many-objects": lambda: Sample(
            "resume.pdf",
            one_page(extra={n: b"[%d 0 R]" % (n + 1) for n in range(4, 80_000)}),
            "80000 chained objects",
        ),
        "xref-garbage": lambda: Sample(
            "resume.pdf",
            b"%PDF-1.7\n" + b"garbage " * 50 + b"\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n"
            b"0000000020 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n409\n%%EOF\n",
            "cross-reference table pointing at garbage",
        ),
        "xref-loop": lambda: Sample(
            "resume.pdf",
            xref_loop(),
            "cross-reference sections that point at each other, the catalog in neither",
        ),
        "startxref-absurd": lambda: Sample(
            "resume.pdf", assemble({1: b"<< /Type /Catalog >>"}, startxref=b"9" * 40), "startxref beyond any integer"
        ),
        "truncated": lambda: Sample("resume.pdf", valid_pdf()[:300], "file cut short"),
        "header-only": lambda: Sample("resume.pdf", b"%PDF-1.7\n", "only the header"),
        "encryption-unknown-version": lambda: Sample(
            "resume.pdf",
            one_page().replace(
                b"/Root 1 0 R ",
                b"/Root 1 0 R /Encrypt << /Filter /Standard /V 99 /R 99 /O <00> /U <00> /P -4 >> /ID [<01> <01>] ",
            ),
            "encryption version the parser does not know",
        ),
        "encrypted": lambda: Sample("resume.pdf", encrypted_pdf(), "password-protected"),
        "js-open-action": lambda: Sample(
            "resume.pdf", one_page(catalog_extra=b"/OpenAction 4 0 R", extra={4: js}), "JavaScript on open"
        ),
        "js-name-tree": lambda: Sample(
            "resume.pdf",
            one_page(catalog_extra=b"/Names << /JavaScript << /Names [(a) 4 0 R] >> >>", extra={4: js}),
            "document-level JavaScript",
        ),
        "js-obfuscated-names": lambda: Sample(
            "resume.pdf",
            one_page(catalog_extra=b"/OpenAction << /S /Java#53cript /J#53 (app.alert\\(1\\)) >>"),
            "JavaScript under #-escaped names",
        ),
        "js-in-object-stream": lambda: Sample(
            "resume.pdf", object_stream_pdf(b"/AA << /WC << /S /JavaScript /JS (1) >> >>"), "JavaScript compressed"
        ),
        "page-additional-actions": lambda: Sample(
            "resume.pdf",
            one_page(page_extra=b" /AA << /O << /S /URI /URI (https://attacker.example/) >> >>"),
            "page /AA (runs on view)",
        ),
        "launch-action": lambda: Sample(
            "resume.pdf",
            one_page(catalog_extra=b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
            "/Launch action",
        ),
        "embedded-file": lambda: Sample("resume.pdf", embedded_file(), "embedded executable"),
        "file-attachment-annotation": lambda: Sample(
            "resume.pdf",
            one_page(
                page_extra=b" /Annots [4 0 R]",
                extra={4: b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS (a.exe) >>"},
            ),
            "file attachment annotation",
        ),
        "rich-media": lambda: Sample(
            "resume.pdf",
            one_page(
                page_extra=b" /Annots [4 0 R]", extra={4: b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>"}
            ),
            "rich media (Flash) annotation",
        ),
        "xfa-form": lambda: Sample(
            "resume.pdf",
            one_page(catalog_extra=b"/AcroForm << /Fields [] /XFA 4 0 R >>", extra={4: stream(b"", b"<xdp/>")}),
            "XFA form",
        ),
        "png-renamed": lambda: Sample("resume.pdf", png_bytes(), "PNG named .pdf", pdf),
        "jpeg-renamed": lambda: Sample("resume.pdf", jpeg_bytes(), "JPEG named .pdf", pdf),
        "text-renamed": lambda: Sample("resume.pdf", b"Morgan Mentor\nCity Manager\n", "text named .pdf", pdf),
        "html-renamed": lambda: Sample("resume.pdf", b"<html><script>alert(1)</script></html>", "HTML named .pdf"),
        "polyglot-pdf-html": lambda: Sample(
            "resume.pdf",
            valid_pdf().replace(b"%PDF-1.3\n", b"%PDF-1.3\n%<html><script>alert(1)</script>\n", 1),
            "PDF that is also a web page",
        ),
        "polyglot-pdf-zip": lambda: Sample("resume.pdf", valid_pdf() + zip_archive(), "PDF that is also a ZIP"),
        "path-like-name": lambda: Sample(
            "../../../../private/resumes/../../etc/passwd.pdf", b"root:x:0:0:root:/root:/bin/bash\n", "path as name"
        ),
        "very-long-name": lambda: Sample(
            "r" * 400 + ".pdf", one_page(catalog_extra=b"/OpenAction 4 0 R", extra={4: js}), "400-character name"
        ),
        "markup-in-name": lambda: Sample('"><img src=x onerror=alert(1)>.pdf', png_bytes(), "HTML in the name"),
        "one-byte-over-limit": lambda: Sample("resume.pdf", pdf_of_size(limit + 1), f"{limit + 1} bytes"),
        "empty-file": lambda: Sample("resume.pdf", b"", "0 bytes"),
        "zero-pages": lambda: Sample(
            "resume.pdf",
            assemble({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [] /Count 0 >>"}),
            "no pages",
        ),
    }


def valid_samples(limit: int) -> dict[str, Callable[[], Sample]]:
    """Controls that must be accepted: a plain resume, one exactly at the limit, one with a link."""
    return {
        "valid": lambda: Sample("resume.pdf", valid_pdf(), "a plain one-page resume"),
        "exactly-at-limit": lambda: Sample("resume.pdf", pdf_of_size(limit), f"{limit} bytes"),
        "link-and-go-to-open-action": lambda: Sample(
            "resume.pdf",
            one_page(
                catalog_extra=b"/OpenAction [3 0 R /Fit]",
                page_extra=b" /Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
                b"/A << /S /URI /URI (https://www.linkedin.com/in/someone) >> >>]",
            ),
            "a link and an open-at-page-1 destination",
        ),
        "compressed-object-streams": lambda: Sample("resume.pdf", object_stream_pdf(b""), "PDF 1.5 object streams"),
    }
