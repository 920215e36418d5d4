"""Import a unit's request ledger (依申请公开登记台账) from Excel: all or nothing, idempotent on 受理编号.

The header row holds 受理编号, 申请人类型, 申请方式, 收到申请日期, 申请内容, 补正通知日期, 收到补正日期,
征求意见开始日期, 征求意见结束日期, 是否延期, 答复日期, 处理结果, 具体情形 (any order, within the first ten rows).
Every row is checked before anything is written; one bad cell refuses the whole file, with the row and the
column in the message. A 受理编号 already imported for the unit is updated in place, so importing the same
file twice changes nothing.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions as perms
from organizations.models import Unit

from . import clock
from .categories import REASONS, ApplicantType, Channel, Result
from .models import Consultation, DisclosureRequest, Event, Status

HEADERS = [
    "受理编号",
    "申请人类型",
    "申请方式",
    "收到申请日期",
    "申请内容",
    "补正通知日期",
    "收到补正日期",
    "征求意见开始日期",
    "征求意见结束日期",
    "是否延期",
    "答复日期",
    "处理结果",
    "具体情形",
]
REQUIRED = ["受理编号", "申请人类型", "申请方式", "收到申请日期", "申请内容", "答复日期", "处理结果"]
MAX_ROWS = 20000
MAX_BYTES = 20 * 1024 * 1024
LEDGER_NAME = "（台账导入）"
EXTENSION_DAYS = 20

APPLICANT_TYPES = {str(t.label): t.value for t in ApplicantType} | {"个人": "natural", "公民": "natural"}
CHANNELS = {
    "网上申请": Channel.ONLINE,
    "网上": Channel.ONLINE,
    "在线申请": Channel.ONLINE,
    "网络": Channel.ONLINE,
    "当面": Channel.IN_PERSON,
    "当面申请": Channel.IN_PERSON,
    "当面提交": Channel.IN_PERSON,
    "现场": Channel.IN_PERSON,
    "信函": Channel.LETTER,
    "信函申请": Channel.LETTER,
    "邮寄": Channel.LETTER,
    "快递": Channel.LETTER,
    "传真": Channel.FAX,
    "电子邮件": Channel.EMAIL,
    "邮件": Channel.EMAIL,
    "电子邮箱": Channel.EMAIL,
}
RESULTS = {str(r.label): r.value for r in Result}
_PREFIX = re.compile(r"^[（(][一二三四五六七][）)]")


class LedgerError(ValueError):
    """The file is refused; ``errors`` lists every problem as "第N行「列」：…"."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("台账未导入（未写入任何数据）：\n" + "\n".join(errors[:200]))


@dataclass
class LedgerRow:
    line: int
    reference: str
    applicant_type: str
    channel: str
    received_on: date
    description: str
    correction_requested_on: date | None
    correction_received_on: date | None
    consult_from: date | None
    consult_to: date | None
    extended: bool
    replied_on: date | None
    result: str
    reason: int
    due_date: date | None = None


@dataclass
class LedgerResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list[LedgerRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


# -- reading ---------------------------------------------------------------------------------------------
def _open(fileobj):
    from openpyxl import load_workbook

    size = getattr(fileobj, "size", None)
    if size is not None and size > MAX_BYTES:
        raise LedgerError([f"文件超过 {MAX_BYTES // (1024 * 1024)} MB。"])
    try:
        return load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise LedgerError([f"不是有效的 Excel（xlsx）文件：{type(exc).__name__}"]) from exc


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, where: str, errors: list[str]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not m:
        errors.append(f"{where}：无法识别的日期「{text[:30]}」（应为 YYYY-MM-DD）")
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        errors.append(f"{where}：不存在的日期「{text[:30]}」")
        return None


def _header(rows) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:10]):
        names = [_cell_text(v) for v in row]
        if "受理编号" in names:
            return index, {name: i for i, name in enumerate(names) if name}
    return None


def _outcome(result_text: str, reason_text: str, where: str, errors: list[str]) -> tuple[str, int]:
    label = _PREFIX.sub("", result_text).split("（")[0].strip()
    result = RESULTS.get(label)
    if result is None:
        errors.append(f"{where}「处理结果」：无法识别「{result_text[:30]}」（应为表三的六类结果之一）")
        return "", 0
    if result not in REASONS:
        return result, 0
    reasons = REASONS[result]
    m = re.match(r"^\s*(\d+)\s*[.．、]?\s*(.*)$", reason_text)
    if m and m[1].isdigit() and 1 <= int(m[1]) <= len(reasons):
        return result, int(m[1])
    for i, text in enumerate(reasons, start=1):
        if reason_text and (reason_text == text or reason_text in text):
            return result, i
    errors.append(f"{where}「具体情形」：「{reason_text[:40]}」不是“{label}”的具体情形")
    return result, 0


def _check_dates(r: LedgerRow, where: str, errors: list[str], today: date) -> None:
    named = [
        ("收到申请日期", r.received_on),
        ("补正通知日期", r.correction_requested_on),
        ("收到补正日期", r.correction_received_on),
        ("征求意见开始日期", r.consult_from),
        ("征求意见结束日期", r.consult_to),
        ("答复日期", r.replied_on),
    ]
    for name, value in named:
        if value and (value > today or value.year < 2008):
            errors.append(f"{where}「{name}」：{value.isoformat()} 不在 2008 年至今天之间")
    order = [
        ("收到申请日期", r.received_on),
        ("补正通知日期", r.correction_requested_on),
        ("收到补正日期", r.correction_received_on),
    ]
    previous = None
    for name, value in order:
        if value and previous and value < previous[1]:
            errors.append(
                f"{where}「{name}」：{value.isoformat()} 早于「{previous[0]}」{previous[1].isoformat()}"
            )
        if value:
            previous = (name, value)
    if r.correction_received_on and not r.correction_requested_on:
        errors.append(f"{where}「收到补正日期」：没有补正通知日期")
    if bool(r.consult_from) != bool(r.consult_to) and not (r.consult_from and r.replied_on is None):
        errors.append(f"{where}「征求意见结束日期」：征求意见的开始与结束日期应同时填写")
    if r.consult_from and r.consult_from < r.received_on:
        errors.append(f"{where}「征求意见开始日期」：早于收到申请日期")
    if r.consult_from and r.consult_to and r.consult_to < r.consult_from:
        errors.append(f"{where}「征求意见结束日期」：早于开始日期")
    start = r.correction_received_on or r.received_on
    if r.replied_on and r.replied_on < start:
        errors.append(
            f"{where}「答复日期」：{r.replied_on.isoformat()} 早于收到申请（或补正）日期 {start.isoformat()}"
        )


def _parse_row(values: dict, line: int, errors: list[str], today: date) -> LedgerRow | None:
    where = f"第{line}行"
    before = len(errors)
    text = {k: _cell_text(v) for k, v in values.items()}
    for name in ("受理编号", "申请人类型", "申请方式", "收到申请日期", "申请内容"):
        if not text.get(name):
            errors.append(f"{where}「{name}」：不能为空")
    if len(text.get("受理编号", "")) > 50:
        errors.append(f"{where}「受理编号」：超过50个字符")
    if len(text.get("申请内容", "")) > 5000:
        errors.append(f"{where}「申请内容」：超过5000字")
    applicant = APPLICANT_TYPES.get(text.get("申请人类型", ""))
    if text.get("申请人类型") and applicant is None:
        errors.append(
            f"{where}「申请人类型」：「{text['申请人类型'][:20]}」应为 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他"
        )
    channel = CHANNELS.get(text.get("申请方式", ""))
    if text.get("申请方式") and channel is None:
        errors.append(
            f"{where}「申请方式」：无法识别「{text['申请方式'][:20]}」（如 网上申请、当面、信函、传真、电子邮件）"
        )
    dates = {
        name: _date(values.get(name), f"{where}「{name}」", errors)
        for name in (
            "收到申请日期",
            "补正通知日期",
            "收到补正日期",
            "征求意见开始日期",
            "征求意见结束日期",
            "答复日期",
        )
    }
    extended_text = text.get("是否延期", "")
    if extended_text not in ("", "是", "否"):
        errors.append(f"{where}「是否延期」：应为 是 或 否")
    result, reason = "", 0
    if dates["答复日期"]:
        if not text.get("处理结果"):
            errors.append(f"{where}「处理结果」：已填答复日期，须填写处理结果")
        else:
            result, reason = _outcome(text["处理结果"], text.get("具体情形", ""), where, errors)
    elif text.get("处理结果"):
        errors.append(f"{where}「答复日期」：已填处理结果，须填写答复日期（空白表示尚在办理）")
    if len(errors) > before or dates["收到申请日期"] is None:
        return None
    row = LedgerRow(
        line=line,
        reference=text["受理编号"],
        applicant_type=applicant,
        channel=channel,
        received_on=dates["收到申请日期"],
        description=text["申请内容"],
        correction_requested_on=dates["补正通知日期"],
        correction_received_on=dates["收到补正日期"],
        consult_from=dates["征求意见开始日期"],
        consult_to=dates["征求意见结束日期"],
        extended=extended_text == "是",
        replied_on=dates["答复日期"],
        result=result,
        reason=reason,
    )
    _check_dates(row, where, errors, today)
    return row if len(errors) == before else None


def read(fileobj, *, today: date | None = None) -> list[LedgerRow]:
    """Every row of the ledger, checked; LedgerError with all problems otherwise. Nothing is written."""
    today = today or timezone.localdate()
    wb = _open(fileobj)
    try:
        rows = list(wb.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 20))
    finally:
        wb.close()
    found = _header(rows)
    if found is None:
        raise LedgerError(["没有找到表头行（应含「受理编号」等列）。"])
    header_at, columns = found
    missing = [h for h in REQUIRED if h not in columns]
    if missing:
        raise LedgerError([f"表头缺少列：{'、'.join(missing)}"])
    errors: list[str] = []
    parsed: list[LedgerRow] = []
    seen: dict[str, int] = {}
    body = rows[header_at + 1 :]
    if len(body) > MAX_ROWS:
        raise LedgerError([f"台账超过 {MAX_ROWS} 行，请分批导入。"])
    for offset, raw in enumerate(body):
        line = header_at + 2 + offset
        if raw is None or all(v is None or _cell_text(v) == "" for v in raw):
            continue
        values = {name: (raw[i] if i < len(raw) else None) for name, i in columns.items() if name in HEADERS}
        row = _parse_row(values, line, errors, today)
        if row is None:
            continue
        if row.reference in seen:
            errors.append(f"第{line}行「受理编号」：{row.reference} 与第{seen[row.reference]}行重复")
            continue
        seen[row.reference] = line
        parsed.append(row)
    if errors:
        raise LedgerError(errors)
    if not parsed:
        raise LedgerError(["台账没有数据行。"])
    for row in parsed:
        row.due_date = _due(row, today)
    return parsed


def _due(row: LedgerRow, today: date) -> date:
    consultations = [(row.consult_from, row.consult_to)] if row.consult_from else []
    return clock.reply_due(
        received=row.received_on,
        correction_received=row.correction_received_on,
        consultations=consultations,
        extension_days=EXTENSION_DAYS if row.extended else 0,
        today=today,
    ).due_date


# -- writing ---------------------------------------------------------------------------------------------
FIELDS = [
    "applicant_type",
    "channel",
    "received_on",
    "description",
    "correction_requested_on",
    "correction_received_on",
    "extension_days",
    "replied_on",
    "result",
    "result_reason",
    "status",
    "due_date",
]


def _values(row: LedgerRow) -> dict:
    if row.replied_on:
        status = Status.CLOSED
    elif row.correction_requested_on and not row.correction_received_on:
        status = Status.CORRECTION
    elif row.consult_from and not row.consult_to:
        status = Status.CONSULTING
    else:
        status = Status.RECEIVED
    return {
        "applicant_type": row.applicant_type,
        "channel": row.channel,
        "received_on": row.received_on,
        "description": row.description,
        "correction_requested_on": row.correction_requested_on,
        "correction_received_on": row.correction_received_on,
        "extension_days": EXTENSION_DAYS if row.extended else 0,
        "replied_on": row.replied_on,
        "result": row.result,
        "result_reason": row.reason,
        "status": status,
        "due_date": row.due_date,
    }


@transaction.atomic
def import_ledger(*, user, unit: Unit, fileobj, dry_run: bool = False) -> LedgerResult:
    """Read, check and write the ledger in one transaction; ``dry_run`` checks and counts, writing nothing.
    New rows are written in bulk (with their history rows); changed rows one by one."""
    perms.require(user, perms.ADD, "foi", unit)
    if not perms.can(user, perms.CHANGE, "foi", unit):
        raise PermissionDenied(_("无权导入该单位的台账。"))
    rows = read(fileobj)
    wanted = {row.reference for row in rows}
    existing = {
        r.reference: r
        for r in DisclosureRequest.objects.select_for_update(of=("self",))
        .filter(unit=unit)
        .prefetch_related("consultations")
        .iterator(chunk_size=2000)
        if r.reference in wanted
    }
    clash = [row for row in rows if row.reference in existing and not existing[row.reference].imported]
    if clash:
        raise LedgerError(
            [
                f"第{row.line}行「受理编号」：{row.reference} 已由系统登记（非台账导入），不能覆盖"
                for row in clash
            ]
        )
    result = LedgerResult(rows=rows)
    new_rows, changed = [], []
    for row in rows:
        request = existing.get(row.reference)
        if request is None:
            new_rows.append(row)
        elif all(getattr(request, k) == v for k, v in _values(row).items()) and _same_consultation(
            request, row
        ):
            result.unchanged += 1
        else:
            changed.append((request, row))
    result.created, result.updated = len(new_rows), len(changed)
    if dry_run:
        transaction.set_rollback(True)
        return result
    _create(user, unit, new_rows)
    today = timezone.localdate()
    for request, row in changed:
        for k, v in _values(row).items():
            setattr(request, k, v)
        request.save()
        Event.objects.create(
            request=request,
            action="import",
            label="台账重新导入，数据更新",
            on=today,
            actor=user,
            public=False,
        )
        _sync_consultation(request, row)
    return result


def _create(user, unit: Unit, rows: list[LedgerRow]) -> None:
    from simple_history.utils import bulk_create_with_history

    objs = [
        DisclosureRequest(
            unit=unit,
            reference=row.reference,
            applicant_name=LEDGER_NAME,
            imported=True,
            created_by=user,
            receipt_note="台账导入",
            **_values(row),
        )
        for row in rows
    ]
    created = bulk_create_with_history(
        objs, DisclosureRequest, batch_size=500, default_change_reason="台账导入"
    )
    by_reference = {obj.reference: obj for obj in created}
    if any(obj.pk is None for obj in created):  # a backend that returns no keys: read them back
        by_reference = {
            r.reference: r
            for r in DisclosureRequest.objects.filter(unit=unit, reference__in=list(by_reference))
        }
    Event.objects.bulk_create(
        [
            Event(
                request=by_reference[row.reference],
                action="import",
                label="收到申请（台账导入）",
                on=row.received_on,
                actor=user,
                public=False,
            )
            for row in rows
        ],
        batch_size=1000,
    )
    bulk_create_with_history(
        [
            Consultation(
                request=by_reference[row.reference],
                third_party="（台账导入）",
                sent_on=row.consult_from,
                replied_on=row.consult_to,
            )
            for row in rows
            if row.consult_from
        ],
        Consultation,
        batch_size=1000,
        default_change_reason="台账导入",
    )


def _same_consultation(request: DisclosureRequest, row: LedgerRow) -> bool:
    first = min(request.consultations.all(), key=lambda c: c.pk, default=None)
    if first is None:
        return row.consult_from is None
    return (first.sent_on, first.replied_on) == (row.consult_from, row.consult_to)


def _sync_consultation(request: DisclosureRequest, row: LedgerRow) -> None:
    first = request.consultations.order_by("id").first()
    if row.consult_from is None:
        return
    if first is None:
        Consultation.objects.create(
            request=request, third_party="（台账导入）", sent_on=row.consult_from, replied_on=row.consult_to
        )
    elif (first.sent_on, first.replied_on) != (row.consult_from, row.consult_to):
        first.sent_on, first.replied_on = row.consult_from, row.consult_to
        first.save()
