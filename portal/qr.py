"""QR codes (SVG, made here, no network) pointing at a page of this site, for boards and screens."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def svg_for(url: str) -> bytes:
    """An SVG QR code for ``url`` (medium error correction, so a worn board print still scans)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=10)
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
