"""The hour clocks of 政务舆情回应, computed from the time a 舆情 was found (pure arithmetic: no database; the labels go through gettext).

The rules, in the State Council's words:

- 国办发〔2016〕61号《关于在政务公开工作中进一步做好政务舆情回应的通知》: "对涉及特别重大、重大突发事件的政务舆情，
  要快速反应、及时发声，最迟应在24小时内举行新闻发布会，对其他政务舆情应在48小时内予以回应，并根据工作进展情况，
  持续发布权威信息。"
- 国办发〔2016〕80号《〈关于全面推进政务公开工作的意见〉实施细则》: "对涉及特别重大、重大突发事件的政务舆情，要快速
  反应，最迟要在5小时内发布权威信息，在24小时内举行新闻发布会，并根据工作进展情况，持续发布权威信息".

So a 特别重大 or 重大 突发事件 has two clocks — 权威信息 within 5 hours and 新闻发布会 within 24 hours — and every
other 舆情 (a 较大/一般 one, or a 重大 one that is no 突发事件) has one: 回应 within 48 hours.

**Natural hours.** Both notices count in 小时 ("5小时内", "24小时内", "48小时内"), not in 工作日, and a 舆情 does not
wait for Monday: the deadline is the time found plus that many hours of the clock, across nights, weekends and
holidays alike (the working-day engine is deliberately not used). Times are kept to the minute, in Beijing time.

**What meets a clock.** 权威信息: a released authoritative statement or a press conference (a 新闻发布会 releases
authoritative information too). 新闻发布会: a press conference or briefing (发布会或吹风会). 回应: any response. The
clock is met at the first such response; after it the entry stays "已回应（持续发布）", as the notices ask.

**What stops a clock honestly.** A 舆情 handed to 公安/网信 (61号: "将有关情况和线索移交公安机关、网络监管部门") before a
deadline, and not answered before the handover, is not overdue on that deadline (:data:`HANDED_OVER`); a deadline
already passed at the handover stays missed. A response after the deadline is late, never on time.

**Warnings and escalation** (chosen here; the notices set no warning times): at half the period (2.5 h before a
5-hour deadline, 12 h before 24, 24 h before 48) and one hour before each deadline, the unit's officers are warned;
when a deadline passes unmet, the district office is told (escalation). Each once per entry, clock and step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

BEIJING = ZoneInfo("Asia/Shanghai")

# -- levels (特别重大/重大/较大/一般) -----------------------------------------------------------------------------
EXTREME, MAJOR, LARGE, GENERAL = "extreme", "major", "large", "general"
LEVEL_LABELS = {EXTREME: _l("特别重大"), MAJOR: _l("重大"), LARGE: _l("较大"), GENERAL: _l("一般")}
#: The levels whose 突发事件 run the 5-hour and 24-hour clocks.
SEVERE = frozenset({EXTREME, MAJOR})

# -- the clocks --------------------------------------------------------------------------------------------------
AUTHORITY, PRESS, RESPONSE = "authority", "press", "response"
KIND_LABELS = {AUTHORITY: _l("权威信息"), PRESS: _l("新闻发布会"), RESPONSE: _l("回应")}
HOURS = {AUTHORITY: 5, PRESS: 24, RESPONSE: 48}

#: Which kinds of response meet which clock (a response's kind is one of AUTHORITY, PRESS, RESPONSE).
MEETS = {
    AUTHORITY: frozenset({AUTHORITY, PRESS}),
    PRESS: frozenset({PRESS}),
    RESPONSE: frozenset({AUTHORITY, PRESS, RESPONSE}),
}

# -- warnings and escalation ------------------------------------------------------------------------------------
HALF, HOUR, ESCALATE = "half", "hour", "escalate"
STEP_LABELS = {HALF: _l("过半提醒"), HOUR: _l("到期前 1 小时提醒"), ESCALATE: _l("超时上报")}
WARNINGS = (HALF, HOUR)

# -- a clock's outcome -----------------------------------------------------------------------------------------
RUNNING, ON_TIME, LATE, MISSED, HANDED_OVER = "running", "on_time", "late", "missed", "handed_over"
OUTCOME_LABELS = {
    RUNNING: _l("计时中"),
    ON_TIME: _l("按时"),
    LATE: _l("超时回应"),
    MISSED: _l("未按时回应"),
    HANDED_OVER: _l("已移交（不计超时）"),
}


@dataclass(frozen=True)
class Deadline:
    """One clock of a 舆情: what must happen (``kind``) by when (``due``, aware)."""

    kind: str
    due: datetime
    hours: int

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


def kinds_for(level: str, emergency: bool) -> tuple[str, ...]:
    """The clocks that apply: 权威信息 and 新闻发布会 for a 特别重大/重大 突发事件, else 回应."""
    if level not in LEVEL_LABELS:
        raise ValueError(f"unknown level {level!r}")
    return (AUTHORITY, PRESS) if emergency and level in SEVERE else (RESPONSE,)


def minute(moment: datetime) -> datetime:
    """``moment`` (aware) cut to the minute."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.replace(second=0, microsecond=0)


def deadlines(found_at: datetime, level: str, emergency: bool) -> list[Deadline]:
    """The deadlines of a 舆情 found at ``found_at`` (aware; kept to the minute), in Beijing time."""
    start = minute(found_at).astimezone(BEIJING)
    return [Deadline(k, start + timedelta(hours=HOURS[k]), HOURS[k]) for k in kinds_for(level, emergency)]


def alert_times(deadline: Deadline) -> dict[str, datetime]:
    """When each warning and the escalation of ``deadline`` fall due."""
    return {
        HALF: deadline.due - timedelta(hours=deadline.hours) / 2,
        HOUR: deadline.due - timedelta(hours=1),
        ESCALATE: deadline.due,
    }


def outcome(deadline: Deadline, *, met_at: datetime | None, handed_at: datetime | None, now: datetime) -> str:
    """Where ``deadline`` stands: met on time or late, stopped by a handover, missed, or still running."""
    if handed_at is not None and handed_at <= deadline.due and (met_at is None or met_at > handed_at):
        return HANDED_OVER
    if met_at is not None:
        return ON_TIME if met_at <= deadline.due else LATE
    return MISSED if now > deadline.due else RUNNING


def alerts_due(deadline: Deadline, state: str, now: datetime) -> list[str]:
    """The steps whose time has come for a clock in ``state``: the warnings while it runs, the escalation once it
    is missed; nothing for a met or handed-over clock."""
    if state == MISSED:
        return [ESCALATE]
    if state != RUNNING:
        return []
    times = alert_times(deadline)
    return [step for step in WARNINGS if times[step] <= now]


def span(delta: timedelta) -> str:
    """A duration in words: "3 小时 20 分", "2 小时", "45 分" (whole minutes, rounded down)."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(h)d 小时 %(m)d 分") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)d 小时") % {"h": hours}
    return _("%(m)d 分") % {"m": rest}


def remaining_words(deadline: Deadline, now: datetime) -> str:
    """ "剩余 3 小时 20 分" before the deadline, "已超时 2 小时" after it."""
    if now <= deadline.due:
        return _("剩余 %(span)s") % {"span": span(deadline.due - now)}
    return _("已超时 %(span)s") % {"span": span(now - deadline.due)}


def beijing(moment: datetime) -> str:
    """``moment`` as "YYYY-MM-DD HH:MM" in Beijing time."""
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
