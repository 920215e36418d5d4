"""The drift report (偏差报告): per street or community, how its catalog stands against its tier's template.

For each unit of the tier: the template items in force it lacks (neither adopted nor excluded: added after the
edition it adopted, or the unit adopted nothing yet), its exclusions without a reason, and its local items that
duplicate a template item (the same name once normalised — :func:`catalog.excel.cells.norm_label`, the
importer's — or nearly the same: a similarity of at least :data:`NEAR`). Text (``manage.py tier_drift``), the
admin page and an xlsx export all read :func:`drift_report`.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

import openpyxl
from django.utils import timezone
from openpyxl.styles import Font

from organizations.models import Unit

from ..excel.cells import norm_label
from ..excel.export import safe_text
from ..models import CatalogEdition
from .catalogs import UnitCatalog, read_catalogs, template_entries
from .models import Adoption, TemplateTier, TierTemplate

#: Two names at least this similar (difflib's ratio over the normalised names) are "near-same".
NEAR = 0.8
LACKING, NO_REASON, DUPLICATE = "lacking", "no_reason", "duplicate"
KIND_LABELS = {LACKING: "缺少模板事项", NO_REASON: "不适用未说明理由", DUPLICATE: "自增事项与模板事项重复"}


def name_key(name: str) -> str:
    """A name for comparing: width-folded, no spaces, asterisks or bracket variants."""
    return norm_label(unicodedata.normalize("NFKC", name or ""))


def similarity(a: str, b: str) -> float:
    a, b = name_key(a), name_key(b)
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b).ratio()


@dataclass
class Finding:
    kind: str
    code: str
    name: str
    note: str = ""

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class UnitDrift:
    unit: Unit
    adopted: int | None  # the edition number adopted, None: no adoption
    lag: int = 0
    findings: list[Finding] = field(default_factory=list)
    adoption_id: int | None = None
    #: exclusions with a reason and local items: what the unit's catalog changes, not drift
    excluded: int = 0
    local: int = 0

    def of(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]


@dataclass
class DriftReport:
    tier: str
    template: TierTemplate | None
    edition: CatalogEdition | None
    template_items: int
    units: list[UnitDrift]
    today: date

    @property
    def drifting(self) -> list[UnitDrift]:
        return [u for u in self.units if u.findings or u.adopted is None]


def _duplicates(catalog: UnitCatalog) -> list[Finding]:
    out = []
    for item in catalog.local:
        best, score = None, 0.0
        for data in catalog.current.values():
            s = similarity(item.name, data.get("name", ""))
            if s > score:
                best, score = data, s
        if best is not None and score >= NEAR:
            same = "同名" if score == 1.0 else f"近似（相似度{score:.2f}）"
            note = f"与模板事项 {best.get('code', '')}「{best.get('name', '')}」{same}"
            out.append(Finding(DUPLICATE, item.code, item.name, note))
    return out


def _unit_drift(catalog: UnitCatalog) -> UnitDrift:
    a = catalog.adoption
    drift = UnitDrift(
        unit=a.unit,
        adopted=a.edition.number,
        lag=catalog.lag,
        adoption_id=a.pk,
        excluded=len(catalog.excluded_with_reason),
        local=len(catalog.local),
    )
    for item_id in catalog.lacking:
        data = catalog.current[item_id]
        note = "模板新增，尚未采用" if catalog.lag else "未采用也未标注不适用"
        drift.findings.append(Finding(LACKING, data.get("code", ""), data.get("name", ""), note))
    names = {**catalog.adopted, **catalog.current}
    for item_id, reason in catalog.excluded.items():
        if not reason.strip():
            data = names.get(item_id, {})
            drift.findings.append(
                Finding(NO_REASON, data.get("code", ""), data.get("name", ""), "未填写不适用的理由")
            )
    drift.findings += _duplicates(catalog)
    return drift


def drift_report(tier: str, today: date | None = None) -> DriftReport:
    """The report for every active unit of ``tier`` (street / community), in the unit tree's order."""
    if tier not in TemplateTier.values:
        raise ValueError(tier)
    template = TierTemplate.objects.filter(tier=tier, is_active=True).first()
    edition = CatalogEdition.objects.current()
    entries = template_entries(template, edition) if template and edition else {}
    catalogs = {
        c.adoption.unit_id: c
        for c in read_catalogs(Adoption.objects.filter(template=template), current=edition)
    }
    units = []
    for unit in Unit.objects.filter(is_active=True, tier=tier).order_by("tree_id", "lft"):
        catalog = catalogs.get(unit.pk)
        if catalog is not None:
            units.append(_unit_drift(catalog))
            continue
        missing = UnitDrift(unit=unit, adopted=None)
        for data in entries.values():
            missing.findings.append(
                Finding(LACKING, data.get("code", ""), data.get("name", ""), "尚未采用模板")
            )
        units.append(missing)
    return DriftReport(tier, template, edition, len(entries), units, today or timezone.localdate())


def _heading(report: DriftReport) -> str:
    tier = TemplateTier(report.tier).label
    if report.template is None:
        return f"{tier}目录偏差报告：尚未设定{tier}目录模板"
    number = report.edition.number if report.edition else "—"
    return (
        f"{tier}目录偏差报告（{report.today:%Y-%m-%d}）：模板「{report.template.title}」现行第{number}版，"
        f"模板事项 {report.template_items} 项，单位 {len(report.units)} 个，有偏差 {len(report.drifting)} 个"
    )


def unit_line(u: UnitDrift) -> str:
    if u.adopted is None:
        state = "尚未采用模板"
    elif u.lag:
        state = f"采用第{u.adopted}版（落后{u.lag}版）"
    else:
        state = f"采用第{u.adopted}版（与现行版一致）"
    own = [f"不适用 {u.excluded} 项（已说明理由）"] * bool(u.excluded) + [f"自增 {u.local} 项"] * bool(
        u.local
    )
    if own:
        state += "，" + "、".join(own)
    counts = "，".join(f"{KIND_LABELS[k]} {len(u.of(k))} 项" for k in KIND_LABELS if u.of(k))
    return f"{u.unit.name}（{u.unit.code}）：{state}；" + (counts or "无偏差")


def as_text(report: DriftReport) -> str:
    lines = [_heading(report)]
    for u in report.units:
        lines.append(unit_line(u))
        for f in u.findings:
            lines.append(f"  - {f.label}：{f.code}「{f.name}」{('：' + f.note) if f.note else ''}")
    totals = {k: sum(len(u.of(k)) for u in report.units) for k in KIND_LABELS}
    lines.append("合计：" + "，".join(f"{KIND_LABELS[k]} {n} 项" for k, n in totals.items()))
    return "\n".join(lines) + "\n"


COLUMNS = ("单位", "单位代码", "采用版次", "现行版次", "落后版数", "偏差类型", "事项编码", "事项名称", "说明")


def as_xlsx(report: DriftReport) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = f"{TemplateTier(report.tier).label}偏差"
    sheet.append([safe_text(_heading(report))])
    sheet.append(list(COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    current = report.edition.number if report.edition else ""
    for u in report.units:
        adopted = u.adopted if u.adopted is not None else "未采用"
        base = [safe_text(u.unit.name), safe_text(u.unit.code), adopted, current, u.lag]
        if not u.findings:
            sheet.append([*base, "无偏差", "", "", ""])
        for f in u.findings:
            sheet.append([*base, f.label, safe_text(f.code), safe_text(f.name), safe_text(f.note)])
    for letter, width in zip("ABCDEFGHI", (22, 14, 9, 9, 9, 20, 16, 36, 48), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
