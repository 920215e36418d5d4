"""The one upload checker: the type is read from the file's content (libmagic plus structural checks) AND must
match the file's extension; each use names the types it allows (:func:`check_upload`'s ``allowed``).

Known types: PDF, PNG, JPEG, Word (docx) and Excel (xlsx). Refused whatever the use: everything else, SVG (it
may carry script), executables, HTML hidden behind a PDF/image signature or inside an Office package, Office
files with macros, and Office files that unpack to more than ``ATTACHMENT_MAX_UNPACKED_BYTES`` (zip bombs:
every part is decompressed as a stream and its real bytes counted, the sizes in the zip's directory are not
trusted).

Used by publishing (records' attachments, publishing/files.py) and foi (applicants' attachments).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The known types and their extensions (the first is the one a stored file gets).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
}
#: How a refusal names each type.
LABELS = {PDF: "PDF", DOCX: "Word（docx）", XLSX: "Excel（xlsx）", PNG: "PNG", JPEG: "JPG"}
#: Types a browser may show in the page (verified PDFs and raster images); the rest are downloaded.
INLINE_TYPES = frozenset({PDF, PNG, JPEG})
#: The largest attachment accepted by default (settings.ATTACHMENT_MAX_BYTES overrides).
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
#: How much of a file (and of each Office part) is searched for HTML.
SNIFF_BYTES = 8192
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce", b"\xca\xfe\xba\xbe", b"#!")
#: What a browser takes for a web page: never in a PDF's or an image's first bytes, never in an Office part.
_HTML_MARKERS = (
    b"<html",
    b"<!doctype html",
    b"<script",
    b"<body",
    b"<iframe",
    b"<svg",
    b"<object",
    b"<embed",
)
#: Parts an Office package may not carry (web pages, scripts, vector images with script, macros).
_FORBIDDEN_PARTS = (".htm", ".html", ".xhtml", ".mht", ".mhtml", ".svg", ".js", ".hta", "vbaproject.bin")
#: What libmagic may call each known type (OOXML is often reported as a plain zip).
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


def has_html(data: bytes) -> bool:
    """Whether ``data`` holds something a browser would render as a web page."""
    lowered = data.lower()
    return any(marker in lowered for marker in _HTML_MARKERS)


def _ooxml_type(fileobj: IO[bytes]) -> str:
    """docx or xlsx by the package's parts; refuses macros, web pages inside, odd packages and zip bombs."""
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
            if any(n.lower().endswith(_FORBIDDEN_PARTS) for n in names):
                raise ValidationError(_("Office 文件中含有网页或脚本，已拒绝。"))
            if sum(info.file_size for info in infos) > limit:
                raise ValidationError(_("Office 文件解压后过大（可能是压缩炸弹），已拒绝。"))
            read_bounded(archive, infos, limit)
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


def read_bounded(archive: zipfile.ZipFile, infos: Iterable[zipfile.ZipInfo], limit: int) -> None:
    """Unpack every part as a stream, counting real bytes (the sizes in the directory may lie), up to
    ``limit`` in all; a part beginning with a web page is refused."""
    total = 0
    for info in infos:
        with archive.open(info) as part:
            first = True
            while chunk := part.read(1024 * 1024):
                if first and has_html(chunk[:SNIFF_BYTES]):
                    raise ValidationError(_("Office 文件中含有网页或脚本，已拒绝。"))
                first = False
                total += len(chunk)
                if total > limit:
                    raise ValidationError(_("Office 文件解压后过大（可能是压缩炸弹），已拒绝。"))


def sniff(head: bytes, fileobj: IO[bytes]) -> str | None:
    """The known content type of the file by its content, or None."""
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
    if candidate in (PDF, PNG, JPEG) and has_html(head):
        raise ValidationError(_("文件中含有网页或脚本内容（伪装成 PDF 或图片），已拒绝。"))
    if _libmagic(head) not in _MAGIC_NAMES[candidate]:
        return None
    return candidate


def extension_of(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return ("." + base.rsplit(".", 1)[-1].lower()) if "." in base else ""


def _kinds(allowed: Iterable[str]) -> str:
    return "、".join(LABELS[t] for t in EXTENSIONS if t in allowed)


def check_upload(
    upload: File[bytes], *, allowed: Iterable[str] = tuple(EXTENSIONS), max_bytes: int | None = None
) -> str:
    """Validate an uploaded file (size, type by content among ``allowed``, extension matching it); return its
    content type or raise ValidationError (in Chinese). ``max_bytes`` defaults to
    ``settings.ATTACHMENT_MAX_BYTES``."""
    allowed = frozenset(allowed)
    size = upload.size
    limit = max_bytes or int(getattr(settings, "ATTACHMENT_MAX_BYTES", MAX_ATTACHMENT_BYTES))

    if size is None or size == 0:
        raise ValidationError(_("附件为空。"))
    if size > limit:
        raise ValidationError(_("附件不能超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)})
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    if head.startswith(_EXECUTABLE_MAGIC):
        raise ValidationError(_("不允许上传可执行文件。"))
    refused = _("只接受 %(kinds)s 文件（按文件内容判断）。") % {"kinds": _kinds(allowed)}
    if head.startswith(b"PK\x03\x04") and not allowed & {DOCX, XLSX}:
        raise ValidationError(refused)  # not unpacked at all where no Office file is welcome
    content_type = sniff(head, upload)
    upload.seek(0)
    if content_type is None or content_type not in allowed:
        raise ValidationError(refused)
    if extension_of(getattr(upload, "name", "")) not in EXTENSIONS[content_type]:
        raise ValidationError(
            _("文件扩展名与内容不符：内容是 %(kind)s，扩展名应为 %(ext)s。")
            % {"kind": LABELS[content_type], "ext": "、".join(EXTENSIONS[content_type])}
        )
    return content_type
