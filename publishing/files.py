"""Attachment checks: the type is read from the file's content (libmagic plus structural checks) AND must
match the file's extension; the file is stored under a server-generated name with the type's extension.

Accepted: PDF, PNG, JPEG, Word (docx) and Excel (xlsx). Refused: everything else, SVG (it may carry
script), executables, Office files with macros, and Office files that unpack to more than
``ATTACHMENT_MAX_UNPACKED_BYTES`` (zip bombs). Files are served by publishing/attachment_views.py.
"""

from __future__ import annotations

import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The allowed types and their extensions (the first is the one a stored file gets).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
}
#: Types a browser may show in the page (verified PDFs and raster images); the rest are downloaded.
INLINE_TYPES = frozenset({PDF, PNG, JPEG})
#: The largest attachment accepted (settings.ATTACHMENT_MAX_BYTES overrides).
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce", b"\xca\xfe\xba\xbe", b"#!")
#: What libmagic may call each allowed type (OOXML is often reported as a plain zip).
_MAGIC_NAMES = {
    PDF: {PDF},
    PNG: {PNG},
    JPEG: {JPEG},
    DOCX: {DOCX, "application/zip", "application/octet-stream"},
    XLSX: {XLSX, "application/zip", "application/octet-stream"},
}


def _libmagic(head: bytes) -> str:
    import magic

    return magic.from_buffer(head, mime=True)


def _max_unpacked() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024))


def _ooxml_type(fileobj) -> str:
    """docx or xlsx by the package's parts; refuses macros, odd packages and zip bombs."""
    limit = _max_unpacked()
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if len(infos) > MAX_ZIP_ENTRIES:
                raise ValidationError(_("Office 文件包含的部件过多。"))
            if "[Content_Types].xml" not in names:
                raise ValidationError(_("不是有效的 Office 文件。"))
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise ValidationError(_("不接受包含宏的 Office 文件。"))
            if sum(info.file_size for info in infos) > limit:
                raise ValidationError(_("Office 文件解压后过大（可能是压缩炸弹），已拒绝。"))
            _read_bounded(archive, infos, limit)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise ValidationError(_("不是有效的 Office 文件。")) from exc
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    raise ValidationError(_("只接受 Word（docx）和 Excel（xlsx）格式的 Office 文件。"))


def _read_bounded(archive: zipfile.ZipFile, infos, limit: int) -> None:
    """Unpack every part, counting real bytes (the sizes in the directory may lie), up to ``limit``."""
    total = 0
    for info in infos:
        with archive.open(info) as part:
            while chunk := part.read(1024 * 1024):
                total += len(chunk)
                if total > limit:
                    raise ValidationError(_("Office 文件解压后过大（可能是压缩炸弹），已拒绝。"))


def sniff(head: bytes, fileobj) -> str | None:
    """The allowed content type of the file by its content, or None."""
    if head.startswith(b"%PDF-"):
        candidate = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        candidate = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        candidate = JPEG
    elif head.startswith(b"PK\x03\x04"):
        candidate = _ooxml_type(fileobj)
    else:
        return None
    if _libmagic(head) not in _MAGIC_NAMES[candidate]:
        return None
    return candidate


def extension_of(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return ("." + base.rsplit(".", 1)[-1].lower()) if "." in base else ""


def check_upload(upload) -> str:
    """Validate an uploaded file (size, type by content, extension matching it); return its content type or
    raise ValidationError (in Chinese)."""
    size = upload.size
    limit = int(getattr(settings, "ATTACHMENT_MAX_BYTES", MAX_ATTACHMENT_BYTES))
    if size is None or size == 0:
        raise ValidationError(_("附件为空。"))
    if size > limit:
        raise ValidationError(_("附件不能超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)})
    upload.seek(0)
    head = upload.read(8192)
    if head.startswith(_EXECUTABLE_MAGIC):
        raise ValidationError(_("不允许上传可执行文件。"))
    content_type = sniff(head, upload)
    upload.seek(0)
    if content_type is None:
        raise ValidationError(
            _("只接受 PDF、Word（docx）、Excel（xlsx）、PNG 和 JPG 文件（按文件内容判断）。")
        )
    if extension_of(getattr(upload, "name", "")) not in EXTENSIONS[content_type]:
        raise ValidationError(
            _("文件扩展名与内容不符：内容是 %(kind)s，扩展名应为 %(ext)s。")
            % {"kind": content_type.rsplit("/", 1)[-1], "ext": "、".join(EXTENSIONS[content_type])}
        )
    return content_type


def storage_name(instance, filename: str) -> str:
    """Where an attachment is stored: a random name with the verified type's extension (the client's name
    is kept only as ``original_name``, for display)."""
    extension = EXTENSIONS.get(getattr(instance, "content_type", ""), (".bin",))[0]
    publication = instance.publication
    return f"publishing/{publication.unit.code}/{publication.pk}/{uuid.uuid4().hex}{extension}"
