"""The comment periods of public consultations (征求意见期限), per kind of draft: pure rules over the workdays
engine (no models). The rules, in the State Council's words:

- 重大行政决策 (``major``): 《重大行政决策程序暂行条例》（国务院令第713号）第十五条第二款 "公开征求意见的期限一般
  不少于30日；因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明。" — 30 natural days.
- 涉企政策 (``enterprise``): 《优化营商环境条例》（国务院令第722号）第六十二条 "……应当通过报纸、网络等向社会公开
  征求意见，并建立健全意见采纳情况反馈机制。向社会公开征求意见的期限一般不少于30日。" — 30 natural days.
- 行政规范性文件 (``normative``): 《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）,
  as the 法治政府示范创建 indicator quotes it (xjbtnss.gov.cn 法治政府示范建设 指标24): "对公民、法人和其他组织权利
  义务有重大影响、涉及人民群众切身利益的行政规范性文件，在向社会公开征求意见时，期限一般不少于7个工作日（与市场
  主体生产经营活动密切相关的行政规范性文件，期限一般不少于30日）" — 7 working days.

**Counting.** Natural days unless the rule says 工作日; the day the consultation opens is not counted (民法典
第二百零一条), and a natural-day period whose last day is a day off ends on the next working day (第二百零三条) —
both by :mod:`workdays.engine`, which also counts the working days (holidays and 调休上班 from the State Council's
notices). The form stays open to the end (24:00, Beijing time) of the closing day.

**Shorter periods.** "一般不少于" allows a shorter period for a reason (情况紧急等), which must be published with
the consultation: a period under the rule without a reason is refused (:class:`PeriodError`).

**The feedback report** (意见采纳情况说明) is due within :data:`FEEDBACK_WORKDAYS` working days after the
meeting that decided (区政府 may set another): 七星关区 政务公开 工作方案 (seed 001) "在作出决策后5个工作日内按
有关意见进行公开；已公开征求意见的，应附意见征集和采纳情况说明".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from workdays import engine

BEIJING = ZoneInfo("Asia/Shanghai")
MAJOR, ENTERPRISE, NORMATIVE = "major", "enterprise", "normative"
FEEDBACK_WORKDAYS = 5
#: The longest period the office may set (a year), and the shortest (one day).
MAX_DAYS = 366

UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"


class PeriodError(ValueError):
    """A period the rules refuse (the message is Chinese, for the officer or the operator)."""


@dataclass(frozen=True)
class Rule:
    """The rule of one kind of consultation: at least ``days`` natural days (or working days)."""

    code: str
    name: str
    days: int
    workdays: bool
    basis: str

    @property
    def unit_label(self) -> str:
        return _("个工作日") if self.workdays else _("日（自然日）")

    def words(self) -> str:
        return _("%(name)s：公开征求意见期限一般不少于 %(days)d %(unit)s（%(basis)s）") % {
            "name": self.name,
            "days": self.days,
            "unit": self.unit_label,
            "basis": self.basis,
        }


NATIONAL: dict[str, Rule] = {
    MAJOR: Rule(MAJOR, "重大行政决策", 30, False, "《重大行政决策程序暂行条例》（国务院令第713号）第十五条"),
    ENTERPRISE: Rule(ENTERPRISE, "涉企政策", 30, False, "《优化营商环境条例》（国务院令第722号）第六十二条"),
    NORMATIVE: Rule(
        NORMATIVE,
        "行政规范性文件",
        7,
        True,
        "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）",
    ),
}


@dataclass(frozen=True)
class Period:
    """A consultation's period: opened on ``opens``, ``days`` long, last day ``closes`` (inclusive)."""

    rule: Rule
    opens: date
    days: int
    closes: date
    earliest: date  # the earliest lawful closing day under the rule (the rule's days)
    shortened: bool
    reason: str
    due: engine.DueDate

    @property
    def closes_at(self) -> datetime:
        return end_of_day(self.closes)


def count(opens: date, days: int, workdays: bool) -> engine.DueDate:
    """The last day of a period of ``days`` (working days or natural days) opened on ``opens`` (not counted)."""
    return engine.add_workdays(opens, days) if workdays else engine.add_calendar_days(opens, days)


def period(rule: Rule, opens: date, days: int | None = None, reason: str = "") -> Period:
    """The period of a consultation of ``rule`` opening on ``opens``: the rule's days, or ``days`` — longer at
    will, shorter only with a ``reason`` (published with it)."""
    days = rule.days if days is None else int(days)
    reason = (reason or "").strip()
    if not 1 <= days <= MAX_DAYS:
        raise PeriodError(_("征求意见期限应为 1 至 %(max)d 天。") % {"max": MAX_DAYS})
    shortened = days < rule.days
    if shortened and not reason:
        raise PeriodError(
            _(
                "%(name)s的征求意见期限一般不少于 %(min)d %(unit)s；缩短为 %(days)d %(unit)s须说明理由并随征求意见一并公布。"
            )
            % {"name": rule.name, "min": rule.days, "days": days, "unit": rule.unit_label}
        )
    due = count(opens, days, rule.workdays)
    return Period(
        rule=rule,
        opens=opens,
        days=days,
        closes=due.due,
        earliest=count(opens, rule.days, rule.workdays).due,
        shortened=shortened,
        reason=reason if shortened else "",
        due=due,
    )


def explain(p: Period) -> list[str]:
    """The period in plain Chinese lines: the rule, the count (every day skipped and why), a shortening's reason."""
    lines = [p.rule.words()]
    if p.shortened:
        lines.append(
            _("本次缩短为 %(days)d %(unit)s，理由（随征求意见公布）：%(reason)s")
            % {"days": p.days, "unit": p.rule.unit_label, "reason": p.reason}
        )
    elif p.days > p.rule.days:
        lines.append(
            _("本次设定 %(days)d %(unit)s，长于规定的最短期限。")
            % {"days": p.days, "unit": p.rule.unit_label}
        )
    lines.extend(engine.explain(p.due))
    lines.append(_("意见征集截至 %(day)s 24:00（北京时间）。") % {"day": p.closes.isoformat()})
    return lines


def end_of_day(day: date) -> datetime:
    """The first moment after ``day`` in Beijing (the form closes at 24:00 of its last day)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=BEIJING)


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BEIJING)


def state(opens_at: datetime, closes_at: datetime, now: datetime) -> str:
    """Where a consultation stands at ``now``: before its opening, open, or closed (computed, never stored)."""
    if now < opens_at:
        return UPCOMING
    return OPEN if now < closes_at else CLOSED


def feedback_due(decided_on: date, workdays: int = FEEDBACK_WORKDAYS) -> date:
    """The day the feedback report is due: ``workdays`` working days after the decision (七星关: 5)."""
    return engine.add_workdays(decided_on, workdays).due


# -- hearings (听证): the materials clock -------------------------------------------------------------------------
#: 《重大行政决策程序暂行条例》第十七条: "听证材料……至少在听证会举行7日前送达听证参加人" — natural days, counted
#: back from the hearing's start: the materials are on time if sent no later than the hearing's time minus 7×24 h.
MATERIALS_DAYS = 7
#: The desk warns this many days before the materials' deadline while they are not yet sent.
MATERIALS_WARN_DAYS = 3
MATERIALS_ON_TIME, MATERIALS_LATE = "on_time", "late"
MATERIALS_WAITING, MATERIALS_DUE_SOON, MATERIALS_MISSED = "waiting", "due_soon", "missed"


def materials_deadline(hearing_at: datetime) -> datetime:
    """The latest moment the hearing's materials may reach the participants: 7 natural days before it."""
    return hearing_at - timedelta(days=MATERIALS_DAYS)


def materials_clock(hearing_at: datetime, sent_at: datetime | None, now: datetime) -> str:
    """Where the materials clock stands: sent on time or late; not sent yet — waiting, due soon, or missed."""
    deadline = materials_deadline(hearing_at)
    if sent_at is not None:
        return MATERIALS_ON_TIME if sent_at <= deadline else MATERIALS_LATE
    if now > deadline:
        return MATERIALS_MISSED
    if now >= deadline - timedelta(days=MATERIALS_WARN_DAYS):
        return MATERIALS_DUE_SOON
    return MATERIALS_WAITING
