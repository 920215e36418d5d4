"""Reading an uploaded workbook safely: only a clean xlsx, within limits, every sheet in one streaming pass.

:func:`read_source` and :func:`read_book` refuse anything that is not a clean xlsx workbook: not a zip (a CSV
or text file renamed), an old binary .xls, a zip that is not a workbook, macros, a file over
:data:`MAX_FILE_BYTES` or :data:`MAX_UNCOMPRESSED_BYTES`, more than :data:`MAX_ROWS` rows holding data.
:func:`read_book` lists the formula cells (``data_type == "f"``), which the importer refuses: a catalog is
data, and a formula's cached value may be stale or absent.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

#: Largest workbook accepted, in bytes (as uploaded, i.e. compressed).
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Largest total size of the files inside the xlsx zip (a guard against zip bombs).
MAX_UNCOMPRESSED_BYTES = 80 * 1024 * 1024
#: Most rows holding data, counted over every sheet (title and header rows included).
MAX_ROWS = 20_000
#: Most columns a cell may hold data in (a catalog has about twenty); empty cells beyond are skipped.
MAX_COLUMNS = 200

ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc, .et of WPS)


class WorkbookRefused(Exception):
    """The file is refused as a whole; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


# -- the file ---------------------------------------------------------------------------------------------


def read_source(source) -> tuple[bytes, str]:
    """The bytes and the display name of a path, an uploaded file or any binary file object."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise WorkbookRefused(
                _("无法读取文件「%(path)s」：%(v3)s") % {"path": path, "v3": exc.strerror or exc}
            ) from exc
        if size > MAX_FILE_BYTES:
            raise WorkbookRefused(
                _("文件过大（%(v1).1f MB），上限为 %(v3)s。")
                % {"v1": size / 1024 / 1024, "v3": _mb(MAX_FILE_BYTES)}
            )
        return path.read_bytes(), path.name
    name = os.path.basename(str(getattr(source, "name", "") or "")) or "上传的文件"
    size = getattr(source, "size", None)
    if isinstance(size, int) and size > MAX_FILE_BYTES:
        raise WorkbookRefused(
            _("文件过大（%(v1).1f MB），上限为 %(v3)s。")
            % {"v1": size / 1024 / 1024, "v3": _mb(MAX_FILE_BYTES)}
        )
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read(MAX_FILE_BYTES + 1)
    if isinstance(data, str):
        raise WorkbookRefused(
            _("不是 xlsx 文件：读到的是文本（如 CSV），请上传 Excel 2007 及以上格式（.xlsx）的工作簿。")
        )
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookRefused(_("文件过大，上限为 %(v1)s。") % {"v1": _mb(MAX_FILE_BYTES)})
    return bytes(data), name


def _open_archive(data: bytes) -> zipfile.ZipFile:
    """The bytes as an xlsx zip, or refused: not a zip, an old .xls, not a workbook, macros, too big."""
    if not data:
        raise WorkbookRefused(_("文件是空的。"))
    if data.startswith(OLE2_SIGNATURE):
        raise WorkbookRefused(
            _(
                "这是旧版 Excel（.xls）或其他 Office 二进制文件，不是 xlsx。请在 Excel 或 WPS 中“另存为”"
                " Excel 工作簿（*.xlsx）后再导入。"
            )
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise WorkbookRefused(
            _(
                "不是 xlsx 文件（文件开头不是 xlsx 的 zip 签名）：CSV、文本文件或改了扩展名的文件不能导入，"
                "请上传 Excel 工作簿（*.xlsx）。"
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookRefused(_("文件已损坏：无法作为 xlsx（zip）打开。")) from exc
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise WorkbookRefused(
            _("这是一个 zip 文件，但不是 Excel 工作簿（xlsx），例如 Word 文档或普通压缩包。")
        )
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise WorkbookRefused(_("工作簿包含宏（VBA），为安全起见拒绝导入。请另存为不含宏的 .xlsx 文件。"))
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:  # the directory's word: a first check
        raise _too_big()
    archive.unpacked = 0  # what was really decompressed so far (:func:`_read_member`)
    return archive


def _too_big() -> WorkbookRefused:
    return WorkbookRefused(
        _("工作簿解压后过大（上限 %(v1)s），请拆分后导入。") % {"v1": _mb(MAX_UNCOMPRESSED_BYTES)}
    )


#: Bytes decompressed at a time: a member is never unpacked in one piece.
READ_CHUNK = 1024 * 1024


class _CountingReader(io.RawIOBase):
    """A zip member as a stream, counting the bytes really decompressed against the archive's budget
    (:data:`MAX_UNCOMPRESSED_BYTES` over all members): the sizes in the zip's directory may lie, so they are
    never trusted; reading stops at the limit."""

    def __init__(self, archive: zipfile.ZipFile, name: str):
        self.archive, self.handle = archive, archive.open(name)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.handle.read(min(len(buffer), READ_CHUNK))
        self.archive.unpacked += len(data)
        if self.archive.unpacked > MAX_UNCOMPRESSED_BYTES:
            raise _too_big()
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.handle.close()
        super().close()


def _open_member(archive: zipfile.ZipFile, name: str):
    return io.BufferedReader(_CountingReader(archive, name), buffer_size=READ_CHUNK)


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes, decompressed as a stream with a running count (never more than the budget)."""
    with _open_member(archive, name) as handle:
        return handle.read()


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MERGE_RE = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3}[0-9]+(?::[A-Za-z]{1,3}[0-9]+)?)"'
)


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the path of its XML inside the zip."""
    try:
        workbook = ElementTree.fromstring(_read_member(archive, "xl/workbook.xml"))
        rels = ElementTree.fromstring(_read_member(archive, "xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    paths = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        if target.startswith("/"):
            paths[sheet.get("name")] = target.lstrip("/")
        elif target:
            paths[sheet.get("name")] = posixpath.normpath(posixpath.join("xl", target))
    return paths


def _merged_ranges(xml: bytes) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range of a sheet, read from its XML."""
    ranges = []
    for ref in _MERGE_RE.findall(xml):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
        ranges.append((min_row, min_col, max_row, max_col))
    return ranges


@dataclass
class SheetData:
    """One worksheet as read: its cell values row by row (1-based row r is ``rows[r - 1]``), merges."""

    title: str
    state: str  # "visible", "hidden" or "veryHidden"
    rows: list[list]
    merged: list[tuple[int, int, int, int]]  # (min_row, min_col, max_row, max_col)


@dataclass
class Book:
    sheets: list[SheetData]
    formulas: list[tuple[str, int, int]]  # (sheet, row, column) of every formula cell
    data_rows: int  # rows holding at least one value, over all sheets


def read_book(data: bytes) -> Book:
    """Check and read an xlsx workbook in one streaming pass over each sheet's XML (formulas kept as formulas:
    a cell with a formula is listed, whatever its cached value). Refuses the file
    (:class:`WorkbookRefused`) as soon as it has more than :data:`MAX_ROWS` rows holding data.

    The sheets are read with the standard library's streaming XML parser rather than openpyxl's cell objects:
    a catalog is text in plain cells, and this is several times faster on a large file. Each sheet's XML is
    decompressed once, as a stream whose real bytes are counted against :data:`MAX_UNCOMPRESSED_BYTES` (the
    zip directory's sizes are not trusted), for its cells and its merged ranges; its rows are parsed one at a
    time and cleared once read."""
    archive = _open_archive(data)
    try:
        shared = _shared_strings(archive)
        sheets = _sheet_entries(archive)
        book = Book([], [], 0)
        for title, state, path in sheets:
            xml = _read_member(archive, path)  # once, for the cells and the merges; counted as it unpacks
            rows = _sheet_rows(xml, shared, title, book)
            while rows and all(v is None or v == "" for v in rows[-1]):
                rows.pop()
            book.sheets.append(SheetData(title, state, rows, _merged_ranges(xml)))
    except WorkbookRefused:
        raise
    except Exception as exc:  # a broken zip member or XML: many kinds of errors
        raise WorkbookRefused(
            _("无法读取工作簿（文件可能已损坏）：%(name)s") % {"name": type(exc).__name__}
        ) from exc
    if not book.sheets:
        raise WorkbookRefused(_("无法读取工作簿（文件可能已损坏）：没有工作表"))
    return book


_LOCAL_NAMES: dict[str, str] = {}


def _local(tag: str) -> str:
    """A tag's name without its namespace (the few tags of a workbook, remembered)."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 1000:
            _LOCAL_NAMES[tag] = name
    return name


def _texts(element) -> str:
    """The text of a string item: its <t>, or its runs' <t> (phonetic guides left out)."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    path = next((n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if path is None:
        return []
    strings = []
    with _open_member(archive, path) as handle:
        for _event, element in ElementTree.iterparse(handle):
            if _local(element.tag) == "si":
                strings.append(_texts(element))
                element.clear()
    return strings


def _sheet_entries(archive: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(title, state, path) of every worksheet, in the workbook's order."""
    workbook = ElementTree.fromstring(_read_member(archive, "xl/workbook.xml"))
    paths = _sheet_paths(archive)
    entries = []
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        title = sheet.get("name")
        path = paths.get(title)
        if path and path in archive.namelist():
            entries.append((title, sheet.get("state") or "visible", path))
    return entries


_COLUMN_RE = re.compile(r"^([A-Za-z]{1,3})")
_COLUMNS: dict[str, int] = {}


def _column(ref: str | None, default: int) -> int:
    found = _COLUMN_RE.match(ref or "")
    if not found:
        return default
    letters = found.group(1)
    index = _COLUMNS.get(letters)
    if index is None:
        index = _COLUMNS[letters] = column_index_from_string(letters.upper())
    return index


def _cell_value(cell, shared: list[str]) -> tuple[object, bool]:
    """(value, has a formula) of a <c> element."""
    kind = cell.get("t", "n")
    raw, inline, formula = None, None, False
    for child in cell:
        name = _local(child.tag)
        if name == "f":
            formula = True
        elif name == "v":
            raw = child.text
        elif name == "is":
            inline = _texts(child)
    if kind == "inlineStr":
        return inline, formula
    if raw is None:
        return None, formula
    if kind == "s":
        return shared[int(raw)], formula
    if kind == "b":
        return raw.strip() == "1", formula
    if kind in ("str", "e", "d"):
        return raw, formula
    try:
        return int(raw), formula
    except ValueError:
        return float(raw), formula


_ROW, _CELL, _VALUE, _INLINE, _TEXT = (f"{_MAIN_NS}{name}" for name in ("row", "c", "v", "is", "t"))


def _plain_cell(cell, shared: list[str]):
    """The value of the usual cell (no formula): empty, a shared string, or an inline string of one <t>, in
    the main namespace; :data:`_UNUSUAL` for any other cell, which :func:`_cell_value` reads."""
    n = len(cell)
    if n == 0:
        return None  # what _cell_value gives a cell without children, whatever its type
    if n == 1:
        child = cell[0]
        kind = cell.get("t")
        if kind == "s" and child.tag == _VALUE:
            raw = child.text
            return None if raw is None else shared[int(raw)]
        if kind == "inlineStr" and child.tag == _INLINE and len(child) == 1 and child[0].tag == _TEXT:
            return child[0].text or ""
    return _UNUSUAL


_UNUSUAL = object()
#: The tags inside a row (most of a sheet's elements), skipped at once.
_IN_ROWS = frozenset({_CELL, _VALUE, _INLINE, _TEXT})


def _row_values(row, shared: list[str], formulas: list[int]) -> list:
    """The values of a <row> by column (1-based column c is ``values[c - 1]``); the columns of its formula
    cells added to ``formulas``."""
    values: list = []
    columns = _COLUMNS
    for cell in row:
        if cell.tag != _CELL and _local(cell.tag) != "c":
            continue
        ref = cell.get("r")
        col = columns.get(ref.rstrip("0123456789")) if ref else None  # "AB12" → AB, remembered
        if col is None:
            col = _column(ref, len(values) + 1)
        value = _plain_cell(cell, shared)
        if value is _UNUSUAL:
            value, formula = _cell_value(cell, shared)
            if formula:
                formulas.append(col)
        if col > MAX_COLUMNS:
            if value is None or value == "":
                continue  # a formatted but empty cell far to the right
            raise WorkbookRefused(
                _("第%(col)s列有内容：工作表超过 %(max)s 列，目录通常只有二十来列，请删去多余的列后导入。")
                % {"col": get_column_letter(col), "max": MAX_COLUMNS}
            )
        if len(values) < col:
            values.extend([None] * (col - len(values)))
        values[col - 1] = value
    return values


def _sheet_rows(xml: bytes, shared: list[str], title: str, book: Book) -> list[list]:
    rows: list[list] = []
    formulas: list[int] = []
    for _event, element in ElementTree.iterparse(io.BytesIO(xml)):
        tag = element.tag
        if tag in _IN_ROWS or (tag != _ROW and (not tag.endswith("row") or _local(tag) != "row")):
            continue
        r = int(element.get("r") or len(rows) + 1)
        values = _row_values(element, shared, formulas)
        element.clear()
        if formulas:
            book.formulas.extend((title, r, col) for col in formulas)
            formulas.clear()
        while len(rows) < r - 1:
            rows.append([])
        rows.append(values)
        if any(v is not None and v != "" for v in values):
            book.data_rows += 1
            if book.data_rows > MAX_ROWS:
                raise WorkbookRefused(
                    _("工作簿行数过多（超过 %(max)s 行），上限为 %(max)s 行，请拆分后导入。")
                    % {"max": MAX_ROWS}
                )
    return rows
