"""The reply clock of 条例 第三十条至第三十三条, on the working-day engine.

* the period is 20 working days from receipt, the day of receipt not counted (第三十三条);
* a 补正 notice goes out within 7 working days of receipt; the period then runs **afresh** from receipt of
  the correction (第三十条) — it is not a pause;
* a third-party consultation does not count (第三十二条): the days from the day the letter goes out to the
  day the last reply arrives, both inclusive, are skipped; an unanswered consultation runs to ``today``;
* one extension of at most 20 working days, approved by the office head and notified (第三十三条第二款).

Every due date explains itself: :func:`explain` lists the rules applied and every day skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from workdays import engine

REPLY_WORKDAYS = 20
CORRECTION_NOTICE_WORKDAYS = 7
MAX_EXTENSION_WORKDAYS = 20
THIRD_PARTY_WORKDAYS = 15
CONSULTATION_REASON = "征求第三方意见（条例第三十二条，不计入答复期限）"
FEE_REASON = "收费通知至缴费（国办函〔2020〕109号，不计入答复期限）"


@dataclass(frozen=True)
class Clock:
    """A request's reply deadline and how it came about."""

    received: date
    start: date
    correction_received: date | None
    consultations: tuple[tuple[date, date], ...]
    extension_days: int
    due: engine.DueDate
    fee_pause: tuple[date, date] | None = None

    @property
    def due_date(self) -> date:
        return self.due.due


def reply_due(
    *,
    received: date,
    correction_received: date | None = None,
    consultations: Sequence[tuple[date, date | None]] = (),
    extension_days: int = 0,
    fee_notice: tuple[date, date | None] | None = None,
    today: date | None = None,
) -> Clock:
    """The reply deadline. ``consultations`` are (letter sent, last reply) pairs; a reply of None means the
    consultation is still running and is counted up to ``today``."""
    if not isinstance(extension_days, int) or isinstance(extension_days, bool):
        raise TypeError(_("延长天数应为整数。"))
    if not 0 <= extension_days <= MAX_EXTENSION_WORKDAYS:
        raise ValueError(
            _("延长答复期限不得超过{MAX_EXTENSION_WORKDAYS}个工作日（条例第三十三条）。").format(
                MAX_EXTENSION_WORKDAYS=MAX_EXTENSION_WORKDAYS
            )
        )
    if correction_received is not None and correction_received < received:
        raise ValueError(_("收到补正日期不能早于收到申请日期。"))
    start = correction_received or received
    pauses = []
    for sent, replied in consultations:
        end = replied or today or date.today()
        if end < sent:
            raise ValueError(_("征求意见结束日期不能早于开始日期。"))
        if sent < received:
            raise ValueError(_("征求意见开始日期不能早于收到申请日期。"))
        pauses.append((sent, end, CONSULTATION_REASON))
    consultations_used = tuple((p[0], p[1]) for p in pauses)
    if fee_notice is not None:
        notified, paid = fee_notice
        pauses.append((notified, paid or today or date.today(), FEE_REASON))
    due = engine.add_workdays(start, REPLY_WORKDAYS + extension_days, pauses=pauses)
    return Clock(
        received=received,
        start=start,
        correction_received=correction_received,
        consultations=consultations_used,
        extension_days=extension_days,
        due=due,
        fee_pause=(pauses[-1][0], pauses[-1][1]) if fee_notice is not None else None,
    )


def correction_notice_due(received: date) -> engine.DueDate:
    """The last day for the one-time 补正 notice: 7 working days after receipt (条例 第三十条)."""
    return engine.add_workdays(received, CORRECTION_NOTICE_WORKDAYS)


def third_party_due(sent: date) -> engine.DueDate:
    """The third party's 15 working days to answer (条例 第三十二条)."""
    return engine.add_workdays(sent, THIRD_PARTY_WORKDAYS)


def explain(clock: Clock) -> list[str]:
    """The rules applied, then the engine's day-by-day account; the last line names the due date."""
    lines = [f"收到申请日期 {clock.received.isoformat()}（条例第三十一条）。"]
    if clock.correction_received:
        lines.append(
            f"收到补正日期 {clock.correction_received.isoformat()}：答复期限自收到补正之日起重新计算（条例第三十条）。"
        )
    for sent, replied in clock.consultations:
        lines.append(
            f"征求第三方意见 {sent.isoformat()} 至 {replied.isoformat()}（首尾两日均含），"
            "所需时间不计算在答复期限内（条例第三十二条）。"
        )
    if clock.fee_pause:
        lines.append(
            f"发出收费通知 {clock.fee_pause[0].isoformat()} 至缴费 {clock.fee_pause[1].isoformat()}，"
            "不计算在答复期限内（国办函〔2020〕109号）。"
        )
    total = REPLY_WORKDAYS + clock.extension_days
    if clock.extension_days:
        lines.append(
            f"经政府信息公开工作机构负责人同意延长 {clock.extension_days} 个工作日（条例第三十三条第二款），"
            f"共 {total} 个工作日。"
        )
    else:
        lines.append(f"答复期限 {REPLY_WORKDAYS} 个工作日（条例第三十三条）。")
    lines.extend(engine.explain(clock.due))
    return lines


@dataclass(frozen=True)
class Remaining:
    """Time left to a due date in working days (``days`` >= 0), or how many working days it is late.

    Never calendar days and never negative: a request due last Friday reads "逾期 2 个工作日" on Tuesday
    (Monday and Tuesday), not "-4"."""

    due: date
    days: int
    overdue: bool

    @property
    def label(self) -> str:
        if self.overdue:
            if self.days == 0:  # past the due date, but no working day has passed since (a weekend)
                return _("已过答复期限（逾期不足 1 个工作日）")
            return _("逾期 {n} 个工作日").format(n=self.days)
        if self.days == 0:
            return _("今日到期")
        return _("剩余 {n} 个工作日").format(n=self.days)


def remaining(due: date, today: date) -> Remaining:
    """Working days left from ``today`` to ``due`` (``today`` not counted, ``due`` counted), or, after the
    due date, the working days since it (the due date not counted, ``today`` counted) — on the engine."""
    if due >= today:
        return Remaining(due=due, days=engine.count_workdays(today, due), overdue=False)
    return Remaining(due=due, days=engine.count_workdays(due, today), overdue=True)
