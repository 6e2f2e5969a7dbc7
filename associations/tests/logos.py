"""Small image files for the association's logo, made in memory."""

from __future__ import annotations

import io

from PIL import Image


def png_bytes(colour: tuple[int, int, int] = (31, 78, 121), size: tuple[int, int] = (120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 20), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()
