"""The 公示 period of a posting: pure rules over the workdays engine (no models).

**Which period.** Each catalog item that is posted on boards has its own rule (:class:`~boards.models.PostingPeriod`):
N 日 (natural days) or N 工作日. It is read from the item's own wording where the wording says it ("公示7天",
"公示期不少于10个工作日", in 公开时长, 公开时限 or the content), else from the national rules below by the item's
name, else the office sets it:

- 最低生活保障 拟确认对象 (低保审核确认办法 第十五条): 公示 7 days — :data:`DEFAULTS` ``dibao`` (some local
  catalogs say 7 个工作日: the item's wording wins).
- 征地 预公告 (《土地管理法实施条例》（国务院令第743号）第二十六条): 不少于 10 个工作日.
- 征地补偿安置方案 (同条例 第二十八条): 不少于 30 日, with the objection channel stated.

**Counting**, as the deadline engine counts (DESIGN.md "The time-limit rule"): the posting day is not counted;
working days skip weekends and statutory holidays and include 调休 make-up days; a natural-day period whose last
day is a day off ends on the next working day (民法典 第二百零三条). The sheet stays up to the end of that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from catalog.timelimits.parse import normalise
from workdays import engine

MAX_DAYS = 366


class PeriodError(ValueError):
    """A period the rules refuse (the message is Chinese)."""


@dataclass(frozen=True)
class Rule:
    days: int
    workdays: bool
    basis: str = ""

    @property
    def unit_label(self) -> str:
        return _("个工作日") if self.workdays else _("日")

    def words(self) -> str:
        return _("公示期 %(days)d %(unit)s") % {"days": self.days, "unit": self.unit_label}


#: National rules by the words of an item's name: (words that must all appear, rule).
DEFAULTS: tuple[tuple[tuple[str, ...], Rule], ...] = (
    (("低保",), Rule(7, False, "最低生活保障审核确认办法 第十五条：拟确认对象公示 7 天")),
    (("最低生活保障",), Rule(7, False, "最低生活保障审核确认办法 第十五条：拟确认对象公示 7 天")),
    (
        ("征地", "预公告"),
        Rule(10, True, "《土地管理法实施条例》（国务院令第743号）第二十六条：不少于10个工作日"),
    ),
    (("补偿安置方案",), Rule(30, False, "《土地管理法实施条例》（国务院令第743号）第二十八条：不少于30日")),
)

_WORDING_RE = re.compile(
    r"公示(?:期|时间|期限)?(?:为|不少于|不得少于|不低于|至少)?(?P<n>\d{1,3})(?P<u>工作日|日)"
)


def from_wording(*texts: str) -> Rule | None:
    """The period an item's own words state ("公示7天", "公示期不少于七个工作日"), or None."""
    for text in texts:
        found = _WORDING_RE.search(normalise(text or ""))
        if found:
            return Rule(
                int(found["n"]), found["u"] == "工作日", _("事项文字：%(t)s") % {"t": text.strip()[:200]}
            )
    return None


def from_name(name: str) -> Rule | None:
    """The national rule an item's name points to, or None."""
    for words, rule in DEFAULTS:
        if all(w in name for w in words):
            return rule
    return None


def derive(name: str, *texts: str) -> Rule | None:
    """The item's wording first, else the national rule by its name, else None (the office sets it)."""
    return from_wording(*texts) or from_name(name)


def check(days: int) -> int:
    days = int(days)
    if not 1 <= days <= MAX_DAYS:
        raise PeriodError(_("公示期应为 1 至 %(max)d 天。") % {"max": MAX_DAYS})
    return days


def count(posted_on: date, days: int, workdays: bool) -> engine.DueDate:
    """The last day of a 公示 of ``days`` (working or natural) posted on ``posted_on`` (not counted)."""
    days = check(days)
    return engine.add_workdays(posted_on, days) if workdays else engine.add_calendar_days(posted_on, days)


def explain(posted_on: date, days: int, workdays: bool) -> list[str]:
    """The count in plain Chinese lines (every day skipped and why); the last line names the last day."""
    due = count(posted_on, days, workdays)
    lines = [
        _("张贴日 %(d)s，%(rule)s。") % {"d": posted_on.isoformat(), "rule": Rule(days, workdays).words()}
    ]
    lines.extend(engine.explain(due))
    lines.append(_("公示期至 %(d)s（含当日）。") % {"d": due.due.isoformat()})
    return lines
