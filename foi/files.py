"""Applicants' attachments: the type is read from the first bytes and must agree with the file's extension."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

_TYPES = {
    "application/pdf": {"pdf"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
}


def _sniff(upload) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return None


def check_attachment(upload) -> str:
    """The content type of an acceptable attachment, or ValidationError (empty, too large, lying, unknown)."""
    if not upload.size:
        raise ValidationError(_("附件为空。"))
    if upload.size > MAX_BYTES:
        raise ValidationError(_("每个附件不能超过 {value} MB。").format(value=MAX_BYTES // (1024 * 1024)))
    content_type = _sniff(upload)
    upload.seek(0)
    extension = (upload.name or "").rsplit(".", 1)[-1].lower() if "." in (upload.name or "") else ""
    if content_type is None:
        raise ValidationError(_("附件只接受 PDF、Word（docx）、PNG 和 JPG 文件（按文件内容判断）。"))
    if extension not in _TYPES[content_type]:
        raise ValidationError(_("附件的扩展名与文件内容不符。"))
    return content_type
