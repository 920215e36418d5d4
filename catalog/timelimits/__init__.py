"""Time-limit rules (公开时限): the computable form of a catalog's free-text time limit.

A catalog row says when its information must be published in words ("信息形成或者变更之日起20个工作日内",
"每季度结束后10日内", "实时公开"). The wording is kept as it is; next to it the item stores a
:class:`TimeLimitRule` (``to_dict()`` in a JSONField) that the deadline code can compute with.

:func:`parse_time_limit` reads the common wordings on import. It never guesses silently: a wording it does
not understand gives ``understood=False`` and a rule of kind ``UNPARSED``, and every default it applies is
said in the note, so the district office can confirm or fix the rule in the admin.

Conventions (documented here because the data depends on them):

* Counting follows Chinese legal practice (DESIGN.md, "The time-limit rule"): the start day is not counted;
  working days skip weekends and statutory holidays and include make-up working days. The counting itself is
  done by ``workdays.engine``; :func:`due_for` only chooses the function and the start date.
* A bare amount in days or working days ("20个工作日", "3日内") counts from the day the information is formed or changed, the
  default of 《政府信息公开条例》 art. 26; the note says so.
* "一周" / "一个星期" is 7 calendar days (unit ``DAYS``), not 5 working days; "N年" is 12·N months. Both
  conversions are said in the note.
* Periodic rules (``Kind.PERIODIC``) count from the last day of the period the information belongs to:

  - "每季度结束后10日内" → ``period=QUARTER, amount=10, unit=DAYS``;
  - "每月10日前" (by the 10th of the next month) → ``period=MONTH, amount=10, unit=DAYS``: 10 calendar
    days after the month's last day *is* the 10th of the next month, for every month (days 1–28 only);
  - "每年3月31日前" / "每年1月31日前" (条例 art. 49–50: annual reports) → ``period=YEAR, due_month=3,
    due_day=31``: the first 31 March *after* the year ends, i.e. in the following year;
  - "每半年" / "每月更换一次" with no deadline → ``amount=None``: due by the period's last day (noted).
  - a part of the year is placed where it says, never at the year's end by default (issue 22): "每年年初"
    → by 31 January (年初 is the first month: ``due_month=1, due_day=31``, the first 31 January after the
    year the record belongs to); "每年一季度" / "第一季度末" → 31 March; "每年上半年" / "二季度" → 30 June;
    "三季度" → 30 September; "每年年底" / "年末" / "下半年" / "四季度" → the year's own last day (the words
    say so: no default noted). "年中", and "月初" / "季初" / "月中" of a month or a quarter, name no day: left
    to a person with the reason. A part of the year without "每年" ("年初公开") is left to a person too: it
    does not say whether it is yearly or once. So are two different parts ("每年年初和年中"), a holiday or a
    session ("每年春节前", "两会后"), and one named quarter or half followed by a span ("第一季度结束后15日内":
    not every quarter). A month without a day ("每年3月公开", "每年6月份") is placed on that month's last
    day, to confirm.

* A notice period ("公告期限为5个工作日", "公示7个工作日") is how long a notice must stay up. It is kept in
  ``display_days``/``display_unit`` and is never the publishing deadline.
* "其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示" is a special limit for part of the
  item: an entry in ``alternatives`` whose ``label`` says which part ("行政许可、行政处罚"). In a compound
  wording ("执法决定信息…7个工作日…，其他相关信息…20个工作日") the general part ("其他…", "除…外…" or the
  unlabelled one) is the main rule; an exception clause ("（…应每月公布一次）") is an alternative, never the
  main rule.
* A bare span ("6个月", "1年") is an update cycle or a notice period, never a deadline from formation: it is
  left to the office (待人工设置). A date without "每年" ("1月31日前", "6月底前") is yearly.
* Every result says how sure it is (``confidence``: high, medium, low) and why (``reason``).
* ``label`` qualifies a rule (the part of the item it covers, or "决策前" for draft decisions published
  before the decision); ``event`` names the concrete event of an ``EVENT`` trigger ("会议结束").

The package: :mod:`.rule` (the value and its JSON form), :mod:`.parse` (wording → rule) and :mod:`.compute`
(rule + event date → due date). Import from the package: ``from catalog.timelimits import TimeLimitRule,
parse_time_limit``.
"""

from .compute import due_for, period_bounds
from .parse import CONFIDENCE_LABELS, HIGH, LOW, MEDIUM, ParseResult, parse_time_limit
from .rule import (
    RULE_FIELDS,
    SCALAR_RULE_FIELDS,
    UNPARSED_RULE,
    Kind,
    Period,
    TimeLimitRule,
    Trigger,
    Unit,
    with_changes,
)

__all__ = [
    "CONFIDENCE_LABELS",
    "HIGH",
    "LOW",
    "MEDIUM",
    "RULE_FIELDS",
    "SCALAR_RULE_FIELDS",
    "UNPARSED_RULE",
    "Kind",
    "ParseResult",
    "Period",
    "TimeLimitRule",
    "Trigger",
    "Unit",
    "due_for",
    "parse_time_limit",
    "period_bounds",
    "with_changes",
]
