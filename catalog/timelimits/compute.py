"""Due dates from a time-limit rule: the period an event falls in, and the deadline the engine counts."""

from __future__ import annotations

from datetime import date, timedelta

from workdays import engine

from .rule import Kind, Period, TimeLimitRule, Unit


def period_bounds(period: Period, day: date) -> tuple[date, date]:
    """The period containing ``day``: (its first day, its last day)."""
    period = Period(period)
    if period is Period.MONTH:
        first_month, months = day.month, 1
    elif period is Period.QUARTER:
        first_month, months = (day.month - 1) // 3 * 3 + 1, 3
    elif period is Period.HALF_YEAR:
        first_month, months = 1 if day.month <= 6 else 7, 6
    else:
        first_month, months = 1, 12
    first = date(day.year, first_month, 1)
    next_month = first_month + months
    if next_month > 12:
        after = date(day.year + 1, next_month - 12, 1)
    else:
        after = date(day.year, next_month, 1)
    return first, after - timedelta(days=1)


def due_for(rule: TimeLimitRule, event_date: date):
    """The due date of ``rule`` for an event on ``event_date``, as ``workdays.engine.DueDate``.

    ``None`` for rules with no computable due date (CONTINUOUS, AS_PROGRESS, UNPARSED). Only the main rule
    is computed; pass an entry of ``rule.alternatives`` to compute a special limit.

    The engine does the counting: the start day is not counted; working days follow the calendar; a period
    in calendar days or months whose last day is a day off ends on the next working day (民法典 art. 203),
    and ``DueDate.nominal_due`` keeps the unmoved date.

    * DEADLINE: ``event_date`` is the day of the trigger event (formed, decision, receipt, …). Hours have no
      time of day here: N hours count as ceil(N/24) calendar days.
    * PERIODIC: ``event_date`` is the period's last day (any day of the period is taken to mean that
      period). An amount counts from the period's last day; a fixed date (``due_month``/``due_day``) is the
      first such date after the period's end; with neither, the due date is the period's last day.
    """
    if not rule.computable:
        return None
    if rule.kind is Kind.DEADLINE:
        return _count(event_date, rule.amount, rule.unit)
    _start, end = period_bounds(rule.period, event_date)
    if rule.due_month is not None:
        target = date(end.year, rule.due_month, rule.due_day)
        if target <= end:
            target = date(end.year + 1, rule.due_month, rule.due_day)
        return engine.add_calendar_days(end, (target - end).days)
    if rule.amount is None:
        return engine.add_calendar_days(end, 0)
    return _count(end, rule.amount, rule.unit)


def _count(start: date, amount: int, unit: Unit):
    if unit is Unit.WORKDAYS:
        return engine.add_workdays(start, amount)
    if unit is Unit.DAYS:
        return engine.add_calendar_days(start, amount)
    if unit is Unit.MONTHS:
        return engine.add_months(start, amount)
    return engine.add_calendar_days(start, -(-amount // 24))  # HOURS, rounded up to whole days
