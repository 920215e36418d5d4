"""QR codes (SVG, made here, no network) pointing at a page of this site, for boards and screens."""
from __future__ import annotations

import io
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg

MAX_PATH = 300


def safe_path(path: str | None) -> str | None:
    """``path`` if it is a relative path on this site ("/units/GS-HS/"), else None.

    Refused: empty, too long, absolute URLs (``http://…``), protocol-relative (``//evil``), backslashes
    (browsers read ``/\\evil`` as ``//evil``), and control characters.
    """
    if not path or len(path) > MAX_PATH or not path.startswith("/"):
        return None
    if path.startswith("//") or "\\" in path or any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return None
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return None
    return path


def svg_for(url: str) -> bytes:
    """An SVG QR code for ``url`` (medium error correction, so a worn board print still scans)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=10)
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
