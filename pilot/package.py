"""The 验收包 (acceptance package): one zip with an index (``索引.xlsx`` and ``索引.html``: every task with its
units, status, progress and files, with each file's path in the zip and SHA-256), the 总结报告 skeleton
(``总结报告.docx``), and every current evidence file under its task's folder (``佐证材料/<编号>_<名称>/``).
Tasks without evidence are listed too, so the gaps show. Withdrawn files are left out."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.uploads import EXTENSIONS

from . import reports
from .models import Evidence, Plan, Task
from .selectors import number_key, tasks_of

ROOT = "佐证材料"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _safe(text: str, limit: int = 40) -> str:
    return _UNSAFE.sub("_", text).strip(" ._")[:limit] or "_"


@dataclass(frozen=True)
class Entry:
    task: Task
    evidence: Evidence | None
    path: str


def entries(plan: Plan) -> list[Entry]:
    """One entry per current evidence file (its path in the zip), and one per task without any."""
    found: list[Entry] = []
    for task in sorted(tasks_of(plan), key=lambda t: number_key(t.number)):
        folder = f"{ROOT}/{_safe(task.number, 20)}_{_safe(task.title)}"
        files = list(task.evidence.all())
        if not files:
            found.append(Entry(task, None, ""))
        for n, evidence in enumerate(files, start=1):
            extension = EXTENSIONS.get(evidence.content_type, (".bin",))[0]
            found.append(Entry(task, evidence, f"{folder}/{n:02d}_{_safe(evidence.title)}{extension}"))
    return found


HEADER = (
    "编号", "层级", "任务", "牵头单位", "配合单位", "完成时限", "状态", "进度（%）", "材料名称", "包内路径", "SHA-256",
    "大小（字节）", "上传时间",
)  # fmt: skip


def _row(entry: Entry) -> list[object]:
    t, e = entry.task, entry.evidence
    return [
        t.number, t.get_level_display(), t.title, t.lead_unit.name, "、".join(u.name for u in t.cooperating.all()),
        t.deadline.isoformat(), t.get_status_display(), t.progress, e.title if e else _("（无佐证材料）"), entry.path,
        e.sha256 if e else "", e.size if e else "",
        timezone.localtime(e.uploaded_at).strftime("%Y-%m-%d %H:%M") if e else "",
    ]  # fmt: skip


def index_xlsx(plan: Plan, rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "索引"
    sheet.append([_("%(plan)s 验收材料索引") % {"plan": plan.name}])
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def index_html(plan: Plan, rows: list[list[object]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADER)
    body = []
    for row in rows:
        cells: list[str] = [escape(str(v)) for v in row]
        path = row[9]
        if path:
            cells[9] = f'<a href="{escape(path)}">{escape(path)}</a>'
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    title = escape(_("%(plan)s 验收材料索引") % {"plan": plan.name})
    return (
        f'<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><title>{title}</title>'
        "<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}</style></head>"
        f"<body><h1>{title}</h1><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        "</body></html>"
    )


def build(plan: Plan) -> bytes:
    """The zip's bytes (built in memory: evidence files are at most 20 MB each, a pilot has dozens)."""
    found = entries(plan)
    rows = [_row(e) for e in found]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("索引.xlsx", index_xlsx(plan, rows))
        archive.writestr("索引.html", index_html(plan, rows))
        archive.writestr("总结报告.docx", reports.to_docx(reports.summary(plan)))
        for entry in found:
            if entry.evidence is None:
                continue
            with entry.evidence.file.open("rb") as fh:
                archive.writestr(entry.path, fh.read())
    return out.getvalue()


def count(plan: Plan) -> int:
    """How many evidence files the package carries."""
    return sum(1 for entry in entries(plan) if entry.evidence is not None)
