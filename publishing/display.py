"""Words for staff pages: file sizes and types, people's names — never MIME types, byte counts or usernames."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import files

_TYPE_WORDS = {
    files.PDF: "PDF 文档",
    files.DOCX: "Word 文档",
    files.XLSX: "Excel 表格",
    files.PNG: "PNG 图片",
    files.JPEG: "JPG 图片",
}


def size_words(size: int | None) -> str:
    """``1536`` → "1.5 KB"; ``0`` or None → "—"."""
    if not size:
        return "—"
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return _("%(n)s 字节") % {"n": size}


def type_words(content_type: str | None) -> str:
    """``application/pdf`` → "PDF 文档"; an unknown type → "其他文件"."""
    if not content_type:
        return "—"
    return _TYPE_WORDS.get(content_type, _("其他文件"))


def person(user) -> str:
    """A person's name as staff pages show it: the full name, else the first name, else "（未填写姓名）"."""
    if user is None:
        return _("系统")
    # Chinese order: family name first, no space (王 + 明 → 王明).
    name = f"{user.last_name or ''}{user.first_name or ''}".strip()
    return name or _("（未填写姓名）")
