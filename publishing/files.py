"""Attachment checks: the type is read from the file's first bytes, never trusted from its name."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError

#: The largest attachment accepted.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce", b"\xca\xfe\xba\xbe", b"#!")


def sniff(head: bytes, fileobj) -> str | None:
    """The content type of an allowed file, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            fileobj.seek(0)
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if any(n.startswith("word/") for n in names):
            return DOCX
        if any(n.startswith("xl/") for n in names):
            return XLSX
    return None


def check_upload(upload) -> str:
    """Validate an uploaded file (size, type by content); return its content type or raise ValidationError."""
    size = upload.size
    if size is None or size == 0:
        raise ValidationError("附件为空。")
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"附件不能超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB。")
    upload.seek(0)
    head = upload.read(16)
    if head.startswith(_EXECUTABLE_MAGIC):
        raise ValidationError("不允许上传可执行文件。")
    content_type = sniff(head, upload)
    upload.seek(0)
    if content_type is None:
        raise ValidationError("只接受 PDF、Word（docx）、Excel（xlsx）、PNG 和 JPG 文件（按文件内容判断）。")
    return content_type
