"""Evidence uploads for assessors' scores: PDF, PNG or JPG, judged by the file's first bytes, size-limited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: The largest evidence file accepted.
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def check_evidence(upload) -> str:
    """Validate an uploaded evidence file; return its content type or raise ValidationError."""
    size = getattr(upload, "size", None)
    if not size:
        raise ValidationError(_("佐证材料为空。"))
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("佐证材料不能超过 %(mb)s MB。") % {"mb": MAX_EVIDENCE_BYTES // (1024 * 1024)})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    raise ValidationError(_("佐证材料只接受 PDF、PNG 和 JPG 文件（按文件内容判断）。"))
