"""A corpus of real published catalogs (政务公开事项标准目录), copied cell by cell into xlsx fixtures.

Each :class:`Source` is one workbook as a district, county or town government site publishes it: the same
title rows, the same one- or two-row header with its merged cells, the same cell texts (line breaks, stray
spaces, 同上, ■/□ channel lists, numbered elements), the same vertical merges. The source page is cited in
``url``; where a government page is only reachable through a copy on another domain the note says so.
Where the page lost information in its HTML (which tick sits in which column) the ticks follow the printed
order of the ticks on the page.

``expected`` lists, per item row, what the importer must read from the row, element by element.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import openpyxl
from openpyxl.utils import range_boundaries


@dataclass
class Expected:
    """What one item row must import as."""

    path: tuple[str, ...]
    elements: list[str]
    bases: list[str]  # document names, in order
    time_limit: str
    kind: str  # the rule's kind: deadline | periodic | continuous | as_progress | unparsed
    subject: str
    channels: list[tuple[str, bool]]  # (channel value, required), in order
    tiers: set[str]
    audience: tuple[bool, bool] = (True, False)
    mode: tuple[bool, bool] = (True, False)
    five_public: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # channel value → original words kept
    rule: dict = field(default_factory=dict)  # keys of the rule's to_dict() that must match
    field: str = ""  # the domain code when it is not the source's (a second sheet of another field)


@dataclass
class Sheet:
    name: str
    rows: list[list]  # cell values from A1, row by row
    merges: list[str] = field(default_factory=list)


@dataclass
class Source:
    key: str
    field: str  # domain code
    url: str
    publisher: str
    sheets: list[Sheet]
    expected: list[Expected]
    options: dict = field(default_factory=dict)  # parse_workbook keyword arguments (tier=…)
    note: str = ""

    def build(self) -> bytes:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for spec in self.sheets:
            ws = wb.create_sheet(spec.name)
            for r, cells in enumerate(spec.rows, start=1):
                for c, value in enumerate(cells, start=1):
                    if value is not None and value != "":
                        ws.cell(row=r, column=c, value=value)
            for ref in spec.merges:
                min_col, min_row, max_col, max_row = range_boundaries(ref)
                # openpyxl keeps only the top-left value of a merged range, as Excel does
                for r in range(min_row, max_row + 1):
                    for c in range(min_col, max_col + 1):
                        if (r, c) != (min_row, min_col):
                            ws.cell(row=r, column=c).value = None
                ws.merge_cells(ref)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def all_sources() -> list[Source]:
    from .catalogs import SOURCES

    return SOURCES
