"""Reading a workbook's cells (catalog.excel.safety.read_book) from the XML as Excel, WPS and openpyxl write it:
shared strings, inline strings, rich-text runs, numbers, booleans, formulas, empty cells, cells without a
reference, and the strict OOXML namespace — the usual cells take a shorter path, all must read the same."""

import io
import zipfile

import pytest

from catalog.excel import WorkbookRefused, read_book

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

SHARED = (
    "<si><t>公开内容</t></si>"
    "<si><r><t>区</t></r><r><rPr><b/></rPr><t>教育局</t></r></si>"  # rich text: two runs
    "<si><t>招生</t><rPh sb='0' eb='1'><t>ZHAO</t></rPh></si>"  # a phonetic guide, left out
    "<si><t/></si>"
)
CELLS = (
    '<row r="1">'
    '<c r="A1" t="s"><v>0</v></c>'
    '<c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c>'
    '<c r="D1" t="s"><v>3</v></c>'
    "</row>"
    '<row r="3">'  # row 2 absent
    '<c r="A3" t="inlineStr"><is><t>同上</t></is></c>'
    '<c r="B3" t="inlineStr"><is><r><t>■政府</t></r><r><t>网站</t></r></is></c>'
    '<c r="C3" t="inlineStr"><is><t xml:space="preserve"> √ </t></is></c>'
    '<c r="D3" t="inlineStr"><is><t></t></is></c>'
    '<c r="E3" t="inlineStr"></c>'
    '<c r="F3" s="2"></c>'
    '<c r="H3"><v>20</v></c>'  # G3 absent
    '<c r="I3" t="n"><v>2.5</v></c>'
    '<c r="J3" t="b"><v>1</v></c>'
    '<c r="K3" t="str"><v>文本</v></c>'
    "</row>"
    "<row>"  # no r: the next row (4); cells without r: the next column
    "<c><v>7</v></c>"
    '<c t="inlineStr"><is><t>乙</t></is></c>'
    '<c r="AB4" t="s"><v>0</v></c>'
    "</row>"
)


def workbook(cells: str = CELLS, *, ns: str = MAIN, shared: str | None = SHARED, merges: str = "") -> bytes:
    """A one-sheet workbook; ``ns`` is the namespace of the sheet and the shared strings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            f'<sheet name="义务教育" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{ns}"><sheetData>{cells}</sheetData>{merges}</worksheet>',
        )
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{ns}">{shared}</sst>')
    return buffer.getvalue()


EXPECTED = [
    ["公开内容", "区教育局", "招生", ""],
    [],
    ["同上", "■政府网站", " √ ", "", None, None, None, 20, 2.5, True, "文本"],
    [7, "乙", *[None] * 25, "公开内容"],
]


def test_every_kind_of_cell_reads_as_its_value():
    book = read_book(workbook())
    sheet = book.sheets[0]
    assert sheet.title == "义务教育" and sheet.state == "visible"
    assert sheet.rows == EXPECTED
    assert book.formulas == []
    assert book.data_rows == 3


def test_the_strict_namespace_reads_the_same():
    """Cells in another namespace (strict OOXML's) are read by the general reader, the short path being
    for the usual namespace."""
    book = read_book(workbook(ns=STRICT))
    assert book.sheets[0].rows == EXPECTED


def test_formula_cells_are_listed_whatever_their_cached_value():
    cells = (
        '<row r="2"><c r="A2" t="s"><v>0</v></c>'
        '<c r="C2" t="str"><f>A2&amp;"x"</f><v>公开内容x</v></c>'
        '<c r="D2"><f>1+1</f></c></row>'
        '<row r="5"><c r="B5"><f>SUM(A1:A2)</f><v>3</v></c></row>'
    )
    book = read_book(workbook(cells))
    assert book.formulas == [("义务教育", 2, 3), ("义务教育", 2, 4), ("义务教育", 5, 2)]
    assert book.sheets[0].rows[1] == ["公开内容", None, "公开内容x", None]


def test_merged_ranges_are_read_from_the_same_xml():
    merges = '<mergeCells count="2"><mergeCell ref="A3:A4"/><mergeCell ref="B1:D1"/></mergeCells>'
    book = read_book(workbook(merges=merges))
    assert book.sheets[0].merged == [(3, 1, 4, 1), (1, 2, 1, 4)]


def test_a_shared_string_index_out_of_range_refuses_the_file():
    with pytest.raises(WorkbookRefused, match="无法读取工作簿"):
        read_book(workbook('<row r="1"><c r="A1" t="s"><v>99</v></c></row>'))


def test_an_entity_bomb_is_refused():
    """The "billion laughs" (entities of entities, 10^10 characters) is refused by the parser's
    amplification limit before it is expanded."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    sheet = f'<!DOCTYPE worksheet [{entities}]><worksheet xmlns="{MAIN}"><sheetData>'
    sheet += '<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row></sheetData></worksheet>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook())) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, sheet if info.filename.endswith("sheet1.xml") else source.read(info))
    with pytest.raises(WorkbookRefused, match="无法读取工作簿"):
        read_book(buffer.getvalue())


# -- a workbook whose zip directory lies (issue 28, 2) --------------------------------------------------------
def _lying_workbook(actual_bytes: int, declared: int = 1000) -> bytes:
    """A one-sheet workbook whose sheet unpacks to ``actual_bytes`` while the zip (central directory and local
    header) declares ``declared``."""
    import struct

    filler = b"<!--" + b" " * (actual_bytes - 7) + b"-->"
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData/>'.encode() + filler + b"</worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            f'<sheet name="义务教育" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    data = bytearray(buffer.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header: uncompressed size
    central = data.find(b"PK\x01\x02")
    while central != -1:
        (name_len,) = struct.unpack_from("<H", data, central + 28)
        if data[central + 46 : central + 46 + name_len] == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, central + 24, declared)  # central directory: uncompressed size
            break
        central = data.find(b"PK\x01\x02", central + 4)
    lied = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    assert lied.file_size == declared  # the directory now lies
    return bytes(data)


def test_a_workbook_whose_zip_directory_lies_is_refused_without_unpacking_it():
    """The probe's file: small declared sizes, ~200 MB of real data. It is refused while reading, the memory
    used staying far below what the data unpacks to (measured, not trusted from the directory)."""
    import tracemalloc

    from catalog.excel import safety

    data = _lying_workbook(200 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookRefused):
            read_book(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1024 / 1024:.0f} MB"
    assert safety.MAX_UNCOMPRESSED_BYTES < 200 * 1024 * 1024


def test_unpacked_bytes_are_counted_while_reading(monkeypatch):
    """Each member is decompressed as a stream with a running count over the archive, stopping at the limit
    (whatever the directory declared), and a member whose real data outgrows its declared size is refused."""
    from catalog.excel import safety

    data = _lying_workbook(5 * 1024 * 1024, declared=1000)
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 6 * 1024 * 1024)
    with pytest.raises(WorkbookRefused):
        read_book(data)
    archive = zipfile.ZipFile(io.BytesIO(_lying_workbook(5 * 1024 * 1024, declared=5 * 1024 * 1024 + 1)))
    archive.unpacked = 0
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 2 * 1024 * 1024)
    with pytest.raises(WorkbookRefused, match="解压后过大"):
        safety._read_member(archive, "xl/worksheets/sheet1.xml")
    assert archive.unpacked <= 2 * 1024 * 1024 + safety.READ_CHUNK
