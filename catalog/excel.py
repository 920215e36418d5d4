"""Excel (xlsx) plumbing for the standard catalog (政务公开事项标准目录).

Reading
    :func:`read_source` and :func:`read_book` refuse anything that is not a clean xlsx workbook: not a zip
    (a CSV or text file renamed), an old binary .xls, a zip that is not a workbook, macros, a file over
    :data:`MAX_FILE_BYTES` or :data:`MAX_UNCOMPRESSED_BYTES`, more than :data:`MAX_ROWS` rows holding data.
    :func:`read_book` reads every sheet in one streaming pass (openpyxl read-only mode) and lists the
    formula cells (``data_type == "f"``), which the importer refuses: a catalog is data, and a formula's
    cached value may be stale or absent. The cell readers understand how districts fill their catalogs:
    ticks (:func:`parse_tick`), ■/□ channel lists (:func:`parse_channels`), "●" content elements and line
    breaks (:func:`split_elements`), 《…》 basis documents (:func:`parse_bases`). Which column is which is
    worked out by :mod:`catalog.importer`.

Writing
    :func:`export_catalog` writes the layout of standards §1: a title row, the two-row merged header
    (公开事项 over 一级/二级(/三级)事项, 公开对象 over 全社会/特定群体, 公开方式 over 主动/依申请, 公开层级 over
    区级/街道级/社区级), then the extra columns the importer reads (五公开, 公开形式, 公开时长, 责任科室, 负面清单,
    不予公开依据); one sheet per active field. Plain openpyxl: no macros, no formulas, wrapped text, column
    widths, a frozen header, so it opens cleanly in Excel and WPS.

Formula injection
    Text that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a carriage return) is
    written with a leading apostrophe (:func:`escape_text`); text that already starts with an apostrophe gets
    one more. :func:`unescape_text` (used by every cell the importer reads) strips exactly that one
    apostrophe, so an export re-imports to the same text.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, range_boundaries

from .models import Channel, FivePublic

#: Largest workbook accepted, in bytes (as uploaded, i.e. compressed).
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Largest total size of the files inside the xlsx zip (a guard against zip bombs).
MAX_UNCOMPRESSED_BYTES = 80 * 1024 * 1024
#: Most rows holding data, counted over every sheet (title and header rows included).
MAX_ROWS = 20_000

ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc, .et of WPS)

#: Text starting with one of these is a formula to a spreadsheet; it is written behind an apostrophe.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


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
            raise WorkbookRefused(f"无法读取文件「{path}」：{exc.strerror or exc}") from exc
        if size > MAX_FILE_BYTES:
            raise WorkbookRefused(f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {_mb(MAX_FILE_BYTES)}。")
        return path.read_bytes(), path.name
    name = os.path.basename(str(getattr(source, "name", "") or "")) or "上传的文件"
    size = getattr(source, "size", None)
    if isinstance(size, int) and size > MAX_FILE_BYTES:
        raise WorkbookRefused(f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {_mb(MAX_FILE_BYTES)}。")
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read(MAX_FILE_BYTES + 1)
    if isinstance(data, str):
        raise WorkbookRefused(
            "不是 xlsx 文件：读到的是文本（如 CSV），请上传 Excel 2007 及以上格式（.xlsx）的工作簿。"
        )
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookRefused(f"文件过大，上限为 {_mb(MAX_FILE_BYTES)}。")
    return bytes(data), name


def _open_archive(data: bytes) -> zipfile.ZipFile:
    """The bytes as an xlsx zip, or refused: not a zip, an old .xls, not a workbook, macros, too big."""
    if not data:
        raise WorkbookRefused("文件是空的。")
    if data.startswith(OLE2_SIGNATURE):
        raise WorkbookRefused(
            "这是旧版 Excel（.xls）或其他 Office 二进制文件，不是 xlsx。请在 Excel 或 WPS 中“另存为”"
            " Excel 工作簿（*.xlsx）后再导入。"
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise WorkbookRefused(
            "不是 xlsx 文件（文件开头不是 xlsx 的 zip 签名）：CSV、文本文件或改了扩展名的文件不能导入，"
            "请上传 Excel 工作簿（*.xlsx）。"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookRefused("文件已损坏：无法作为 xlsx（zip）打开。") from exc
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise WorkbookRefused("这是一个 zip 文件，但不是 Excel 工作簿（xlsx），例如 Word 文档或普通压缩包。")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise WorkbookRefused("工作簿包含宏（VBA），为安全起见拒绝导入。请另存为不含宏的 .xlsx 文件。")
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookRefused(f"工作簿解压后过大（上限 {_mb(MAX_UNCOMPRESSED_BYTES)}），请拆分后导入。")
    return archive


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MERGE_RE = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3}[0-9]+(?::[A-Za-z]{1,3}[0-9]+)?)"'
)


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the path of its XML inside the zip."""
    from xml.etree import ElementTree

    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
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


def _merged_ranges(archive: zipfile.ZipFile, path: str | None) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range of a sheet, read from its XML."""
    if not path:
        return []
    try:
        xml = archive.read(path)
    except KeyError:
        return []
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
    """Check and read an xlsx workbook in one streaming pass (openpyxl read-only mode, formulas kept as
    formulas). Refuses the file (:class:`WorkbookRefused`) as soon as it has more than :data:`MAX_ROWS`
    rows holding data."""
    archive = _open_archive(data)
    paths = _sheet_paths(archive)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops (data validation…)
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors…) for a broken file
        raise WorkbookRefused(f"无法读取工作簿（文件可能已损坏）：{type(exc).__name__}") from exc
    sheets: list[SheetData] = []
    formulas: list[tuple[str, int, int]] = []
    data_rows = 0
    try:
        for ws in workbook.worksheets:
            ws.reset_dimensions()  # never trust the file's <dimension>: read every cell there is
            rows: list[list] = []
            for cells in ws.iter_rows():
                values = []
                for cell in cells:
                    value = cell.value
                    if value is not None and cell.data_type == "f":
                        formulas.append((ws.title, cell.row, cell.column))
                    values.append(value)
                rows.append(values)
                if any(v is not None and v != "" for v in values):
                    data_rows += 1
                    if data_rows > MAX_ROWS:
                        raise WorkbookRefused(
                            f"工作簿行数过多（超过 {MAX_ROWS} 行），上限为 {MAX_ROWS} 行，请拆分后导入。"
                        )
            while rows and all(v is None or v == "" for v in rows[-1]):
                rows.pop()
            sheets.append(
                SheetData(ws.title, ws.sheet_state, rows, _merged_ranges(archive, paths.get(ws.title)))
            )
    except WorkbookRefused:
        raise
    except Exception as exc:
        raise WorkbookRefused(f"无法读取工作簿（文件可能已损坏）：{type(exc).__name__}") from exc
    finally:
        workbook.close()
    return Book(sheets, formulas, data_rows)


# -- cells ------------------------------------------------------------------------------------------------


def escape_text(text: str) -> str:
    """Make text safe from formula injection: a leading apostrophe when a spreadsheet would run it."""
    if text and (text[0] in FORMULA_TRIGGERS or text[0] == QUOTE):
        return QUOTE + text
    return text


def unescape_text(text: str) -> str:
    """Undo :func:`escape_text` (one apostrophe before a formula trigger or another apostrophe)."""
    if len(text) > 1 and text[0] == QUOTE and (text[1] in FORMULA_TRIGGERS or text[1] == QUOTE):
        return text[1:]
    return text


def cell_text(value) -> str:
    """A cell's value as the text a reader sees: trimmed, with \\n line breaks, escape removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = unescape_text(str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return text.strip()


def norm_label(value) -> str:
    """A header label reduced for matching: no whitespace or asterisks, half-width brackets."""
    text = re.sub(r"[\s\u3000*＊]+", "", cell_text(value))
    return text.replace("（", "(").replace("）", ")").replace("／", "/")


TICK_TRUE = frozenset({"√", "●", "✓", "✔", "☑", "是"})
TICK_FALSE = frozenset({"", "否", "×", "✗", "✘", "╳", "/", "-", "—", "－", "无"})
TICK = "√"


def parse_tick(value) -> bool | None:
    """True for a tick ("√", "●", "✓", "是"), False for blank or an explicit no, None when unreadable."""
    if isinstance(value, bool):
        return value
    text = re.sub(r"[\s\u3000]+", "", cell_text(value)).replace("／", "/")
    if text in TICK_TRUE:
        return True
    if text in TICK_FALSE:
        return False
    return None


# 公开渠道和载体: label and the other names districts write for each standard channel.
CHANNEL_NAMES: dict[str, tuple[str, ...]] = {
    Channel.WEBSITE: ("政府网站", "门户网站", "政府门户网站", "网站"),
    Channel.GAZETTE: ("政府公报", "公报"),
    Channel.NEW_MEDIA: ("两微一端", "政务新媒体", "新媒体", "双微", "微博微信", "政务微博微信"),
    Channel.CONFERENCE: ("发布会/听证会", "发布会", "听证会", "新闻发布会"),
    Channel.BROADCAST: ("广播电视", "广播", "电视"),
    Channel.PRINT: ("纸质媒体", "报刊", "报纸"),
    Channel.READING_POINT: ("公开查阅点", "查阅点", "政府信息公开查阅点", "信息公开查阅点"),
    Channel.SERVICE_CENTER: ("政务服务中心", "政务服务大厅", "行政服务中心"),
    Channel.CONVENIENCE_STATION: ("便民服务站", "便民服务中心", "便民服务点"),
    Channel.ON_SITE: ("入户/现场", "入户", "现场"),
    Channel.BULLETIN_BOARD: (
        "社区/企事业单位/村公示栏（电子屏）",
        "社区/企事业单位/村公示栏",
        "公示栏（电子屏）",
        "公示栏",
        "公开栏",
        "电子屏",
        "社区公示栏",
        "村公示栏",
        "村务公开栏",
        "公告栏",
    ),
    Channel.TARGETED_PUSH: ("精准推送",),
    Channel.HOTLINE: ("12345政务服务热线", "12345热线", "政务服务热线", "12345"),
    Channel.OTHER: ("其他",),
}


def _channel_key(name: str) -> str:
    return norm_label(name).strip("、，,；;。.:：")


# The first name of each channel is its standard name (the Channel label, kept here untranslated).
CHANNEL_LOOKUP: dict[str, str] = {
    _channel_key(name): value for value, names in CHANNEL_NAMES.items() for name in names
}

REQUIRED_MARKS = "■☑"
OPTIONAL_MARKS = "□☐"
_CHANNEL_SPLIT_RE = re.compile(r"[、，,；;\n]+")


def parse_channels(text: str) -> tuple[list[tuple[str, bool]], list[str]]:
    """``"■政府网站■两微一端□公开查阅点"`` → ([(website, True), (new_media, True), (reading_point, False)], []).

    ■ marks a required channel, □ an optional one; a name without a mark is required. The second list holds
    the names that are no standard channel. A channel named twice is kept once (required if either is)."""
    found: dict[str, bool] = {}
    unknown: list[str] = []
    marks = REQUIRED_MARKS + OPTIONAL_MARKS
    for chunk in re.findall(rf"[{marks}]?[^{marks}]*", text or ""):
        if not chunk:
            continue
        required = chunk[0] not in OPTIONAL_MARKS
        body = chunk[1:] if chunk[0] in marks else chunk
        for name in _CHANNEL_SPLIT_RE.split(body):
            key = _channel_key(name)
            if not key:
                continue
            value = CHANNEL_LOOKUP.get(key)
            if value is None:
                unknown.append(name.strip())
            else:
                found[value] = found.get(value, False) or required
    return list(found.items()), unknown


def format_channels(channels: Iterable[tuple[str, bool]]) -> str:
    """The standard way to write a channel list: ``■政府网站■两微一端□公开查阅点``."""
    return "".join(("■" if required else "□") + CHANNEL_NAMES[value][0] for value, required in channels)


_ELEMENT_SPLIT_RE = re.compile(r"[●•◆▪\n]+")


def split_elements(text: str) -> list[str]:
    """The "●" elements of 公开内容 (also one per line); a text without marks is one element."""
    pieces = (piece.strip().rstrip("；;，,、").strip() for piece in _ELEMENT_SPLIT_RE.split(text or ""))
    return [piece for piece in pieces if piece]


def format_elements(elements: Iterable[str]) -> str:
    return "\n".join(f"●{text}" for text in elements)


_BASIS_RE = re.compile(
    r"《(?P<name>[^《》]{1,200})》\s*"
    r"(?:[（(](?P<number>[^（）()]{0,60}?(?:号|令)[^（）()]{0,20})[）)])?\s*"
    r"(?P<article>第[^《》，,；;。、\s]{1,20}?条(?:第[^《》，,；;。、\s]{1,10}?款)?)?"
)


def parse_bases(text: str) -> list[tuple[str, str, str]]:
    """The 《documents》 a 公开依据 text cites, as (name, document number, article)."""
    seen: dict[tuple[str, str], tuple[str, str, str]] = {}
    for match in _BASIS_RE.finditer(text or ""):
        name = match.group("name").strip()
        number = (match.group("number") or "").strip()[:80]
        article = (match.group("article") or "").strip()[:100]
        if name:
            seen.setdefault((name, article), (name, number, article))
    return list(seen.values())


FIVE_PUBLIC_WORDS = {
    "决策": FivePublic.DECISION,
    "执行": FivePublic.EXECUTION,
    "管理": FivePublic.MANAGEMENT,
    "服务": FivePublic.SERVICE,
    "结果": FivePublic.RESULT,
}
FIVE_PUBLIC_NAMES = {value: word for word, value in FIVE_PUBLIC_WORDS.items()}


def parse_five_public(text: str) -> str | None:
    """ "决策"/"决策公开" → FivePublic.DECISION; "" → ""; unknown → None."""
    key = norm_label(text).removesuffix("公开")
    if not key:
        return ""
    return FIVE_PUBLIC_WORDS.get(key)


def five_public_word(value: str) -> str:
    return FIVE_PUBLIC_NAMES.get(value, "")


# -- writing ----------------------------------------------------------------------------------------------


def safe_text(value) -> str:
    """Text for a cell: characters xlsx cannot hold removed, formula triggers escaped."""
    return escape_text(ILLEGAL_CHARACTERS_RE.sub("", str(value or "")))


@dataclass(frozen=True)
class ExportColumn:
    key: str
    label: str
    group: str = ""  # the merged label above (公开事项, 公开对象…), "" for a column merged over both rows
    width: float = 10


def export_columns(with_level3: bool) -> list[ExportColumn]:
    """The standard layout (standards §1), 区级|街道级|社区级 tiers, then the extra columns."""
    levels = [ExportColumn("l1", "一级事项", "公开事项", 14), ExportColumn("l2", "二级事项", "公开事项", 16)]
    if with_level3:
        levels.append(ExportColumn("l3", "三级事项", "公开事项", 16))
    return [
        ExportColumn("seq", "序号", "", 6),
        *levels,
        ExportColumn("content", "公开内容（要素）", "", 42),
        ExportColumn("basis", "公开依据", "", 32),
        ExportColumn("time_limit", "公开时限", "", 24),
        ExportColumn("subject", "公开主体", "", 14),
        ExportColumn("channels", "公开渠道和载体", "", 22),
        ExportColumn("audience_public", "全社会", "公开对象", 7),
        ExportColumn("audience_specific", "特定群体", "公开对象", 7),
        ExportColumn("mode_proactive", "主动", "公开方式", 6),
        ExportColumn("mode_on_request", "依申请", "公开方式", 7),
        ExportColumn("tier_district", "区级", "公开层级", 6),
        ExportColumn("tier_street", "街道级", "公开层级", 7),
        ExportColumn("tier_community", "社区级", "公开层级", 7),
        ExportColumn("five_public", "五公开", "", 8),
        ExportColumn("form", "公开形式", "", 12),
        ExportColumn("duration", "公开时长", "", 12),
        ExportColumn("responsible_office", "责任科室", "", 12),
        ExportColumn("is_negative", "负面清单", "", 8),
        ExportColumn("negative_ground", "不予公开依据", "", 24),
    ]


TICK_KEYS = {
    "audience_public",
    "audience_specific",
    "mode_proactive",
    "mode_on_request",
    "tier_district",
    "tier_street",
    "tier_community",
    "is_negative",
}


def own_row(data: dict) -> bool:
    """Does an item with sub-items carry data of its own (so it needs a row, not only a label)?"""
    return bool(
        data.get("elements")
        or data.get("content")
        or data.get("time_limit_text")
        or data.get("subject_text")
        or data.get("basis_text")
        or data.get("channels")
        or data.get("tiers")
        or data.get("is_negative")
    )


def export_row_values(data: dict, path: tuple[str, ...], seq: int) -> dict[str, object]:
    """One item's cells, keyed by column key, from :func:`catalog.snapshot.item_data`-shaped data."""
    tiers = set(data.get("tiers", []))
    elements = data.get("elements") or []
    return {
        "seq": seq,
        "l1": path[0],
        "l2": path[1] if len(path) > 1 else "",
        "l3": "/".join(path[2:]),
        "content": format_elements(elements) if elements else data.get("content", ""),
        "basis": data.get("basis_text", ""),
        "time_limit": data.get("time_limit_text", ""),
        "subject": data.get("subject_text", ""),
        "channels": format_channels((c["channel"], c["required"]) for c in data.get("channels", [])),
        "audience_public": "全社会" in data.get("audience", []),
        "audience_specific": "特定群体" in data.get("audience", []),
        "mode_proactive": "主动" in data.get("mode", []),
        "mode_on_request": "依申请" in data.get("mode", []),
        "tier_district": "district" in tiers,
        "tier_street": "street" in tiers,
        "tier_community": "community" in tiers,
        "five_public": five_public_word(data.get("five_public", "")),
        "form": data.get("form", ""),
        "duration": data.get("duration", ""),
        "responsible_office": data.get("responsible_office", ""),
        "is_negative": data.get("is_negative", False),
        "negative_ground": data.get("negative_ground", ""),
    }


_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=16)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


@dataclass
class SheetRows:
    """What goes on one sheet: the field, its title, and its rows as (path, item data) in catalog order."""

    sheet_name: str
    title: str
    rows: list[tuple[tuple[str, ...], dict]]


def write_sheet(wb, spec: SheetRows) -> int:
    """Write one field's sheet in the standard layout; returns the number of item rows."""
    ws = wb.create_sheet(title=spec.sheet_name[:31])
    with_level3 = any(len(path) > 2 for path, _ in spec.rows)
    columns = export_columns(with_level3)
    ncols = len(columns)
    last = get_column_letter(ncols)

    ws["A1"] = safe_text(spec.title)
    ws["A1"].font = _TITLE_FONT
    ws["A1"].alignment = _CENTER
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 32

    # Two-row header: a grouped column has its group above (merged across the group) and its label below;
    # a plain column's label is merged over both rows.
    col = 1
    while col <= ncols:
        column = columns[col - 1]
        if column.group:
            end = col
            while end < ncols and columns[end].group == column.group:
                end += 1
            ws.cell(row=2, column=col, value=column.group)
            if end > col:
                ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=end)
            for c in range(col, end + 1):
                ws.cell(row=3, column=c, value=columns[c - 1].label)
            col = end + 1
        else:
            ws.cell(row=2, column=col, value=column.label)
            ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
            col += 1
    for row in (2, 3):
        for c in range(1, ncols + 1):
            cell = ws.cell(row=row, column=c)
            cell.font, cell.fill, cell.alignment, cell.border = _HEADER_FONT, _HEADER_FILL, _CENTER, _BORDER
    for c, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = column.width

    first_data = 4
    for offset, (path, data) in enumerate(spec.rows):
        values = export_row_values(data, path, offset + 1)
        r = first_data + offset
        for c, column in enumerate(columns, start=1):
            value = values[column.key]
            if column.key in TICK_KEYS:
                value = TICK if value else None
                align = _CENTER
            elif column.key == "seq":
                align = _CENTER
            else:
                value = safe_text(value) or None
                align = _WRAP
            cell = ws.cell(row=r, column=c, value=value)
            cell.alignment, cell.border = align, _BORDER

    # Merge the 一级 (and, with 三级, the 二级) label over the rows of its group, as districts publish it.
    def merge_runs(column_key: str, depth: int) -> None:
        if column_key not in [c.key for c in columns]:
            return
        c = [col.key for col in columns].index(column_key) + 1
        start = 0
        for i in range(1, len(spec.rows) + 1):
            same = (
                i < len(spec.rows)
                and len(spec.rows[i][0]) >= depth
                and len(spec.rows[start][0]) >= depth
                and spec.rows[i][0][:depth] == spec.rows[start][0][:depth]
            )
            if same:
                ws.cell(row=first_data + i, column=c).value = None
                continue
            if i - start > 1:
                ws.merge_cells(
                    start_row=first_data + start, start_column=c, end_row=first_data + i - 1, end_column=c
                )
            start = i

    merge_runs("l1", 1)
    if with_level3:
        merge_runs("l2", 2)

    content_col = [c.key for c in columns].index("content") + 1
    ws.freeze_panes = ws.cell(row=first_data, column=content_col).coordinate
    ws.print_title_rows = "2:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return len(spec.rows)


def write_workbook(out, sheets: list[SheetRows]) -> int:
    """Write the sheets to ``out`` (a path or a binary file); returns the number of item rows."""
    wb = openpyxl.Workbook()
    default = wb.active
    total = sum(write_sheet(wb, spec) for spec in sheets)
    if sheets:
        wb.remove(default)
    else:
        default.title = "目录"
        default["A1"] = "没有可导出的领域（请先在“试点领域”中启用本区的领域）。"
    wb.properties.creator = "基层政务公开标准化规范化平台"
    wb.properties.title = "政务公开事项标准目录"
    wb.save(out)
    return total


# -- export -----------------------------------------------------------------------------------------------


@dataclass
class ExportSummary:
    sheets: int
    items: int  # item rows written
    source: str  # "工作副本" or "第N版"


def _sheet_rows(items: list[dict]) -> list[tuple[tuple[str, ...], dict]]:
    """Items of one field (in catalog order: parents before children) as rows (names from the 一级 down,
    data). An item with sub-items gets a row of its own only when it carries data of its own."""
    paths: dict[str, tuple[str, ...]] = {}
    has_children = {data.get("parent_code") for data in items if data.get("parent_code")}
    rows = []
    for data in items:
        parent = paths.get(data.get("parent_code") or "")
        paths[data["code"]] = (parent or ()) + (data["name"],)
        if data["code"] not in has_children or own_row(data):
            rows.append((paths[data["code"]], data))
    return rows


def export_catalog(out, *, field_code: str | None = None, edition=None) -> ExportSummary:
    """Write the catalog in the standard layout, one sheet per active field (or the one ``field_code``
    names). The source is the office's working copy, or ``edition`` (a CatalogEdition): what it froze."""
    from django.conf import settings

    from domains.models import Domain

    from .models import PublishedItem
    from .snapshot import item_data, items_for_snapshot

    if field_code:
        domains = list(Domain.objects.filter(code=field_code))
        if not domains:
            raise WorkbookRefused(f"未知的领域代码「{field_code}」。")
    else:
        domains = list(Domain.objects.active().order_by("order", "id"))
    codes = {d.code for d in domains}
    if edition is None:
        data = [item_data(item) for item in items_for_snapshot().filter(domain__code__in=codes)]
        source, suffix = "工作副本", ""
    else:
        entries = PublishedItem.objects.filter(edition=edition, domain__code__in=codes).order_by("position")
        data = [entry.data for entry in entries]
        source, suffix = f"第{edition.number}版", f"（第{edition.number}版）"
    by_domain: dict[str, list[dict]] = {}
    for entry in data:
        by_domain.setdefault(entry["domain_code"], []).append(entry)
    district = getattr(settings, "PORTAL_DISTRICT_NAME", "")
    sheets = [
        SheetRows(
            d.name,
            f"{district}{d.name}领域基层政务公开标准目录{suffix}",
            _sheet_rows(by_domain.get(d.code, [])),
        )
        for d in domains
    ]
    total = write_workbook(out, sheets)
    return ExportSummary(len(sheets), total, source)
