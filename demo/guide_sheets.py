"""DEMO DATA ONLY: the text of a 办事指南 record and its printable attachment, both built from a catalog service
guide (:class:`catalog.models.ServiceGuide`), so the record, its DOCX and the guide on the item page say the same.

The sections follow the elements of the 最低生活保障办事指南 item (申请条件、申请材料、办理流程及时限、受理地点和
咨询电话、监督投诉渠道). The DOCX is written with python-docx and passes :func:`publishing.files.check_upload`
like any upload; it holds no personal data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.html import escape

NUMERALS = "一二三四五六七八九十"


@dataclass
class GuideSheet:
    """What a 办事指南 record says: its sections (heading, paragraphs) and the two tables of the printable copy."""

    title: str
    unit_name: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    materials: list[tuple[str, str, str]] = field(default_factory=list)  # name, copies, note
    steps: list[tuple[str, str, str]] = field(default_factory=list)  # name, actor, time limit


def _ordered(rows):
    return sorted(rows, key=lambda r: (r.order, r.pk or 0))


def contact_lines(unit, *, bureau=None, streets=(), place: str = "") -> list[str]:
    """Where to apply and whom to call, built from the units, never from another unit's copy: ``unit``'s own
    address and phone first, then ``place`` (the guide's words on where to apply), then the district ``bureau``
    that answers for the guide (when it is not ``unit``), then — in the bureau's own copy — the ``streets`` that
    accept applications, each with its phone."""
    lines = [f"{unit.name}：{unit.address}，咨询电话 {unit.phone}。"] if unit.address and unit.phone else []
    if place:
        lines.append(place)
    if bureau is not None and bureau.pk != unit.pk and bureau.phone:
        lines.append(f"{bureau.name}咨询电话 {bureau.phone}。")
    listed = [f"{s.name} {s.phone}" for s in streets if s.phone and s.pk != unit.pk]
    if listed:
        lines.append("各街道咨询电话：" + "；".join(listed) + "。")
    return lines


def guide_sheet(guide, unit, *, bureau=None, streets=(), title: str = "", intro: str = "") -> GuideSheet:
    """The sections of ``guide`` as ``unit`` publishes it (under ``title``): its own address and phone first, and
    no other street's (see :func:`contact_lines`; the guide's own 咨询电话 sentence, written for the district-wide
    guide page, is not copied)."""
    materials = _ordered(guide.materials.all())
    steps = _ordered(guide.steps.all())
    conditions = [guide.applicants] + [line for line in guide.conditions.splitlines() if line.strip()]
    material_lines = [
        f"{i}. {m.name}" + (f"（{m.copies}）" if m.copies else "") + (f"：{m.note}" if m.note else "")
        for i, m in enumerate(materials, start=1)
    ]
    step_lines = [
        f"{i}. {s.name}（承办：{s.actor}；时限：{s.time_limit_text}）：{s.description}"
        for i, s in enumerate(steps, start=1)
    ]
    if guide.total_time_limit:
        step_lines.append(f"办理时限：{guide.total_time_limit}。")
    sections = [
        ("申请条件", [c for c in conditions if c.strip()]),
        ("申请材料", material_lines),
        ("办理流程及时限", step_lines),
        ("受理地点和咨询电话", contact_lines(unit, bureau=bureau, streets=streets, place=guide.place)),
        ("监督投诉渠道", [guide.supervision]),
        ("办理依据和收费", [guide.basis, f"收费：{guide.fee}。"]),
    ]
    sections = [(heading, [p for p in paras if p]) for heading, paras in sections]
    if intro:
        sections.insert(0, ("", [intro]))
    return GuideSheet(
        title=title or guide.title,
        unit_name=unit.name,
        sections=sections,
        materials=[(m.name, m.copies, m.note) for m in materials],
        steps=[(s.name, s.actor, s.time_limit_text) for s in steps],
    )


def sheet_html(sheet: GuideSheet) -> str:
    """The record's body: one bold heading per section, a paragraph per line (tags the sanitizer keeps)."""
    parts = []
    number = 0
    for heading, paragraphs in sheet.sections:
        if heading:
            parts.append(f"<p><strong>{NUMERALS[number]}、{escape(heading)}</strong></p>")
            number += 1
        parts += [f"<p>{escape(p)}</p>" for p in paragraphs]
    parts.append("<p>附件：本指南打印版（可下载打印，张贴于社区公示栏）。</p>")
    return "".join(parts)


def sheet_docx(sheet: GuideSheet) -> bytes:
    """The printable copy: title, the sections, and the materials and steps as tables."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    document.core_properties.title = sheet.title
    document.core_properties.author = sheet.unit_name
    heading = document.add_heading(sheet.title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number = 0
    for title, paragraphs in sheet.sections:
        if title:
            document.add_heading(f"{NUMERALS[number]}、{title}", level=2)
            number += 1
        if title == "申请材料" and sheet.materials:
            _table(document, ("序号", "材料名称", "份数", "说明"), sheet.materials)
            continue
        if title == "办理流程及时限" and sheet.steps:
            _table(document, ("序号", "环节", "承办", "本环节时限"), sheet.steps)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    document.add_paragraph(sheet.unit_name).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for i, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(i), *row), strict=True):
            cell.text = text
